"""The global endpoint with Global Accelerator: endpoint groups by preference, ALB health checks.

Runs the ``alb`` stack with ``globalAccelerator`` on. Failing the home region (its /health answers
503, which an ALB target group's matcher of 200 rejects) moves traffic to the next endpoint group
within the target group's threshold x interval; restoring it moves traffic back. Uses ``/hello``,
which needs no client address, so it runs whatever the dispatcher's ALB support.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterator

import pytest
import requests
from multi_region_api.handlers.contract import FrontDoor
from multi_region_api.local_runtime.accelerator_router import alb_threshold
from multi_region_api.local_runtime.global_router import SERVED_REGION_HEADER
from multi_region_api.local_runtime.supervisor import LocalRuntime

from tests.e2e.conftest import running
from tests.e2e.runtime_support import free_plan

HOME, OTHER = "us-east-1", "us-west-2"


@pytest.fixture(scope="module")
def accelerated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalRuntime]:
    plan = free_plan()
    settings = dataclasses.replace(plan.settings, front_door=FrontDoor.ALB, global_accelerator=True)
    yield from running(dataclasses.replace(plan, settings=settings), tmp_path_factory.mktemp("ga"))


def served_by(runtime: LocalRuntime) -> str | None:
    answer = requests.get(f"{runtime.plan.global_url}/hello", timeout=5)
    return answer.headers.get(SERVED_REGION_HEADER) if answer.status_code == 200 else None


def until_served_by(runtime: LocalRuntime, region: str) -> float:
    plan = runtime.plan
    # The target group's worst case (its threshold x interval) plus a probe and scheduling slack.
    bound = plan.interval_seconds * (alb_threshold(plan.failure_threshold) + 1) + 2.0
    started = time.monotonic()
    while time.monotonic() - started < bound:
        if served_by(runtime) == region:
            return time.monotonic() - started
        time.sleep(0.05)
    raise AssertionError(f"{region} did not take over within {bound:.1f} s")


def admin(runtime: LocalRuntime, region: str, action: str) -> None:
    answer = requests.post(
        f"{runtime.plan.global_url}/_local/regions/{region}/{action}", json={}, timeout=30
    )
    assert answer.status_code == 200, answer.text


def test_the_nearest_endpoint_group_serves_and_fails_over(accelerated: LocalRuntime) -> None:
    assert [served_by(accelerated) for _ in range(3)] == [HOME] * 3
    admin(accelerated, HOME, "fail")
    until_served_by(accelerated, OTHER)
    assert [served_by(accelerated) for _ in range(3)] == [OTHER] * 3
    admin(accelerated, HOME, "restore")
    until_served_by(accelerated, HOME)


def test_fail_open_when_every_endpoint_group_is_unhealthy(accelerated: LocalRuntime) -> None:
    for region in (HOME, OTHER):
        admin(accelerated, region, "fail")
    try:
        plan = accelerated.plan
        time.sleep(plan.interval_seconds * (alb_threshold(plan.failure_threshold) + 1) + 1.0)
        status = requests.get(f"{plan.global_url}/_local/status", timeout=5).json()
        assert not any(status["regions"][r]["healthy"] for r in (HOME, OTHER))
        # Every group unhealthy: traffic goes on to the nearest (which answers, failing /health
        # only), as Global Accelerator routes to all endpoints when none is healthy.
        assert served_by(accelerated) == HOME
    finally:
        for region in (HOME, OTHER):
            admin(accelerated, region, "restore")
    until_served_by(accelerated, HOME)
