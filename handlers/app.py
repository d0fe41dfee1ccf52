"""The dispatcher: one resolver for every route, the Lambda entry point and the error handlers.

Adding a route: write a module with a ``Router`` (see ``handlers/routes/hello.py``) and append its
router to ``app_routers()``. The routers are imported with the application resolver, on the
first request that is not a ``GET /health`` (``platform.py`` serves those without them).
"""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import ApiGatewayResolver, Router
from aws_lambda_powertools.event_handler.exceptions import NotFoundError
from aws_lambda_powertools.event_handler.openapi.exceptions import (
    RequestUnsupportedContentType,
    RequestValidationError,
    ResponseValidationError,
)
from aws_lambda_powertools.utilities.typing import LambdaContext

from . import contract, cors, front_door, guards, platform
from .__version__ import __version__
from .config import Config, get_config
from .errors import JSON_HEADERS, ApiError
from .exceptions import (
    DomainError,
    Forbidden,
    IdempotencyKeyReused,
    NotFound,
    StorageUnavailable,
    VersionConflict,
    WrongRegion,
)
from .observability import logger, metrics, traced


def app_routers() -> tuple[Router, ...]:
    from .routes import catalog, health, hello, hits, items, orders, page, regions

    return (
        health.router,
        hello.router,
        hits.router,
        items.router,
        orders.router,
        catalog.router,
        regions.router,
        page.router,
    )


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


def create_app(config: Config) -> ApiGatewayResolver:
    """The resolver for ``config``'s front door: routers, error handlers, ``/openapi.json``."""
    app = front_door.RESOLVERS[config.front_door](
        enable_validation=True,
        response_validation_error_http_code=500,
        strip_prefixes=[config.base_path] if config.base_path else None,
        json_body_deserializer=guards.parse_json_body,
        debug=False,  # debug mode prints whole events, secrets included
        cors=cors.cors_config(config),  # the page on one name calls the regional names
    )
    for router in app_routers():
        app.include_router(router)

    @app.get("/openapi.json", include_in_schema=False)
    def openapi() -> Response[str]:
        return Response(status_code=200, content_type="application/json", body=_openapi(app))

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
def _openapi(app: ApiGatewayResolver) -> str:
    config = get_config()
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
    _add_links(document)
    return json.dumps(document, separators=(",", ":"))


# OpenAPI links: what a client (or a stateful test) can do next with what an answer returned.
# (operation, status) -> link name -> (target path, method, {parameter: runtime expression})
_LINKS: dict[tuple[str, str, str], dict[str, tuple[str, str, dict[str, str]]]] = {
    ("/orders", "post", "201"): {
        "GetOrder": ("/orders/{order_id}", "get", {"order_id": "$response.body#/id"}),
        "UpdateOrder": ("/orders/{order_id}", "patch", {"order_id": "$response.body#/id"}),
    },
    ("/orders/{order_id}", "patch", "200"): {
        "GetOrder": ("/orders/{order_id}", "get", {"order_id": "$response.body#/id"}),
    },
    ("/items/{item_id}", "put", "200"): {
        "GetItem": ("/items/{item_id}", "get", {"item_id": "$response.body#/id"}),
        "DeleteItem": ("/items/{item_id}", "delete", {"item_id": "$response.body#/id"}),
    },
    ("/catalog/{entry_id}", "put", "200"): {
        "GetEntry": ("/catalog/{entry_id}", "get", {"entry_id": "$response.body#/id"}),
    },
}


def _add_links(document: dict[str, Any]) -> None:
    paths = document.get("paths", {})
    for (path, method, status), links in _LINKS.items():
        response = paths[path][method]["responses"][status]
        response["links"] = {
            name: {
                "operationRef": "#/paths/"
                + target.replace("~", "~0").replace("/", "~1")
                + f"/{verb}",
                "parameters": parameters,
            }
            for name, (target, verb, parameters) in links.items()
        }


def _bodiless_204s(document: dict[str, Any]) -> None:
    """A 204 carries no body (RFC 9110 15.3.5); the resolver documents a JSON ``null`` for it."""
    for operations in document.get("paths", {}).values():
        for operation in operations.values():
            no_content = operation.get("responses", {}).get("204")
            if isinstance(no_content, dict):
                no_content.pop("content", None)


def _define_response_models(document: dict[str, Any]) -> None:
    """Add the schemas of models used only in ``responses=`` that the resolver left undefined."""
    from .routes import docs

    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    template = "#/components/schemas/{model}"
    for name, model in docs.RESPONSE_MODELS.items():
        if name not in schemas:
            schema = model.model_json_schema(ref_template=template)
            schemas.update(schema.pop("$defs", {}))
            schemas[name] = schema


platform.resolver(get_config())  # built during init; the application resolver on first use
app: ApiGatewayResolver | None = None


def _application() -> ApiGatewayResolver:
    global app  # one resolver per container, built on its first use
    if app is None:
        app = create_app(get_config())
    return app


@logger.inject_lambda_context(log_event=False, clear_state=True)
@traced
@metrics.log_metrics(capture_cold_start_metric=True)
def lambda_handler(event: Any, context: LambdaContext) -> dict[str, Any]:
    """Never raises: an event the front door never sends is a 400, a failure a 500, both JSON."""
    door = get_config().front_door
    refusal = guards.refusal(event, door)
    if refusal is not None:
        logger.info("refused before routing", extra={"error": refusal.code})
        return _served(front_door.proxy_response(refusal, door, event))
    logger.set_correlation_id(front_door.correlation_id(event, door))
    method, path = front_door.method_and_path(event, door)
    # The path only: the query string may carry the health-check secret.
    logger.debug("request", extra={"method": method, "path": path})
    try:
        config = get_config()
        on_platform = platform.serves(method, path, config)
        resolver = platform.resolver(config) if on_platform else _application()
        return _served(
            front_door.finished(resolver.resolve(front_door.decoded(event, door), context), door)
        )
    except Exception:  # the resolver's own handlers failed; still answer in the door's format
        logger.exception("unhandled error outside the routes")
        return _served(
            front_door.proxy_response(
                ApiError(500, "internal_error", "internal error"), door, event
            )
        )


def _served(result: dict[str, Any]) -> dict[str, Any]:
    """Every answer names the region that served it (the page reads it, errors included)."""
    return cors.with_served_region(result, get_config().region)
