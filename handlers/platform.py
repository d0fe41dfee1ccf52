"""The platform's hot path, ``GET /health``, answered without loading the application.

Route 53 asks every region every few seconds from several checkers, so the first request a new
container gets is usually one of those. Two things a shallow ``/health`` does not need cost most
of a cold start: the application's routers (their pydantic models) and Powertools' request
validation, which imports pydantic as soon as a resolver is built with it (about 0.3 s on the
parity runtime). So ``/health`` is served by a resolver of its own, built at import without
validation, and ``app.py`` builds the validated application resolver on the first other request.

``/health`` gives nothing up by it: its one input, an optional query-string value, is already
type-checked by the front-door guard (query parameters must be strings), and its answer is built
here. The application resolver still routes, documents and validates ``/health`` too
(``routes/health.py``, through ``health_response``), so ``/openapi.json`` and a ``POST
/health`` (405) answer as before.

Every answer names its region (``cors.with_served_region``); the application's answers also
carry the CORS policy, ``/health``'s do not: only Route 53 calls it.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import ApiGatewayResolver, Router

from ..runtime.errors import Forbidden
from . import contract, front_door
from .config import Config, get_config
from .errors import JSON_HEADERS, ApiError
from .logic import health


def error_response(error: ApiError) -> Response[Any]:
    return Response(
        status_code=error.status,
        content_type="application/json",
        body=error.body(),
        headers={**JSON_HEADERS, **error.headers},
    )


def health_response(
    config: Config, checker_id: str | None, event: Mapping[str, Any]
) -> Response[Any]:
    """``/health``'s answer on either resolver: 403 without the secret (unless ``event`` is the
    ALB target group's own check), else 200 or 503."""
    health.authorize(config, checker_id, event)
    result = health.check(config)
    return Response(
        status_code=200 if result.status == "ok" else 503,
        content_type="application/json",
        body=result.body(),
        headers={"Cache-Control": "no-store"},
    )


def serves(method: str, path: str, config: Config) -> bool:
    """Whether a request (``front_door.method_and_path``) is a ``GET /health`` for this resolver."""
    return method == "GET" and path.rstrip("/") == config.base_path + contract.HEALTH_PATH


_router = Router()


@_router.get(contract.HEALTH_PATH, include_in_schema=False)
def _health() -> Response[Any]:
    # The value the validated route would get: the first of the resolved (multi-)values.
    values = _router.current_event.resolved_query_string_parameters.get(
        contract.HEALTH_SECRET_PARAM
    )
    checker_id = values[0] if values else None
    try:
        return health_response(get_config(), checker_id, _router.current_event.raw_event)
    except Forbidden as refused:
        return error_response(ApiError(403, "forbidden", str(refused)))


@cache
def resolver(config: Config) -> ApiGatewayResolver:
    """The ``/health`` resolver of ``config``'s front door (one per container)."""
    # No CORS: ``/health`` is Route 53's, server to server, behind a secret no page holds (the
    # page never calls it), and Powertools' CORS builds the request's header map twice per call.
    app = front_door.RESOLVERS[config.front_door](
        strip_prefixes=[config.base_path] if config.base_path else None,
        debug=False,  # debug mode prints whole events, secrets included
    )
    app.include_router(_router)
    return app
