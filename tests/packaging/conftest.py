"""Build the wheel once and install it into a fresh virtualenv outside the repository.

No network: the wheel is built with the dev venv's setuptools (`--no-isolation`) from a copy of the
working tree's files (so concurrent test runs never share a `build/` directory), and the consumer
venv gets its third-party dependencies (pulumi, pulumi-aws, ...) by a `.pth` line pointing at the
dev venv's site-packages. That line is written *after* the wheel is installed, so pip never sees the
dev venv's editable install of this project, and a `.pth` path entry does not run the editable
finder that lives there: the only `components`/`handlers` the consumer can import are the wheel's.
"""

from __future__ import annotations

import shutil
import sys
import sysconfig
from pathlib import Path
from typing import Any

import pytest

from tests.build_once import built_once, content_key
from tests.packaging.support import REPO, ConsumerVenv, run, working_tree_files


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Once per run for every xdist worker (``tests/build_once.py``)."""
    files = working_tree_files()

    def build(dist: Path) -> dict[str, Any]:
        source = tmp_path_factory.mktemp("source")
        for relative in files:
            (source / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / relative, source / relative)
        run(sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", dist, source)
        return {}

    key = content_key(REPO, files, sys.executable)
    dist, _ = built_once(tmp_path_factory, "wheel", key, build)
    (built,) = dist.glob("multi_region_api-*.whl")
    return built


@pytest.fixture(scope="session")
def consumer_venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> ConsumerVenv:
    root = tmp_path_factory.mktemp("consumer-venv") / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", root)
    python = root / "bin" / "python"
    run(sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--quiet", wheel)
    site_packages = Path(
        run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))").stdout.strip()
    )
    dev_site = sysconfig.get_path("purelib")
    (site_packages / "zz_dev_dependencies.pth").write_text(f"{dev_site}\n")
    return ConsumerVenv(python=python, site_packages=site_packages)
