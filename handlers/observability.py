"""The container's Logger and Metrics, and tracing for the handler, shared by every module.

Service name, metrics namespace and log level come from ``POWERTOOLS_SERVICE_NAME``,
``POWERTOOLS_METRICS_NAMESPACE`` and ``LOG_LEVEL``. Events are never logged (``log_event`` is off
where the handler is decorated) and no module logs the health-check secret or a query string.

The Tracer is built only where it will trace: creating one imports the X-Ray SDK (and botocore
with it), about 0.3 s of cold start, even when tracing is disabled. Outside Lambda, under SAM
local, or with ``POWERTOOLS_TRACE_DISABLED=true`` (the same rules Powertools applies) the handler
runs untraced and that import never happens.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from functools import cache, wraps
from typing import Any, TypeVar, cast

from aws_lambda_powertools import Logger, Metrics

logger = Logger()
metrics = Metrics()


class _NoRouteArguments(logging.Filter):
    """Drops the resolver's debug line that prints every route argument.

    Powertools logs ``Calling API Route Handler: {...}`` at DEBUG with the validated arguments:
    the health-check secret, request bodies. Lambda's log-level controls or ``POWERTOOLS_DEBUG``
    can turn that logger on in production, so the line is removed at the source.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Calling API Route Handler")


logging.getLogger("aws_lambda_powertools.event_handler.api_gateway").addFilter(_NoRouteArguments())

Handler = TypeVar("Handler", bound=Callable[..., Any])


def tracing_enabled() -> bool:
    if os.environ.get("POWERTOOLS_TRACE_DISABLED", "false").lower() in ("1", "true", "yes", "on"):
        return False
    return bool(os.environ.get("LAMBDA_TASK_ROOT")) and not os.environ.get("AWS_SAM_LOCAL")


def traced(handler: Handler) -> Handler:
    """``Tracer.capture_lambda_handler`` when tracing is on; the handler unchanged otherwise.

    ``auto_patch=False``: patching botocore at import loads ``botocore.client`` (~340 ms on a cold
    start) even for a shallow ``/health`` that never calls AWS; ``trace_aws_sdk`` patches it when
    the data layer makes its first client instead.
    """
    if not tracing_enabled():
        return handler
    from aws_lambda_powertools import Tracer

    traced_handler = Tracer(auto_patch=False).capture_lambda_handler(
        handler, capture_response=False
    )
    return cast(Handler, traced_handler)  # the decorator keeps the signature; its stub loses it


def metrics_logged(handler: Handler) -> Handler:
    """``metrics.log_metrics(capture_cold_start_metric=True)`` that flushes only what was added.

    Most invocations (every shallow ``/health``) add no metric of their own, and Powertools'
    flush of an empty set calls ``warnings.warn`` each time: about 13 us on the parity runtime
    even when filtered, a sixth of a warm ``/health``. The ``ColdStart`` metric is still
    published once per container, after the first invocation that returns, as Powertools does.
    """
    cold = [True]

    @wraps(handler)
    def logged(event: Any, context: Any) -> Any:
        try:
            answer = handler(event, context)
            if cold:
                cold.clear()
                metrics.provider.add_cold_start_metric(context=context)
        finally:
            if metrics.metric_set:
                metrics.flush_metrics()
        return answer

    return cast(Handler, logged)


@cache
def trace_aws_sdk() -> None:
    """Trace AWS SDK calls (X-Ray subsegments per DynamoDB call), once, before the first client."""
    if tracing_enabled():
        from aws_lambda_powertools import Tracer

        Tracer(auto_patch=False).patch(["botocore"])
