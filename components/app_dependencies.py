"""The app's dependencies as wheels for the pinned Lambda runtime, in a cached directory.

MINIMAL STAND-IN written by the app-component stream so the archive code runs in its branch: the
deps stream owns this module and its version replaces this file at merge (same signature, same
``DependencyError``). It installs with ``pip install --target`` for CPython 3.13 on manylinux
aarch64, binary wheels only, into a directory keyed by the requirements' content and the pin.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

from ..handlers.contract import PROJECT_NAME
from .lambda_runtime import LAMBDA_ARCHITECTURE, PYTHON_VERSION

PLATFORM = "manylinux2014_aarch64" if LAMBDA_ARCHITECTURE == "arm64" else "manylinux2014_x86_64"


class DependencyError(ValueError):
    """A requirement that cannot be installed for the Lambda runtime; the message names it."""


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / PROJECT_NAME / "app-dependencies"


def build_dependencies(requirements: Path, *, cache_dir: Path | None = None) -> Path:
    """Install ``requirements`` as wheels for the pinned runtime; return the directory."""
    content = requirements.read_bytes()
    key = hashlib.sha256(content + f"{PYTHON_VERSION}/{PLATFORM}".encode()).hexdigest()[:16]
    target = (cache_dir or default_cache_dir()) / key
    if (target / ".complete").is_file():
        return target
    scratch = target.with_name(f"{key}.partial")
    command = [sys.executable, "-m", "pip", "install", "--quiet", "--no-compile"]
    command += ["--only-binary=:all:", "--implementation", "cp"]
    command += ["--python-version", PYTHON_VERSION, "--platform", PLATFORM]
    command += ["--target", str(scratch), "-r", str(requirements)]
    result = subprocess.run(  # noqa: S603 - our interpreter's pip, the user's requirements file
        command, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        raise DependencyError(lines[-1] if lines else f"pip failed on {requirements}")
    (scratch / ".complete").write_text(key)
    scratch.replace(target)
    return target
