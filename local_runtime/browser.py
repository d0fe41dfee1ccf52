"""Headless Chromium to drive the page the local runtime serves: found here (or installed in CI)
for the page tests (``tests/e2e``) and the page benchmark (``bench/``), which share it."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
INSTALL_HINT = "needs Debian's chromium and the playwright package: apt-get install -y chromium; "
INSTALL_HINT += "pip install -e '.[dev]'"


def in_ci() -> bool:
    return os.environ.get("CI") == "true"


def missing() -> str | None:
    """Why the browser tests cannot run here, or ``None``. In CI, install what is missing."""
    if in_ci() and not CHROMIUM.exists() and shutil.which("apt-get"):
        sudo = ["sudo", "-n"] if os.geteuid() != 0 and shutil.which("sudo") else []
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        for command in (["update"], ["install", "-y", "--no-install-recommends", "chromium"]):
            subprocess.run([*sudo, "apt-get", *command], check=True, env=env)  # noqa: S603
    if CHROMIUM.exists() and importlib.util.find_spec("playwright") is not None:
        return None
    return INSTALL_HINT
