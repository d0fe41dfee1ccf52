"""The platform's hot path, ``GET /health``, answered by the dispatcher without a resolver.

Route 53 asks every region every few seconds from several checkers, so the first request a new
container gets is usually one of those, and most requests a quiet region gets are. The dispatcher
has already read the method and path to tell a ``GET /health`` from the rest, so routing it again
through a resolver (its event wrapper, route match, ``Response`` object and serializer) would be
most of a warm call's cost; the answer is a fixed JSON document built here. Nothing the resolver
would check is skipped: the one input, an optional query-string value, is type-checked by the
front-door guard, and ``query_value`` reads it as Powertools does.

Whether the application loads is part of the answer: an app whose import fails must not pass
Route 53's checks while its routes answer 500. A container's first ``/health`` answers without
loading it (the cold start Route 53 sees stays the platform's); the next one loads it if no
request has, and answers 503 ``application`` while it does not load.

The application resolver still documents ``/health`` (``routes/health.py``), so
``/openapi.json`` and a ``POST /health`` (405) answer as before. Only Route 53 calls
``/health``, server to server: its answers carry no CORS headers.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from multi_region_api.runtime.errors import Forbidden

from . import contract, front_door
from .config import Config
from .errors import ApiError
from .logic import health

NO_STORE = {"Cache-Control": "no-store"}
APPLICATION_FAILED = "application"
"""The ``reason`` of a 503 ``/health`` whose application does not load."""


def serves(method: str, path: str, config: Config) -> bool:
    """Whether a request (``front_door.method_and_path``) is a ``GET /health`` for this function."""
    return method == "GET" and path.rstrip("/") == config.base_path + contract.HEALTH_PATH


def health_result(
    config: Config,
    checker_id: str | None,
    event: Mapping[str, Any],
    *,
    application_loads: bool = True,
) -> health.Health:
    """The ``/health`` result; ``Forbidden`` without the secret (unless ``event`` is the ALB
    target group's own check)."""
    health.authorize(config, checker_id, event)
    if not application_loads:
        return health.Health(
            status="fail", region=config.region, check="shallow", reason=APPLICATION_FAILED
        )
    return health.check(config)


def answer(
    event: dict[str, Any], config: Config, *, application_loads: bool = True
) -> dict[str, Any]:
    """The proxy result of a ``GET /health`` (``serves``) in the front door's format."""
    door = config.front_door
    checker_id = front_door.query_value(event, door, contract.HEALTH_SECRET_PARAM)
    try:
        result = health_result(config, checker_id, event, application_loads=application_loads)
    except Forbidden as refused:
        return front_door.proxy_response(ApiError(403, "forbidden", str(refused)), door, event)
    status = 200 if result.status == "ok" else 503
    return front_door.json_response(status, result.body(), door, event, NO_STORE)
