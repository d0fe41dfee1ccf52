"""The loopback admin API on the global endpoint (``/_local/...``).

``GET /_local/status`` reports regions, health, whether each region is in rotation and why not
(``rotation``), the region the global endpoint prefers now and replication lag;
``POST /_local/regions/{region}/{action}`` runs a drill action: ``fail`` and ``restore`` flip the
region's ``FORCE_FAIL`` (its ``/health`` answers 503, exactly like the IaC drill), ``kill``
SIGKILLs the region process and ``start`` starts it again.

The global endpoint binds 127.0.0.1 only, but a web page the developer visits runs on this
machine too: it can send a "simple" cross-origin POST (``text/plain``, no preflight) or reach us
through DNS rebinding under a foreign ``Host``. So every admin request must name our own host
and port in ``Host``, carry no foreign ``Origin``, and a POST must be ``application/json`` (which
a browser only sends cross-origin after a CORS preflight we never grant).
"""

from __future__ import annotations

from collections.abc import Mapping
from http import HTTPStatus
from typing import Any, Literal, Protocol

from multi_region_api.local_runtime.health_prober import HealthState

PREFIX = "/_local"
STATUS_PATH = f"{PREFIX}/status"
"""The router's view; the page reads it too (``ROUTER_STATUS`` in the example's ``app.js``)."""
ACTIONS = ("fail", "restore", "kill", "start")

OutOfRotation = Literal["drill", "health", "drained"]
WHY: dict[OutOfRotation, str] = {
    "drill": "failed by a drill",
    "health": "health failing",
    "drained": "drained",
}


class AdminError(Exception):
    """A refused admin request, answered as the API's JSON error shape."""

    def __init__(self, status: HTTPStatus, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code


class Control(Protocol):
    def status(self) -> dict[str, Any]: ...

    def region_action(self, region: str, action: str) -> dict[str, Any]: ...


def rotation(
    probe: HealthState, *, force_fail: bool, dynamodb_up: bool, drained: str | None
) -> dict[str, Any]:
    """What the global endpoint believes about one region: in rotation or not, why not (a key of
    ``WHY`` and its words) and the evidence. A region whose ``/hello`` still answers can be out
    (a drill, a failing deep check, a zero weight): the page shows this, not its own probe."""
    threshold = probe.failure_threshold
    if not dynamodb_up:
        return _rotation("health", "DynamoDB (moto) is down")
    if not probe.healthy:
        last = f"last check: {probe.last_result}"
        if force_fail:
            return _rotation("drill", f"FORCE_FAIL is set; {last}")
        if probe.consecutive_successes:
            passed = probe.consecutive_successes
            return _rotation("health", f"{passed} of {threshold} checks passed to come back")
        return _rotation("health", f"{probe.consecutive_failures} checks failed; {last}")
    if drained:
        return _rotation("drained", drained)
    detail = None
    if probe.consecutive_failures:
        failed = f"{probe.consecutive_failures} of {threshold} checks failed"
        cause = "FORCE_FAIL is set" if force_fail else f"last check: {probe.last_result}"
        detail = f"{failed} ({cause}); out of rotation at {threshold}"
    return {"inRotation": True, "reason": None, "why": None, "detail": detail}


def _rotation(reason: OutOfRotation, detail: str) -> dict[str, Any]:
    return {"inRotation": False, "reason": reason, "why": WHY[reason], "detail": detail}


def allowed_hosts(port: int) -> frozenset[str]:
    return frozenset(f"{host}:{port}" for host in ("127.0.0.1", "localhost"))


def refusal(
    method: str, headers: Mapping[str, str], port: int
) -> tuple[int, dict[str, Any]] | None:
    """Why a request may not reach the admin API (HTTP status, JSON body); None if it may."""
    hosts = allowed_hosts(port)
    host = (headers.get("Host") or "").strip().lower()
    if host not in hosts:
        return _refused(
            HTTPStatus.FORBIDDEN, "foreign_host", f"Host must be one of {sorted(hosts)}"
        )
    origin = headers.get("Origin")
    if origin is not None and origin.strip().lower() not in {f"http://{h}" for h in hosts}:
        return _refused(
            HTTPStatus.FORBIDDEN, "foreign_origin", "cross-origin admin requests are refused"
        )
    media_type = (headers.get("Content-Type") or "").split(";", 1)[0].strip().lower()
    if method == "POST" and media_type != "application/json":
        return _refused(
            HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "admin POSTs need Content-Type: application/json",
        )
    return None


def _refused(status: HTTPStatus, code: str, message: str) -> tuple[int, dict[str, Any]]:
    return status, {"error": code, "message": message}


def is_admin_path(path: str) -> bool:
    return path == PREFIX or path.startswith(f"{PREFIX}/")


def handle(method: str, path: str, control: Control) -> tuple[int, dict[str, Any]]:
    """Answer one admin request: (HTTP status, JSON body)."""
    parts = path.split("?", 1)[0].rstrip("/").split("/")[2:]  # after "", "_local"
    try:
        if parts == ["status"]:
            _require(method, "GET")
            return HTTPStatus.OK, control.status()
        if len(parts) == 3 and parts[0] == "regions" and parts[2] in ACTIONS:
            _require(method, "POST")
            return HTTPStatus.OK, control.region_action(parts[1], parts[2])
        raise AdminError(
            HTTPStatus.NOT_FOUND,
            "not_found",
            f"no admin route {path}; have GET {PREFIX}/status and "
            f"POST {PREFIX}/regions/{{region}}/{{{'|'.join(ACTIONS)}}}",
        )
    except AdminError as exc:
        return exc.status, {"error": exc.code, "message": str(exc)}


def _require(method: str, allowed: str) -> None:
    if method != allowed:
        raise AdminError(
            HTTPStatus.METHOD_NOT_ALLOWED, "method_not_allowed", f"use {allowed} for this route"
        )
