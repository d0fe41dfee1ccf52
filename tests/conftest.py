"""Fixtures that more than one tier uses, and which tests a parallel run keeps together on one
xdist worker.

``make test`` runs pytest with ``-n WORKERS --dist loadgroup``: every test is a unit of work of its
own, except those of a group, which run one after another on one worker. Each worker is a session
of its own, so a module- or session-scoped fixture is set up again in every worker that runs one of
its tests; the tests below that share an expensive one are kept together. Builds that several tiers
share (the wheel, the user project's venv) are built once per run by ``tests/build_once.py``.

The groups are read from the test's path by the scheduler itself, not from ``xdist_group`` marks:
xdist 3.8 tells the scheduler a mark's group by rewriting the test's node id, which pytest 9.2's
structured ids ignore, so marked tests are spread over the workers without a word
(pytest-dev/pytest-xdist#1386).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.build_once import built_once, content_key
from tests.packaging.support import REPO, run, working_tree_files

GROUPS: dict[str, str] = {
    # Tests that assert a latency or a failover window: one at a time, so they never compete
    # with each other for the CPU (the other workers run tests that mostly wait).
    "tests/e2e/test_soak.py": "timing",
    "tests/e2e/test_failover_drill.py": "timing",
    "tests/e2e/test_accelerator_failover.py": "timing",
    "tests/e2e/test_page_browser.py": "timing",
    # The configuration matrix builds its 169 graphs once per process (in a fork pool of its own).
    "tests/matrix/": "matrix",
    # One moto server and one Lambda container per configuration for the whole tier.
    "tests/parity/": "parity",
    # Session-scoped probes of the user's project (its graph, its archive on the Lambda runtime).
    "tests/user_project/test_user_project.py": "user-project",
}
"""Path (a file, or a folder ending in ``/``) -> group, the first match wins."""

BY_MODULE = (
    "tests/e2e/",  # a local runtime per module
    "tests/integration/components/test_app_dependencies.py",  # one pip build of the app
    "tests/integration/handlers/test_exactly_once.py",
    "tests/integration/ops/test_tls_probe.py",
    "tests/packaging/test_consumer.py",
)
"""Paths whose modules each keep to one worker: their module-scoped fixtures start servers."""


def xdist_group(path: str) -> str | None:
    """The group of the test module at ``path`` (relative to the repository), if any."""
    for prefix, group in GROUPS.items():
        if path == prefix or (prefix.endswith("/") and path.startswith(prefix)):
            return group
    if any(path == p or (p.endswith("/") and path.startswith(p)) for p in BY_MODULE):
        return path
    return None


@pytest.hookimpl(optionalhook=True, tryfirst=True)  # before xdist's own choice of scheduler
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """Under ``--dist loadgroup``, a test's group is the one its path has here, else the one
    xdist finds (its own test, or an ``xdist_group`` mark where that works)."""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadGroupScheduling

    class PathGroups(LoadGroupScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return xdist_group(nodeid.split("::", 1)[0]) or super()._split_scope(nodeid)

    return PathGroups(config, log)


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This package's wheel for the packaging and user-project tiers, built once a run for every
    xdist worker (``tests/build_once.py``): with the dev venv's setuptools (``--no-isolation``, no
    network) from a copy of the working tree's files, so concurrent test runs never share a
    ``build/`` directory."""
    files = working_tree_files()

    def build(dist: Path) -> dict[str, Any]:
        source = tmp_path_factory.mktemp("wheel-source")
        for relative in files:
            (source / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / relative, source / relative)
        run(sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", dist, source)
        return {}

    dist, _ = built_once(tmp_path_factory, "wheel", content_key(REPO, files, sys.executable), build)
    (built,) = dist.glob("multi_region_api-*.whl")
    return built
