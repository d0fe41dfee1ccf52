"""The classic failover drill, automated, over HTTP through the global endpoint, per front door.

Hits are counted in the home region; the home region is failed (its /health answers 503, the
drill switch) or its process killed; within interval x threshold (+ slack) the global endpoint
serves from the other region and the counter continues without a lost hit; after the restore it
fails back and the counter still continues.
"""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Iterator

import pytest
import requests
from multi_region_api.components.args import RoutingSettings
from multi_region_api.handlers.contract import FrontDoor
from multi_region_api.local_runtime.global_router import SERVED_REGION_HEADER
from multi_region_api.local_runtime.plan import RuntimePlan
from multi_region_api.local_runtime.routing_policy import CLIENT_LOCATION_HEADER, policy_for
from multi_region_api.local_runtime.supervisor import LocalRuntime

from tests.e2e.conftest import running
from tests.e2e.runtime_support import free_plan, wait_until

HOME, OTHER = "us-east-1", "us-west-2"
HITS_PER_PHASE = 5
FRONT_DOORS = {
    "rest": (FrontDoor.REST, False),
    "http": (FrontDoor.HTTP, False),
    "alb": (FrontDoor.ALB, False),
    "alb-ga": (FrontDoor.ALB, True),
}


def front_door_plan(door: str) -> RuntimePlan:
    plan = free_plan()
    kind, accelerated = FRONT_DOORS[door]
    settings = dataclasses.replace(plan.settings, front_door=kind, global_accelerator=accelerated)
    return dataclasses.replace(plan, settings=settings)


@pytest.fixture(scope="module", params=list(FRONT_DOORS))
def runtime(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LocalRuntime]:
    """The stack with each front door in turn: its event shape, and with Global Accelerator
    its routing (ALB-style health checks, endpoint groups in preference order)."""
    for runtime in running(front_door_plan(request.param), tmp_path_factory.mktemp("drill-logs")):
        answer = requests.get(f"{runtime.plan.region_urls[HOME]}/hits", timeout=10)
        assert answer.status_code == 200, answer.text
        yield runtime


class Drill:
    """A client of the global endpoint that keeps count of the hits it saw succeed."""

    def __init__(self, runtime: LocalRuntime) -> None:
        self.url = runtime.plan.global_url
        self.admin = f"{self.url}/_local/regions"
        plan = runtime.plan
        # Route 53 worst case (threshold x interval) plus a probe's timeout and scheduling slack.
        self.bound = plan.interval_seconds * (plan.failure_threshold + 1) + 2.0
        self.session = requests.Session()
        self.start = self.total()
        self.ok = 0

    def total(self) -> int:
        answer = self.session.get(f"{self.url}/hits", timeout=5)
        assert answer.status_code == 200, answer.text
        return int(answer.json()["total"])

    def hit(self, location: str = "") -> str | None:
        """One hit; the region that served it, None if the request failed."""
        headers = {CLIENT_LOCATION_HEADER: location} if location else {}
        answer = self.session.post(f"{self.url}/hits", timeout=5, headers=headers)
        if answer.status_code != 200:
            return None
        self.ok += 1
        return answer.headers[SERVED_REGION_HEADER]

    def hits_served_by(self, region: str) -> None:
        assert [self.hit() for _ in range(HITS_PER_PHASE)] == [region] * HITS_PER_PHASE

    def until_served_by(self, region: str) -> float:
        """Hit until ``region`` serves; the seconds it took (bounded by the model)."""
        started = time.monotonic()
        while time.monotonic() - started < self.bound:
            if self.hit() == region:
                return time.monotonic() - started
            time.sleep(0.05)
        raise AssertionError(f"{region} did not take over within {self.bound:.1f} s")

    def served_by(self, regions: set[str], hits: int = 2 * HITS_PER_PHASE) -> None:
        """``hits`` hits, all answered, by exactly ``regions`` between them."""
        assert {self.hit() for _ in range(hits)} == regions

    def healthy(self, region: str) -> bool:
        status = self.session.get(f"{self.url}/_local/status", timeout=5).json()
        return bool(status["regions"][region]["healthy"])

    def until_health(self, region: str, healthy: bool) -> float:
        """Keep hitting (every hit answered) until the runtime's health check calls ``region``
        ``healthy``; the seconds that took."""
        started = time.monotonic()
        while time.monotonic() - started < self.bound:
            assert self.hit() is not None
            if self.healthy(region) == healthy:
                return time.monotonic() - started
            time.sleep(0.02)
        raise AssertionError(f"{region} not healthy={healthy} within {self.bound:.1f} s")

    def counter_continues(self) -> None:
        expected = self.start + self.ok
        assert wait_until(lambda: self.total() == expected, timeout=5), (self.total(), expected)

    def post(self, region: str, action: str) -> None:
        answer = self.session.post(f"{self.admin}/{region}/{action}", json={}, timeout=30)
        assert answer.status_code == 200, answer.text


def test_fail_and_restore_the_home_region(runtime: LocalRuntime) -> None:
    drill = Drill(runtime)
    drill.hits_served_by(HOME)
    drill.post(HOME, "fail")
    health = f"{runtime.plan.region_urls[HOME]}{runtime.plan.health_path}"
    assert requests.get(health, timeout=5).status_code == 503  # the handler's own switch
    drill.until_served_by(OTHER)
    drill.hits_served_by(OTHER)
    drill.counter_continues()

    drill.post(HOME, "restore")
    drill.until_served_by(HOME)
    drill.hits_served_by(HOME)
    drill.counter_continues()


def test_kill_and_restart_the_home_region_process(runtime: LocalRuntime) -> None:
    drill = Drill(runtime)
    drill.hits_served_by(HOME)
    drill.post(HOME, "kill")
    drill.until_served_by(OTHER)  # hits in between fail (502): DNS still points at HOME
    drill.hits_served_by(OTHER)
    drill.counter_continues()
    status = requests.get(f"{runtime.plan.global_url}/_local/status", timeout=5).json()
    assert status["regions"][HOME]["process"] == "killed"
    assert status["regions"][HOME]["healthy"] is False
    assert status["regions"][HOME]["rotation"]["why"] == "health failing"
    assert status["preferredRegion"] == OTHER

    drill.post(HOME, "start")
    drill.until_served_by(HOME)
    drill.hits_served_by(HOME)
    drill.counter_continues()


def test_the_drill_switch_loses_no_request_under_load(runtime: LocalRuntime) -> None:
    """Replacing the region process (fail, restore) under load: every request gets its 200."""
    drill = Drill(runtime)
    stop = threading.Event()
    statuses: list[int] = []

    def load() -> None:
        session = requests.Session()
        while not stop.is_set():
            statuses.append(session.post(f"{drill.url}/hits", timeout=10).status_code)

    workers = [threading.Thread(target=load) for _ in range(4)]
    for worker in workers:
        worker.start()
    try:
        for action in ("fail", "restore") * 2:
            time.sleep(0.3)
            drill.post(HOME, action)
        time.sleep(0.3)
    finally:
        stop.set()
        for worker in workers:
            worker.join(timeout=15)
    assert len(statuses) > 20
    assert set(statuses) == {200}
    drill.ok = len(statuses)
    drill.counter_continues()
    drill.until_served_by(HOME)  # leave the module's runtime as it found it


# latency is the stack's own policy: the tests above drill it.
POLICIES = {
    "failover": RoutingSettings(policy="failover", primary_region=HOME),
    "weighted": RoutingSettings(policy="weighted", weights={HOME: 1, OTHER: 1}),
    "geolocation": RoutingSettings(
        policy="geolocation", locations={OTHER: ("EU",)}, default_region=HOME
    ),
}
SERVING_WHEN_HEALTHY = {
    "failover": {HOME},
    "weighted": {HOME, OTHER},
    "geolocation": {HOME},  # a client without a location gets the * record: the default region
}


@pytest.fixture(params=list(POLICIES))
def policy(runtime: LocalRuntime, request: pytest.FixtureRequest) -> Iterator[str]:
    """The module's runtime routing by ``request.param`` (the router's policy, swapped back after),
    built from the stack's settings the way the supervisor builds it."""
    assert runtime.router is not None
    if runtime.router.chooser is not None:
        pytest.skip("with Global Accelerator the shared name is the accelerator: no DNS policy")
    if runtime.plan.settings.front_door is not FrontDoor.REST:
        pytest.skip("policies are drilled once, behind the REST door: routing ignores the shape")
    saved = runtime.router.policy
    settings = dataclasses.replace(runtime.plan.settings, routing=POLICIES[request.param])
    runtime.router.policy = policy_for(settings, runtime.plan.preference)
    yield request.param
    runtime.router.policy = saved


def test_every_policy_fails_the_home_region_out_and_back_without_losing_a_hit(
    runtime: LocalRuntime, policy: str
) -> None:
    drill = Drill(runtime)
    drill.served_by(SERVING_WHEN_HEALTHY[policy])
    if policy == "geolocation":
        assert {drill.hit("DE,EU") for _ in range(HITS_PER_PHASE)} == {OTHER}
    drill.post(HOME, "fail")
    drill.until_health(HOME, healthy=False)
    drill.served_by({OTHER})
    drill.counter_continues()

    drill.post(HOME, "restore")
    drill.until_health(HOME, healthy=True)
    drill.served_by(SERVING_WHEN_HEALTHY[policy])
    drill.counter_continues()
