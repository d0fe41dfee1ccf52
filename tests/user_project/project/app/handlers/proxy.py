"""A plain API Gateway/ALB proxy handler (``handler: handlers.proxy.handle``): no router."""

import json
from typing import Any

from slugify import slugify

from multi_region_api import runtime


def _path(event: dict[str, Any]) -> str:
    """REST and ALB events carry ``path``, HTTP API (payload v2) events ``rawPath``."""
    return str(event.get("rawPath") or event.get("path") or "/")


def handle(event: dict[str, Any], context: object) -> dict[str, Any]:
    path = _path(event)
    body = {"handledBy": "handlers.proxy", "path": path, "slug": slugify(path)}
    body["region"] = runtime.deployment().region
    return {
        "statusCode": 200,
        "statusDescription": "200 OK",  # an ALB wants it; API Gateway ignores it
        "headers": {"Content-Type": "application/json"},
        "body": json.dumps(body),
        "isBase64Encoded": False,
    }
