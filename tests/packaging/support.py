"""Helpers shared by the packaging tests and their fixtures."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class ConsumerVenv:
    python: Path
    site_packages: Path


def run(
    *args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(  # noqa: S603 - our interpreter and our own paths
        [str(a) for a in args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, f"{args} failed:\n{result.stdout}\n{result.stderr}"
    return result


def working_tree_files() -> list[Path]:
    """What `pip install git+<repo>` would see, plus new files not committed yet."""
    listed = run(
        "git", "ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=REPO
    ).stdout.split("\0")
    return [Path(p) for p in listed if p and (REPO / p).is_file()]


def make_rule(target: str) -> tuple[str, list[str]]:
    """A Makefile rule: its prerequisites and its commands (the tab-indented lines)."""
    text = (REPO / "Makefile").read_text()
    match = re.search(rf"^{re.escape(target)}:(.*)\n((?:\t.*\n)*)", text, re.M)
    assert match, target
    return match.group(1).strip(), [line.strip() for line in match.group(2).splitlines()]
