"""Events of the three front doors from the project's one event factory (no fixture files).

An ALB target group sends ``multiValueHeaders`` only when it enables them, so the ALB comes in
both header views. ``ShapedApi`` invokes the handler with one of them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from multi_region_api.handlers import contract
from multi_region_api.handlers.contract import FrontDoor
from multi_region_api.local_runtime.events import http_event

from tests.integration.handlers.support import BASE_PATH, Api, Reply

CLIENT_IP = "192.0.2.10"

EventBuilder = Callable[..., dict[str, Any]]


def _factory(shape: FrontDoor) -> EventBuilder:
    """The project's event factory (``local_runtime/events.py``) for ``shape``."""

    def build(
        method: str,
        path: str,
        *,
        body: str | None = None,
        query: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        return http_event(
            method, path, shape=shape, query=query, headers=headers, body=body, source_ip=CLIENT_IP
        )

    return build


def alb(method: str, path: str, **kwargs: Any) -> dict[str, Any]:
    """A target group without multi-value headers: the single-value views of the same event."""
    event = _factory(FrontDoor.ALB)(method, path, **kwargs)
    event["headers"] = {k: v[-1] for k, v in event.pop("multiValueHeaders").items()}
    queries = event.pop("multiValueQueryStringParameters")
    event["queryStringParameters"] = {k: v[-1] for k, v in queries.items()}
    return event


# Event variants per front door: the ALB sends either header view, depending on its target group.
BUILDERS: dict[str, tuple[FrontDoor, EventBuilder]] = {
    "rest": (FrontDoor.REST, _factory(FrontDoor.REST)),
    "http": (FrontDoor.HTTP, _factory(FrontDoor.HTTP)),
    "alb": (FrontDoor.ALB, alb),
    "alb-multi-value": (FrontDoor.ALB, _factory(FrontDoor.ALB)),
}


class ShapedApi(Api):
    """``Api`` whose events are those of one front door, with ``FRONT_DOOR`` set to match."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, variant: str) -> None:
        self.door, self.build = BUILDERS[variant]
        super().__init__(monkeypatch, **{contract.ENV_FRONT_DOOR: self.door.value})

    def event(self, method: str, path: str, json_body: Any = None, **kwargs: Any) -> dict[str, Any]:
        if json_body is not None:
            kwargs["body"] = json.dumps(json_body)
            kwargs["headers"] = {"Content-Type": "application/json", **kwargs.get("headers", {})}
        return self.build(method, f"/{BASE_PATH}{path}", **kwargs)

    def call(self, method: str, path: str, json_body: Any = None, **kwargs: Any) -> Reply:
        return self.send(self.event(method, path, json_body, **kwargs))
