"""HTTP request -> Lambda event -> HTTP response, for the local runtime's region servers.

The events themselves come from ``local_runtime/events.py``, the project's one event factory
(``build_event`` is re-exported here for the region server); this module adds what API Gateway
does around them: its payload limits, the context object and the mapping of the proxy result
back to HTTP.
"""

from __future__ import annotations

import base64
import time
import uuid
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler

from multi_region_api.local_runtime.events import ACCOUNT_ID, build_event

__all__ = [
    "AdapterError",
    "HttpResponse",
    "LambdaContext",
    "RequestRejected",
    "build_event",
    "read_request_body",
    "to_http_response",
]

API_GATEWAY_TIMEOUT_MS = 29_000
MAX_PAYLOAD_BYTES = 10 * 1024 * 1024
"""API Gateway's request payload limit; larger requests never reach the Lambda."""


class AdapterError(Exception):
    """The handler answered with something API Gateway cannot turn into HTTP (a 502 there)."""


class RequestRejected(Exception):
    """A request API Gateway refuses before any Lambda sees it; the connection is closed."""

    def __init__(self, status: HTTPStatus, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def read_request_body(request: BaseHTTPRequestHandler) -> bytes:
    """The request body, within API Gateway's limits (no chunked bodies, at most 10 MiB)."""
    if request.headers.get("Transfer-Encoding", "").lower() == "chunked":
        request.close_connection = True
        raise RequestRejected(HTTPStatus.LENGTH_REQUIRED, "Length Required")
    try:
        length = int(request.headers.get("Content-Length") or 0)
    except ValueError:
        length = -1
    if length < 0 or length > MAX_PAYLOAD_BYTES:
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


def to_http_response(result: object) -> HttpResponse:
    """Map the handler's proxy result to HTTP; malformed results raise ``AdapterError``."""
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
