"""Fixtures that more than one tier uses."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from tests.packaging.support import REPO, run, working_tree_files


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This package's wheel, built once a session for the packaging and user-project tiers: with
    the dev venv's setuptools (``--no-isolation``, no network) from a copy of the working tree's
    files, so concurrent test runs never share a ``build/`` directory."""
    source = tmp_path_factory.mktemp("wheel-source")
    for relative in working_tree_files():
        (source / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / relative, source / relative)
    dist = tmp_path_factory.mktemp("wheel-dist")
    run(sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", dist, source)
    (built,) = dist.glob("multi_region_api-*.whl")
    return built
