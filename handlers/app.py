"""The dispatcher: one resolver for every route, the Lambda entry point and the error handlers.

Adding a route: write a module with a ``Router`` (see ``handlers/routes/hello.py``) and append its
router to ``ROUTERS``.
"""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response
from aws_lambda_powertools.event_handler.exceptions import NotFoundError
from aws_lambda_powertools.event_handler.openapi.exceptions import (
    RequestValidationError,
    ResponseValidationError,
)
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from . import contract, guards
from .__version__ import __version__
from .config import Config, get_config
from .errors import JSON_HEADERS, ApiError, proxy_response
from .observability import logger, metrics, traced
from .routes import catalog, docs, health, hello, hits, items, orders, page, regions
from .store import StorageUnavailable

ROUTERS = (
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


def _allowed_methods(app: APIGatewayRestResolver, path: str) -> list[str]:
    """Methods registered for ``path`` (from the app's own OpenAPI document, built once)."""
    table = _route_table(app)
    return sorted({m for pattern, methods in table if pattern.match(path) for m in methods})


@cache
def _route_table(app: APIGatewayRestResolver) -> tuple[tuple[re.Pattern[str], frozenset[str]], ...]:
    table = []
    for template, operations in (app.get_openapi_schema().paths or {}).items():
        parts = re.split(r"\{[^}/]+\}", template)
        pattern = re.compile("^" + "[^/]+".join(re.escape(p) for p in parts) + "/*$")
        methods = frozenset(m.upper() for m in _METHODS if getattr(operations, m, None))
        table.append((pattern, methods))
    return tuple(table)


def create_app(config: Config) -> APIGatewayRestResolver:
    """The resolver for ``config``: routers, error handlers and ``GET /openapi.json``."""
    app = APIGatewayRestResolver(
        enable_validation=True,
        response_validation_error_http_code=500,
        strip_prefixes=[config.base_path] if config.base_path else None,
        json_body_deserializer=guards.parse_json_body,
        debug=False,  # debug mode prints whole events, secrets included
        cors=regions.cors_config(config),  # the page on one name calls the regional names
    )
    for router in ROUTERS:
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
        StorageUnavailable
    )
    def storage_unavailable(error: StorageUnavailable) -> Response[Any]:
        logger.warning("DynamoDB unavailable", extra={"cause": str(error)})
        return _render(ApiError(503, "storage_unavailable", "the table is not reachable; retry"))

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
def _openapi(app: APIGatewayRestResolver) -> str:
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
    return json.dumps(document, separators=(",", ":"))


def _define_response_models(document: dict[str, Any]) -> None:
    """Add the schemas of models used only in ``responses=`` that the resolver left undefined."""
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    template = "#/components/schemas/{model}"
    for name, model in docs.RESPONSE_MODELS.items():
        if name not in schemas:
            schema = model.model_json_schema(ref_template=template)
            schemas.update(schema.pop("$defs", {}))
            schemas[name] = schema


app = create_app(get_config())


@logger.inject_lambda_context(
    correlation_id_path=correlation_paths.API_GATEWAY_REST, log_event=False, clear_state=True
)
@traced
@metrics.log_metrics(capture_cold_start_metric=True)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    refusal = guards.refusal(event)
    if refusal is not None:
        logger.info("refused before routing", extra={"error": refusal.code})
        return regions.with_served_region(proxy_response(refusal), get_config().region)
    # The path only: the query string may carry the health-check secret.
    logger.debug("request", extra={"method": event["httpMethod"], "path": event["path"]})
    return regions.with_served_region(app.resolve(event, context), get_config().region)
