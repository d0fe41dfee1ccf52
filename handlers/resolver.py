"""The application resolver: the application's routers behind validation, ``/openapi.json``, and
the one domain-error -> HTTP mapping.

Built once per container by the dispatcher (``app._application``) on the first request that needs
it, never at init: Powertools' resolvers, pydantic and the application's models cost most of a
cold start that a ``GET /health`` (answered by ``platform.py``) does not need.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from functools import cache
from typing import Any

from aws_lambda_powertools.event_handler import (
    ALBResolver,
    APIGatewayHttpResolver,
    APIGatewayRestResolver,
    Response,
)
from aws_lambda_powertools.event_handler.api_gateway import ApiGatewayResolver, Router
from aws_lambda_powertools.event_handler.exceptions import NotFoundError
from aws_lambda_powertools.event_handler.openapi.exceptions import (
    RequestUnsupportedContentType,
    RequestValidationError,
    ResponseValidationError,
)

from multi_region_api.runtime.errors import (
    DomainError,
    Forbidden,
    IdempotencyKeyReused,
    NotFound,
    StorageUnavailable,
    VersionConflict,
    WrongRegion,
)

from . import contract, cors, guards
from .__version__ import __version__
from .application import Application
from .config import Config
from .contract import FrontDoor
from .errors import JSON_HEADERS, ApiError
from .observability import logger

RESOLVERS: dict[FrontDoor, type[ApiGatewayResolver]] = {
    FrontDoor.REST: APIGatewayRestResolver,
    FrontDoor.HTTP: APIGatewayHttpResolver,
    FrontDoor.ALB: ALBResolver,
}
"""The Powertools resolver of each front door's event shape."""

API_TITLE = contract.PROJECT_NAME
API_VERSION = __version__
_METHODS = ("get", "put", "post", "delete", "patch", "head", "options")


def _render(error: ApiError) -> Response[Any]:
    return Response(
        status_code=error.status,
        content_type="application/json",
        body=error.body(),
        headers={**JSON_HEADERS, **error.headers},
    )


def _allowed_methods(app: ApiGatewayResolver, path: str) -> list[str]:
    """Methods registered for ``path`` (from the app's own OpenAPI document, built once)."""
    table = _route_table(app)
    return sorted({m for pattern, methods in table if pattern.match(path) for m in methods})


@cache
def _route_table(app: ApiGatewayResolver) -> tuple[tuple[re.Pattern[str], frozenset[str]], ...]:
    table = []
    for template, operations in (app.get_openapi_schema().paths or {}).items():
        parts = re.split(r"\{[^}/]+\}", template)
        pattern = re.compile("^" + "[^/]+".join(re.escape(p) for p in parts) + "/*$")
        methods = frozenset(m.upper() for m in _METHODS if getattr(operations, m, None))
        table.append((pattern, methods))
    return tuple(table)


def http_error(error: DomainError) -> ApiError:
    """The one place where a domain error becomes a status code and an error body."""
    match error:
        case NotFound():
            return ApiError(404, "not_found", str(error))
        case WrongRegion():
            return ApiError(
                409,
                "wrong_region",
                str(error),
                headers={"Location": error.location},
                homeRegion=error.home,
                homeUrl=error.home_url,
            )
        case VersionConflict():
            return ApiError(409, "version_conflict", str(error), currentVersion=error.current)
        case IdempotencyKeyReused():
            return ApiError(422, "idempotency_key_reused", str(error))
        case Forbidden():
            return ApiError(403, "forbidden", str(error))
        case StorageUnavailable():
            logger.warning("DynamoDB unavailable", extra={"cause": str(error)})
            return ApiError(503, "storage_unavailable", "the table is not reachable; retry")
    logger.error("a domain error without an HTTP mapping", extra={"error": type(error).__name__})
    return ApiError(500, "internal_error", "internal error")


def routers_of(application: Application) -> tuple[Router, ...]:
    """What the resolver serves besides ``/health``: the application's routers; the platform's
    ``GET /`` without an application; nothing more for a proxy handler (it gets the rest)."""
    if application.routers is not None:
        return application.routers
    if application.handler is not None:
        return ()
    from .routes import home  # with the validated resolver (pydantic), not at init

    return (home.router,)


def create_app(config: Config, routers: Sequence[Router] = ()) -> ApiGatewayResolver:
    """The resolver for ``config``'s front door: ``/health``, ``routers``, the error handlers and
    ``/openapi.json`` documenting them all."""
    app = RESOLVERS[config.front_door](
        enable_validation=True,
        response_validation_error_http_code=500,
        strip_prefixes=[config.base_path] if config.base_path else None,
        json_body_deserializer=guards.parse_json_body,
        debug=False,  # debug mode prints whole events, secrets included
        cors=cors.cors_config(config),  # a page on one name calls the regional names
    )
    from .routes import health  # its models need pydantic: with this resolver, not at init

    for router in (health.router, *routers):
        app.include_router(router)

    @app.get("/openapi.json", include_in_schema=False)
    def openapi() -> Response[str]:
        return Response(
            status_code=200, content_type="application/json", body=_openapi(app, config)
        )

    @app.exception_handler(  # type: ignore[untyped-decorator]  # Powertools' decorator is untyped
        ApiError
    )
    def api_error(error: ApiError) -> Response[Any]:
        return _render(error)

    @app.exception_handler(  # type: ignore[untyped-decorator]  # Powertools' decorator is untyped
        RequestValidationError
    )
    def invalid_request(error: RequestValidationError) -> Response[Any]:
        problems = error.errors()
        if any(p.get("type") == "json_invalid" for p in problems):
            return _render(ApiError(400, "invalid_json", "the request body is not valid JSON"))
        details = [
            {
                "loc": [str(x) if not isinstance(x, int) else x for x in p["loc"]],
                "type": p["type"],
                "msg": str(p.get("msg", "")),
            }
            for p in problems
        ]
        message = "the request does not match the schema"
        return _render(ApiError(422, "validation_error", message, details=details))

    @app.exception_handler(  # type: ignore[untyped-decorator]  # Powertools' decorator is untyped
        RequestUnsupportedContentType
    )
    def unsupported_content_type(_: RequestUnsupportedContentType) -> Response[Any]:
        # Powertools >= 3.24 raises it for a body it cannot parse; the guard refuses those first.
        return _render(ApiError(415, "unsupported_media_type", "send the body as application/json"))

    @app.exception_handler(  # type: ignore[untyped-decorator]  # Powertools' decorator is untyped
        DomainError
    )
    def domain_error(error: DomainError) -> Response[Any]:
        return _render(http_error(error))

    @app.exception_handler(  # type: ignore[untyped-decorator]  # Powertools' decorator is untyped
        ResponseValidationError
    )
    def bad_response(_: ResponseValidationError) -> Response[Any]:
        logger.error("a route returned a body that does not match its response model")
        return _render(ApiError(500, "internal_error", "internal error"))

    @app.not_found
    def no_route(_: NotFoundError) -> Response[Any]:
        path = app.context.get("_path") or "/"
        allowed = _allowed_methods(app, path)
        if allowed:
            return _render(
                ApiError(
                    405,
                    "method_not_allowed",
                    f"{app.current_event.http_method} is not allowed here",
                    headers={"Allow": ", ".join(allowed)},
                )
            )
        return _render(ApiError(404, "not_found", "no such route"))

    @app.exception_handler(  # type: ignore[untyped-decorator]  # Powertools' decorator is untyped
        Exception
    )
    def unexpected(_: Exception) -> Response[Any]:
        logger.exception("unhandled error")
        return _render(ApiError(500, "internal_error", "internal error"))

    return app


@cache
def _openapi(app: ApiGatewayResolver, config: Config) -> str:
    document = json.loads(
        app.get_openapi_json_schema(
            title=API_TITLE,
            version=API_VERSION,
            description="Active-active multi-region API; every error is "
            '{"error": "<code>", "message": "..."}.',
            servers=[{"url": config.url_of(config.region)}],  # type: ignore[list-item]
        )
    )
    _define_response_models(document)
    _bodiless_204s(document)
    return json.dumps(document, separators=(",", ":"))


def _define_response_models(document: dict[str, Any]) -> None:
    """Add the schemas of ``responses=`` models that the resolver left undefined (see
    ``runtime.openapi``: Powertools rewrites those entries in place for the first resolver)."""
    from multi_region_api.runtime.openapi import RESPONSE_MODELS

    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    template = "#/components/schemas/{model}"
    for name, model in RESPONSE_MODELS.items():
        if name not in schemas:
            schema = model.model_json_schema(ref_template=template)
            schemas.update(schema.pop("$defs", {}))
            schemas[name] = schema


def _bodiless_204s(document: dict[str, Any]) -> None:
    """A 204 carries no body (RFC 9110 15.3.5); the resolver documents a JSON ``null`` for it."""
    for operations in document.get("paths", {}).values():
        for operation in operations.values():
            no_content = operation.get("responses", {}).get("204")
            if isinstance(no_content, dict):
                no_content.pop("content", None)
