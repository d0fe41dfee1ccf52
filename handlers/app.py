"""The dispatcher: the Lambda entry point, the resolvers, and the one domain-error -> HTTP mapping.

It always serves the platform's ``/health`` (and ``/openapi.json``); the rest is the application's
(``application.py``): its routers included in the validated resolver, or its own proxy handler
that every other event is passed to. Every answer names the region that served it.

Cold start: a ``GET /health`` (Route 53's, the first request most containers get) is answered by
``platform.py`` without a resolver or pydantic. The validated resolver with the application's
routers is built on the first other request or the container's second ``/health``
(``_application()``), so a container's first health check never waits for the application's
models, and a later one fails while they do not load; a routers spec is still checked at init
(``application.check_application``). A proxy handler is imported at init, as Lambda users expect
of their handler's module: its own set-up runs in the init phase.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
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

from multi_region_api.runtime.errors import (
    DomainError,
    Forbidden,
    IdempotencyKeyReused,
    NotFound,
    StorageUnavailable,
    VersionConflict,
    WrongRegion,
)

from . import contract, cors, front_door, guards, platform
from .__version__ import __version__
from .application import Application, ProxyHandler, check_application, load_application
from .config import Config, get_config
from .errors import JSON_HEADERS, ApiError
from .observability import logger, metrics_logged, traced

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
    app = front_door.RESOLVERS[config.front_door](
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


application: Application | None = check_application()  # None: routers, imported on first use
app: ApiGatewayResolver | None = None
_health_checks = 0


def _application() -> ApiGatewayResolver:
    """The validated resolver with the application's routers: one per container, built (and the
    routers imported) on the first request that is not a ``GET /health``."""
    global app, application
    if app is None:
        if application is None:
            application = load_application()
        app = create_app(get_config(), routers_of(application))
    return app


def _application_loads() -> bool:
    """Whether the application loads, asked by every ``/health`` but a container's first (its
    cold start stays the platform's): the one that finds its routers not yet loaded loads them
    (a proxy handler, or none, was imported at init)."""
    global _health_checks
    _health_checks += 1
    if application is not None or _health_checks == 1:
        return True
    try:
        _application()
    except Exception:
        logger.exception("the application does not load; /health answers 503")
        return False
    return True


@logger.inject_lambda_context(log_event=False, clear_state=True)
@traced
@metrics_logged
def lambda_handler(event: Any, context: LambdaContext) -> dict[str, Any]:
    """Never raises: an event the front door never sends is a 400, a failure a 500, both JSON."""
    return dispatch(event, context, get_config(), app, application)


def dispatch(
    event: Any,
    context: LambdaContext,
    config: Config,
    resolver: ApiGatewayResolver | None,
    application: Application | None,
) -> dict[str, Any]:
    """The entry point's behaviour (guards, the app's handler or ``resolver``, the served-region
    header) for given parts: ``lambda_handler`` passes the container's (``None``: the app's
    resolver, built on first use), the test kit its own."""
    door = config.front_door
    handler = application.handler if application is not None else None
    if handler is not None and not _is_health(event, config):
        return _served(_delegated(handler, event, context, config), config)
    refusal = guards.refusal(event, door)
    if refusal is not None:
        logger.info("refused before routing", extra={"error": refusal.code})
        return _served(front_door.proxy_response(refusal, door, event), config)
    logger.set_correlation_id(front_door.correlation_id(event, door))
    method, path = front_door.method_and_path(event, door)
    # The path only: the query string may carry the health-check secret.
    logger.debug("request", extra={"method": method, "path": path})
    try:
        if platform.serves(method, path, config):
            loads = resolver is not None or _application_loads()
            return _served(platform.answer(event, config, application_loads=loads), config)
        decoded = guards.with_canonical_content_type(front_door.decoded(event, door))
        answer = (resolver or _application()).resolve(decoded, context)
        return _served(front_door.finished(answer, door), config)
    except Exception:  # the resolver's own handlers failed; still answer in the door's format
        logger.exception("unhandled error outside the routes")
        return _served(_internal_error(event, door), config)


def _is_health(event: Any, config: Config) -> bool:
    """Whether ``event`` asks for ``/health`` (below the base path, as the resolver sees it)."""
    if front_door.unsupported(event, config.front_door) is not None:
        return False
    _, path = front_door.method_and_path(event, config.front_door)
    base = config.base_path
    if base and (path == base or path.startswith(f"{base}/")):
        path = path[len(base) :]
    return path == contract.HEALTH_PATH


def _delegated(
    handler: ProxyHandler, event: Any, context: LambdaContext, config: Config
) -> dict[str, Any]:
    """The application's proxy handler's answer to ``event``, passed to it unchanged."""
    if front_door.unsupported(event, config.front_door) is None:
        logger.set_correlation_id(front_door.correlation_id(event, config.front_door))
    try:
        result = handler(event, context)
    except Exception:
        logger.exception("the application's handler raised")
        return _internal_error(event, config.front_door)
    if not isinstance(result, dict):
        logger.error(
            "the application's handler returned no proxy result",
            extra={"type": type(result).__name__},
        )
        return _internal_error(event, config.front_door)
    return result


def _internal_error(event: Any, door: contract.FrontDoor) -> dict[str, Any]:
    return front_door.proxy_response(ApiError(500, "internal_error", "internal error"), door, event)


def _served(result: dict[str, Any], config: Config) -> dict[str, Any]:
    """Every answer names the region that served it (the page reads it, errors included)."""
    return cors.with_served_region(result, config.region)
