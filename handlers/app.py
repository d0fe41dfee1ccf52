"""The dispatcher: the Lambda entry point, in front of the platform's ``/health`` and the app.

A ``GET /health`` is the platform's (``platform.py``); every other request is the application's
(``application.py``): its routers in the validated resolver (``resolver.py``), or its own proxy
handler, which gets the event unchanged. Every answer names the region that served it.

Cold start: this module imports no resolver, pydantic or application model. A ``GET /health``
(Route 53's, the first request most containers get) is answered from the event; the validated
resolver with the application's routers is built on the first other request or the container's
second ``/health`` (``_application()``), so a container's first health check never waits for the
application, and a later one fails while it does not load. A routers spec is still checked at init
(``application.check_application``); a proxy handler is imported at init, as Lambda users expect
of their handler's module: its own set-up runs in the init phase.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import contract, cors, front_door, guards, platform
from .application import Application, ProxyHandler, check_application, load_application
from .config import Config, get_config
from .errors import ApiError
from .observability import logger, metrics_logged, traced

if TYPE_CHECKING:
    from aws_lambda_powertools.event_handler.api_gateway import ApiGatewayResolver
    from aws_lambda_powertools.utilities.typing import LambdaContext

application: Application | None = check_application()  # None: routers, imported on first use
app: ApiGatewayResolver | None = None
_health_checks = 0


def _application() -> ApiGatewayResolver:
    """The validated resolver with the application's routers: one per container, built (and the
    routers imported) on the first request that is not a ``GET /health``, or by the container's
    second ``/health``. A failure leaves it unbuilt, so the next request tries again."""
    global app, application
    if app is None:
        from . import resolver  # Powertools' resolvers and pydantic: not at init

        if application is None:
            application = load_application()
        app = resolver.create_app(get_config(), resolver.routers_of(application))
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
