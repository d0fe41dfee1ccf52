"""Time to build an app's dependencies for the runtime: one wheel, cold and cached (needs PyPI).

Cold is a fresh builder cache (pip's resolution, download and install; pip's own HTTP cache stays
as the machine has it, as on a deployer's machine after the first day); cached is the same inputs
again, which must do no pip work. The cached build is reported against the cold one.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from multi_region_api.components.app_dependencies import build_dependencies

from bench.result import Result, median_seconds

REQUIREMENTS = "msgpack==1.1.1\n"  # one cp313 manylinux aarch64 wheel, no dependencies
REPEAT_COLD = 3
REPEAT_CACHED = 20
CACHED_TARGET = 0.01  # a hit reads a file and checks a directory: under 1 % of a pip run


def run() -> list[Result]:
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        requirements = root / "requirements.txt"
        requirements.write_text(REQUIREMENTS)
        caches = iter(root / f"cache-{n}" for n in range(REPEAT_COLD))
        cold = median_seconds(
            lambda: build_dependencies(requirements, cache_dir=next(caches)), REPEAT_COLD
        )
        cached = median_seconds(
            lambda: build_dependencies(requirements, cache_dir=root / "cache-0"), REPEAT_CACHED
        )
    return [
        Result("dependencies, 1 wheel, cold", cold, "s"),
        Result(
            "dependencies, 1 wheel, cached",
            cached,
            "s",
            baseline=cold,
            baseline_name="cold",
            target_ratio=CACHED_TARGET,
        ),
    ]
