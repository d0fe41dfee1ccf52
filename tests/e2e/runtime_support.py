"""Helpers shared by the end-to-end tests: free ports, a bounded wait."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from multi_region_api.local_runtime.plan import RuntimePlan, load_plan
from multi_region_api.local_runtime.ports import free_block

ROOT = Path(__file__).resolve().parents[2]
TEST_SCALE = 0.05
"""30 s checks every 1.5 s: a failover within 3 x 1.5 s instead of 90 s."""


def free_plan(stack: str = "us", scale: float = TEST_SCALE) -> RuntimePlan:
    """A plan on a block of ports that is free right now."""
    return free_block(lambda port: load_plan(stack, port=port, scale=scale, project_dir=ROOT))


def wait_until(check: Callable[[], bool], timeout: float, step: float = 0.05) -> bool:
    """Poll ``check`` until it holds or ``timeout`` seconds pass."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(step)
    return check()
