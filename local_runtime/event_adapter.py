"""HTTP request <-> API Gateway REST API (v1) Lambda proxy event and response.

The shapes follow the AWS_PROXY integration of a REST API behind a custom domain: ``resource`` is
``/{proxy+}`` (``/`` for the root), ``path`` is the request path including the base path and, as
REST APIs deliver it, still percent-encoded; ``pathParameters.proxy`` is the path below the base
path, decoded; single- and multi-value views of headers and query
strings, and a text body as-is or any other body base64-encoded with ``isBase64Encoded``.
"""

from __future__ import annotations

import base64
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from email.utils import formatdate
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

STAGE = "local"
ACCOUNT_ID = "123456789012"
API_GATEWAY_TIMEOUT_MS = 29_000
MAX_PAYLOAD_BYTES = 10 * 1024 * 1024
"""API Gateway's request payload limit; larger requests never reach the Lambda."""

_TEXT_TYPES = (
    "application/json",
    "application/xml",
    "application/x-www-form-urlencoded",
    "application/javascript",
    "application/yaml",
)


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


def is_text_content_type(content_type: str | None) -> bool:
    """Bodies of these types reach the Lambda as text; everything else base64 (binary)."""
    if not content_type:
        return True
    mime = content_type.split(";", 1)[0].strip().lower()
    return mime.startswith("text/") or mime in _TEXT_TYPES or mime.endswith(("+json", "+xml"))


def _single_and_multi(
    pairs: Iterable[tuple[str, str]],
) -> tuple[dict[str, str], dict[str, list[str]]]:
    single: dict[str, str] = {}
    multi: dict[str, list[str]] = {}
    for name, value in pairs:
        single[name] = value  # API Gateway keeps the last value in the single-value view
        multi.setdefault(name, []).append(value)
    return single, multi


def _header(headers: list[tuple[str, str]], name: str) -> str | None:
    wanted = name.lower()
    return next((v for k, v in reversed(headers) if k.lower() == wanted), None)


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


def build_event(
    *,
    method: str,
    target: str,
    headers: list[tuple[str, str]],
    body: bytes,
    source_ip: str,
    base_path: str = "",
) -> dict[str, Any]:
    """The proxy event API Gateway would send for this request (``target`` is path?query)."""
    parts = urlsplit(target)
    path = parts.path or "/"
    prefix = f"/{base_path}" if base_path else ""
    below_base = path[len(prefix) :] if prefix else path
    proxy = unquote(below_base.lstrip("/"))
    query_single, query_multi = _single_and_multi(parse_qsl(parts.query, keep_blank_values=True))

    forwarded = _header(headers, "X-Forwarded-For")
    headers = [(k, v) for k, v in headers if k.lower() != "x-forwarded-for"]
    headers.append(("X-Forwarded-For", f"{forwarded}, {source_ip}" if forwarded else source_ip))
    headers.append(("X-Forwarded-Proto", "http"))
    header_single, header_multi = _single_and_multi(headers)

    if body:
        text = is_text_content_type(_header(headers, "Content-Type"))
        try:
            event_body: str | None = body.decode() if text else None
        except UnicodeDecodeError:
            event_body = None
        is_base64 = event_body is None
        if is_base64:
            event_body = base64.b64encode(body).decode()
    else:
        event_body, is_base64 = None, False

    resource = "/{proxy+}" if proxy else "/"
    now = time.time()
    domain = (_header(headers, "Host") or "localhost").split(":", 1)[0]
    request_id = str(uuid.uuid4())
    return {
        "resource": resource,
        "path": path,
        "httpMethod": method,
        "headers": header_single,
        "multiValueHeaders": header_multi,
        "queryStringParameters": query_single or None,
        "multiValueQueryStringParameters": query_multi or None,
        "pathParameters": {"proxy": proxy} if proxy else None,
        "stageVariables": None,
        "requestContext": {
            "accountId": ACCOUNT_ID,
            "apiId": "local",
            "domainName": domain,
            "domainPrefix": domain.split(".", 1)[0],
            "extendedRequestId": request_id,
            "httpMethod": method,
            "identity": {
                "sourceIp": source_ip,
                "userAgent": _header(headers, "User-Agent"),
                "accessKey": None,
                "accountId": None,
                "caller": None,
                "user": None,
                "userArn": None,
            },
            "path": path,
            "protocol": "HTTP/1.1",
            "requestId": request_id,
            "requestTime": formatdate(now, usegmt=True),
            "requestTimeEpoch": int(now * 1000),
            "resourceId": "local",
            "resourcePath": resource,
            "stage": STAGE,
        },
        "body": event_body,
        "isBase64Encoded": is_base64,
    }


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
