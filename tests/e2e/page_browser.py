"""Headless Chromium for the page tests and the page benchmark: find it (or install it in CI)."""

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


def missing() -> str | None:
    """Why the browser tests cannot run here, or ``None``. In CI, install what is missing."""
    if os.environ.get("CI") == "true" and not CHROMIUM.exists() and shutil.which("apt-get"):
        subprocess.run(  # fixed arguments; CI runs as root on its image
            ["apt-get", "install", "-y", "--no-install-recommends", "chromium"],  # noqa: S607
            check=True,
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        )
    if CHROMIUM.exists() and importlib.util.find_spec("playwright") is not None:
        return None
    return INSTALL_HINT
