"""The container's Logger, Metrics and Tracer, shared by every module of the dispatcher.

Service name, metrics namespace and log level come from ``POWERTOOLS_SERVICE_NAME``,
``POWERTOOLS_METRICS_NAMESPACE`` and ``LOG_LEVEL``. Events are never logged (``log_event`` is off
where the handler is decorated) and no module logs the health-check secret or a query string.
"""

from __future__ import annotations

from aws_lambda_powertools import Logger, Metrics, Tracer

logger = Logger()
metrics = Metrics()
tracer = Tracer()
