"""A plain API Gateway/ALB proxy handler (``handler: handlers.proxy.handle``): no Powertools."""

import json
import os
from typing import Any

from slugify import slugify


def _path(event: dict[str, Any]) -> str:
    """REST and ALB events carry ``path``, HTTP API (payload v2) events ``rawPath``."""
    return str(event.get("rawPath") or event.get("path") or "/")


def handle(event: dict[str, Any], context: object) -> dict[str, Any]:
    path = _path(event)
    body = {"handledBy": "handlers.proxy", "path": path, "slug": slugify(path)}
    body["region"] = os.environ["AWS_REGION"]
    return {
        "statusCode": 200,
        "statusDescription": "200 OK",  # an ALB wants it; API Gateway ignores it
        "headers": {"Content-Type": "application/json"},
        "body": json.dumps(body),
        "isBase64Encoded": False,
    }
