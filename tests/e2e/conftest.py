"""A local runtime per test module, on free ports, with a short health-check interval."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from multi_region_api.local_runtime.plan import RuntimePlan
from multi_region_api.local_runtime.supervisor import LocalRuntime

from tests.e2e.page_browser import chromium_tab
from tests.e2e.runtime_support import ROOT, free_plan

REPO_LOGS = ROOT / ".local-runtime" / "logs"


def _runs() -> set[str]:
    return {p.name for p in REPO_LOGS.iterdir()} if REPO_LOGS.is_dir() else set()


@pytest.fixture(scope="session", autouse=True)
def logs_stay_out_of_the_repository() -> Iterator[None]:
    """Every runtime a test starts logs under a temporary folder, never the repository's."""
    before = _runs()
    yield
    assert _runs() == before, f"a test wrote logs into {REPO_LOGS}"


def running(plan: RuntimePlan, log_dir: Path) -> Iterator[LocalRuntime]:
    """Start, yield, stop, and prove that no child outlived the runtime."""
    runtime = LocalRuntime(plan, log_dir=log_dir)
    with runtime:
        yield runtime
    children = [*runtime.regions.values(), runtime.moto]
    assert all(c is not None and not c.running() for c in children), "a child process survived"


@pytest.fixture(scope="module")
def runtime(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalRuntime]:
    yield from running(free_plan(), tmp_path_factory.mktemp("runtime-logs"))


@pytest.fixture(scope="module")
def page(runtime: LocalRuntime) -> Iterator[Any]:
    """A headless Chromium tab for the module's runtime (the page tests mark themselves with
    ``page_browser.needs_browser``)."""
    with chromium_tab() as tab:
        yield tab
