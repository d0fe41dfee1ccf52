"""Run every ``bench/bench_*.py`` module (or those named on the command line) and print a table.

Each module exposes ``run() -> list[Result]``. Results that compare against a baseline measured in
the same run carry it, so the table shows ratios, which survive a noisy machine better than
absolute times. The whole run is also written to ``bench/results/latest.json``.
"""

from __future__ import annotations

import argparse
import importlib
import json
import pkgutil
import sys
from dataclasses import asdict
from pathlib import Path

from bench.result import Result

RESULTS = Path(__file__).parent / "results" / "latest.json"


def _modules(selected: list[str]) -> list[str]:
    found = sorted(
        m.name
        for m in pkgutil.iter_modules([str(Path(__file__).parent)])
        if m.name.startswith("bench_")
    )
    if not selected:
        return found
    unknown = [s for s in selected if f"bench_{s}" not in found and s not in found]
    if unknown:
        sys.exit(f"bench: no benchmark named {unknown[0]!r}; have {', '.join(found)}")
    return [s if s in found else f"bench_{s}" for s in selected]


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("names", nargs="*", help="benchmarks to run, e.g. graph handler local")
    names = _modules(parser.parse_args().names)
    results: list[Result] = []
    for name in names:
        print(f"== {name}", flush=True)
        module = importlib.import_module(f"bench.{name}")
        for result in module.run():
            print(f"  {result}", flush=True)
            results.append(result)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps([asdict(r) for r in results], indent=2))
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
