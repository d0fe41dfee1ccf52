"""Route 53 health semantics, the routing choice and the admin API's dispatch (no server)."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from multi_region_api.local_runtime import admin
from multi_region_api.local_runtime.admin import AdminError
from multi_region_api.local_runtime.global_router import choose_region
from multi_region_api.local_runtime.health_prober import HealthState


def test_unhealthy_after_threshold_failures_and_healthy_after_as_many_successes() -> None:
    state = HealthState(failure_threshold=3)
    assert [state.record(False, "HTTP 503", t) for t in range(3)] == [False, False, True]
    assert not state.healthy
    assert state.changed_at == 2
    assert [state.record(ok, "", 0) for ok in (True, True, False, True, True)] == [False] * 5
    assert not state.healthy  # a failure in between resets the successes
    assert state.record(True, "HTTP 200", 9)
    assert state.healthy


def test_first_healthy_region_in_preference_wins_and_none_healthy_fails_open() -> None:
    order = ("us-east-1", "us-west-2", "eu-west-1")
    assert choose_region(order, lambda r: r != "us-east-1") == "us-west-2"
    assert choose_region(order, lambda r: True) == "us-east-1"
    assert choose_region(order, lambda r: False) == "us-east-1"


class _Control:
    def __init__(self) -> None:
        self.actions: list[tuple[str, str]] = []

    def status(self) -> dict[str, Any]:
        return {"ok": True}

    def region_action(self, region: str, action: str) -> dict[str, Any]:
        if region != "us-east-1":
            raise AdminError(HTTPStatus.NOT_FOUND, "unknown_region", region)
        self.actions.append((region, action))
        return {"region": region}


def test_admin_routes_methods_and_errors() -> None:
    control = _Control()
    assert admin.handle("GET", "/_local/status", control) == (200, {"ok": True})
    assert admin.handle("POST", "/_local/regions/us-east-1/fail", control)[0] == 200
    assert control.actions == [("us-east-1", "fail")]
    assert admin.handle("GET", "/_local/regions/us-east-1/fail", control)[0] == 405
    assert admin.handle("POST", "/_local/status", control)[0] == 405
    assert admin.handle("POST", "/_local/regions/us-east-1/explode", control)[0] == 404
    status, body = admin.handle("POST", "/_local/regions/mars-1/kill", control)
    assert (status, body["error"]) == (404, "unknown_region")
    assert admin.is_admin_path("/_local/status")
    assert not admin.is_admin_path("/_localx")
