"""HTTP request <-> the Lambda event and response of each front door, for the region servers.

The events come from ``local_runtime/events.py``, the project's one event factory (REST API v1,
HTTP API v2, ALB); this module adds what the front doors do around them: their payload limits,
the context object, and the mapping of each shape's result back to HTTP (``to_http_response``).
"""

from __future__ import annotations

import base64
import json
import time
import uuid
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler
from typing import Any

from multi_region_api.handlers.contract import FrontDoor
from multi_region_api.local_runtime.events import (
    ACCOUNT_ID,
    TARGET_GROUP_ARN,
    build_alb_event,
    build_event,
    build_http_event,
)

__all__ = [
    "ALB_LAMBDA_MAX_BYTES",
    "MAX_BODY_BYTES",
    "MAX_PAYLOAD_BYTES",
    "TARGET_GROUP_ARN",
    "AdapterError",
    "HttpResponse",
    "LambdaContext",
    "RequestRejected",
    "build_alb_event",
    "build_event",
    "build_event_for",
    "build_http_event",
    "read_request_body",
    "to_http_response",
]

API_GATEWAY_TIMEOUT_MS = 29_000
MAX_PAYLOAD_BYTES = 10 * 1024 * 1024
"""API Gateway's request payload limit; larger requests never reach the Lambda."""
ALB_LAMBDA_MAX_BYTES = 1024 * 1024
"""An ALB passes at most 1 MB of request body to a Lambda target."""
MAX_BODY_BYTES = {
    FrontDoor.REST: MAX_PAYLOAD_BYTES,
    FrontDoor.HTTP: MAX_PAYLOAD_BYTES,
    FrontDoor.ALB: ALB_LAMBDA_MAX_BYTES,
}


class AdapterError(Exception):
    """The handler answered with something API Gateway cannot turn into HTTP (a 502 there)."""


class RequestRejected(Exception):
    """A request API Gateway refuses before any Lambda sees it; the connection is closed."""

    def __init__(self, status: HTTPStatus, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def read_request_body(request: BaseHTTPRequestHandler, max_bytes: int = MAX_PAYLOAD_BYTES) -> bytes:
    """The request body, within the front door's limits (no chunked bodies, at most
    ``max_bytes``: 10 MiB for API Gateway, 1 MB for an ALB's Lambda target)."""
    if request.headers.get("Transfer-Encoding", "").lower() == "chunked":
        request.close_connection = True
        raise RequestRejected(HTTPStatus.LENGTH_REQUIRED, "Length Required")
    try:
        length = int(request.headers.get("Content-Length") or 0)
    except ValueError:
        length = -1
    if length < 0 or length > max_bytes:
        request.close_connection = True
        raise RequestRejected(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "Request Too Long")
    return request.rfile.read(length) if length else b""


@dataclass(frozen=True)
class LambdaContext:
    """The parts of the Lambda context object that handlers and Powertools read."""

    function_name: str
    region: str
    memory_limit_in_mb: int = 256
    timeout_ms: int = API_GATEWAY_TIMEOUT_MS
    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    function_version: str = "$LATEST"
    started: float = field(default_factory=time.monotonic)

    @property
    def invoked_function_arn(self) -> str:
        return f"arn:aws:lambda:{self.region}:{ACCOUNT_ID}:function:{self.function_name}"

    @property
    def log_group_name(self) -> str:
        return f"/aws/lambda/{self.function_name}"

    @property
    def log_stream_name(self) -> str:
        return f"local/[$LATEST]{self.aws_request_id}"

    def get_remaining_time_in_millis(self) -> int:
        elapsed_ms = int((time.monotonic() - self.started) * 1000)
        return max(0, self.timeout_ms - elapsed_ms)


@dataclass(frozen=True)
class HttpResponse:
    status: int
    headers: list[tuple[str, str]]
    body: bytes


def to_http_response(result: object, front_door: FrontDoor = FrontDoor.REST) -> HttpResponse:
    """Map the handler's result to HTTP; malformed results raise ``AdapterError``.

    An HTTP API (payload v2) also takes ``cookies`` and, like API Gateway, treats a result
    without ``statusCode`` as a 200 JSON body.
    """
    if front_door is FrontDoor.HTTP and not (isinstance(result, dict) and "statusCode" in result):
        inferred = result if isinstance(result, str) else json.dumps(result)
        return HttpResponse(200, [("Content-Type", "application/json")], inferred.encode())
    if not isinstance(result, dict):
        raise AdapterError(f"handler returned {type(result).__name__}, not a proxy result dict")
    status = result.get("statusCode")
    if isinstance(status, bool) or not isinstance(status, int) or not 100 <= status <= 599:
        raise AdapterError(f"handler returned statusCode {status!r}")
    multi = result.get("multiValueHeaders") or {}
    single = result.get("headers") or {}
    if not isinstance(multi, dict) or not isinstance(single, dict):
        raise AdapterError("handler returned headers that are not mappings")
    headers = [(str(k), str(v)) for k, values in multi.items() for v in values]
    seen = {k.lower() for k in multi}
    headers += [(str(k), str(v)) for k, v in single.items() if k.lower() not in seen]
    if front_door is FrontDoor.HTTP:
        cookies = result.get("cookies") or []
        if not isinstance(cookies, list):
            raise AdapterError("handler returned cookies that are not a list")
        headers += [("Set-Cookie", str(cookie)) for cookie in cookies]

    raw = result.get("body")
    if raw is None:
        body = b""
    elif not isinstance(raw, str):
        raise AdapterError(f"handler returned a body of type {type(raw).__name__}, not str")
    elif result.get("isBase64Encoded"):
        try:
            body = base64.b64decode(raw, validate=True)
        except ValueError as exc:
            raise AdapterError("handler returned isBase64Encoded with an invalid body") from exc
    else:
        body = raw.encode()
    return HttpResponse(status=status, headers=headers, body=body)


def build_event_for(front_door: FrontDoor, **request: Any) -> dict[str, Any]:
    """The event ``front_door`` would send the dispatcher for this request (``build_event``'s
    keywords: method, target, headers, body, source_ip, base_path)."""
    return build_event(**request, shape=front_door)
