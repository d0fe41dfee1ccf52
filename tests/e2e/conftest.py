"""A local runtime per test module, on free ports, with a short health-check interval."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from multi_region_api.local_runtime.plan import RuntimePlan
from multi_region_api.local_runtime.supervisor import LocalRuntime

from tests.e2e.runtime_support import free_plan


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
