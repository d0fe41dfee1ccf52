"""The contract between the component, the handler, the local runtime and ops: every shared name.

It lives in ``handlers`` so it ships in the Lambda archive; the component, the local runtime, ops
and the tests import it from here (``multi_region_api.handlers.contract``). Standard library
only, and no imports of its own: importing it must never pull in Powertools or boto3.
``tests/unit/shared/test_contract.py`` fails when one of these literals is written anywhere else.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final

# The Lambda handler setting: the platform's dispatcher, under the package's own name in the
# archive (so an application's own ``handlers`` package never collides with it).
HANDLER_MODULE: Final = "multi_region_api.handlers.app"
HANDLER_FUNCTION: Final = "lambda_handler"
HANDLER: Final = f"{HANDLER_MODULE}.{HANDLER_FUNCTION}"

# Environment the component sets (``components/environment.py``) and the handler reads.
ENV_TABLE_NAME: Final = "TABLE_NAME"
ENV_HOME_REGION: Final = "HOME_REGION"
ENV_REGION_URLS: Final = "REGION_URLS"
ENV_HEALTH_CHECK_SECRET: Final = "HEALTH_CHECK_SECRET"  # noqa: S105 - a variable name
ENV_DEEP_PING_PERCENT: Final = "DEEP_PING_PERCENT"
ENV_FORCE_FAIL: Final = "FORCE_FAIL"
ENV_SERVICE_NAME: Final = "POWERTOOLS_SERVICE_NAME"
ENV_METRICS_NAMESPACE: Final = "POWERTOOLS_METRICS_NAMESPACE"
ENV_LOG_LEVEL: Final = "LOG_LEVEL"
ENV_FRONT_DOOR: Final = "FRONT_DOOR"  # which event shape the dispatcher serves
# ``alb`` only: the ARN of this region's target group, whose health checks the health route admits.
ENV_ALB_TARGET_GROUP_ARN: Final = "ALB_TARGET_GROUP_ARN"
# Optional: base URL of the shared name (CORS for the page); derived from REGION_URLS when unset.
ENV_SHARED_URL: Final = "SHARED_URL"
ENV_REGION: Final = "AWS_REGION"  # set by Lambda (and by the local runtime)
# The application the dispatcher serves: at most one of the two is set (neither: platform only).
ENV_APP_ROUTERS: Final = "APP_ROUTERS"  # "module:ATTR", a sequence of Powertools Routers
ENV_APP_HANDLER: Final = "APP_HANDLER"  # "module.function", any API Gateway/ALB proxy handler


class FrontDoor(StrEnum):
    """``frontDoor`` in the stack config, and so the event shape the dispatcher serves.

    An enum rather than bare strings: ``"http"`` also means a URL scheme elsewhere.
    """

    REST = "rest"  # API Gateway REST API, payload v1
    HTTP = "http"  # API Gateway HTTP API, payload v2
    ALB = "alb"  # Application Load Balancer (optionally behind Global Accelerator)


# Response header naming the region that served a request (the dispatcher and the local router).
SERVED_REGION_HEADER: Final = "X-Served-Region"

# The table: key and TTL attribute (``components/table_schema.py`` builds the table from these).
PARTITION_KEY: Final = "pk"
TTL_ATTRIBUTE: Final = "expires_at"
# Every ``pk`` under this prefix is the platform's (heartbeats, idempotency records); the runtime
# library refuses it in application keys.
RESERVED_KEY_PREFIX: Final = "_mra#"

# Health route and the query parameter that carries the health-check secret.
HEALTH_PATH: Final = "/health"
HEALTH_SECRET_PARAM: Final = "healthCheckerId"  # noqa: S105 - the parameter name

# The project's name: Powertools' service name, the Pulumi package and its config namespace.
PROJECT_NAME: Final = "multi-region-api"

# Observability: service name, metric namespace, metric names and dimensions.
SERVICE_NAME: Final = PROJECT_NAME
METRICS_NAMESPACE: Final = "MultiRegionApi"
METRIC_DEEP_PING_LATENCY: Final = "DeepPingLatency"
METRIC_DEEP_PING_FAILURE: Final = "DeepPingFailure"
METRIC_PEER_HEARTBEAT_AGE: Final = "PeerHeartbeatAge"
DIMENSION_SERVICE: Final = "service"  # Powertools adds it to every metric
DIMENSION_PEER_REGION: Final = "peerRegion"
