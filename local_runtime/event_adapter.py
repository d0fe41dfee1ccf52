"""HTTP request <-> the Lambda event and response of each front door.

``build_event_for`` builds the shape of the stack's front door: REST API (payload v1,
``build_event``), HTTP API (payload v2, ``build_http_event``) or ALB (multi-value headers on,
``build_alb_event``); ``to_http_response`` maps any of their results back to HTTP.

REST API (v1):
The shapes follow the AWS_PROXY integration of a REST API behind a custom domain: ``resource`` is
``/{proxy+}`` (``/`` for the root), ``path`` is the request path including the base path and, as
REST APIs deliver it, still percent-encoded; ``pathParameters.proxy`` is the path below the base
path, decoded; single- and multi-value views of headers and query
strings, and a text body as-is or any other body base64-encoded with ``isBase64Encoded``.
"""

from __future__ import annotations

import base64
import json
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from email.utils import formatdate
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from multi_region_api.handlers.contract import FrontDoor

STAGE = "local"
ACCOUNT_ID = "123456789012"
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
HTTP_API_STAGE = "$default"
TARGET_GROUP_ARN = (
    f"arn:aws:elasticloadbalancing:local:{ACCOUNT_ID}:targetgroup/local/0123456789abcdef"
)

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


def _event_body(body: bytes, headers: list[tuple[str, str]]) -> tuple[str | None, bool]:
    """(body, isBase64Encoded): text types as text, anything else base64, as the front doors do."""
    if not body:
        return None, False
    if is_text_content_type(_header(headers, "Content-Type")):
        try:
            return body.decode(), False
        except UnicodeDecodeError:
            pass
    return base64.b64encode(body).decode(), True


def build_http_event(
    *,
    method: str,
    target: str,
    headers: list[tuple[str, str]],
    body: bytes,
    source_ip: str,
    base_path: str = "",
) -> dict[str, Any]:
    """The payload v2 event an HTTP API sends through a ``$default`` route.

    Header names are lower-case and repeated values joined with commas; cookies come apart in
    ``cookies``; ``rawPath`` keeps the API mapping key (the base path) and its percent-encoding;
    query values are decoded and joined with commas. The client address is
    ``requestContext.http.sourceIp``.
    """
    del base_path  # an API mapping does not strip its key from rawPath; the dispatcher does
    parts = urlsplit(target)
    path = parts.path or "/"
    joined: dict[str, str] = {}
    cookies: list[str] = []
    for name, value in headers:
        key = name.lower()
        if key == "cookie":
            cookies += [c.strip() for c in value.split(";") if c.strip()]
            continue
        joined[key] = f"{joined[key]},{value}" if key in joined else value
    forwarded = joined.get("x-forwarded-for")
    joined["x-forwarded-for"] = f"{forwarded}, {source_ip}" if forwarded else source_ip
    joined["x-forwarded-proto"] = "https"
    query: dict[str, str] = {}
    for name, value in parse_qsl(parts.query, keep_blank_values=True):
        query[name] = f"{query[name]},{value}" if name in query else value
    event_body, is_base64 = _event_body(body, headers)
    now = time.time()
    domain = joined.get("host", "localhost").split(":", 1)[0]
    event: dict[str, Any] = {
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": path,
        "rawQueryString": parts.query,
        "headers": joined,
        "requestContext": {
            "accountId": ACCOUNT_ID,
            "apiId": "local",
            "domainName": domain,
            "domainPrefix": domain.split(".", 1)[0],
            "http": {
                "method": method,
                "path": unquote(path),
                "protocol": "HTTP/1.1",
                "sourceIp": source_ip,
                "userAgent": joined.get("user-agent", ""),
            },
            "requestId": str(uuid.uuid4()),
            "routeKey": "$default",
            "stage": HTTP_API_STAGE,
            "time": time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime(now)),
            "timeEpoch": int(now * 1000),
        },
        "isBase64Encoded": is_base64,
    }
    if cookies:
        event["cookies"] = cookies
    if query:
        event["queryStringParameters"] = query
    if event_body is not None:
        event["body"] = event_body
    return event


def build_alb_event(
    *,
    method: str,
    target: str,
    headers: list[tuple[str, str]],
    body: bytes,
    source_ip: str,
    base_path: str = "",
) -> dict[str, Any]:
    """The event an ALB sends a Lambda target with multi-value headers enabled.

    The path arrives whole (base path included; an ALB has no mapping), and the query values
    as the client sent them, still percent-encoded. The ALB appends the client address to
    ``X-Forwarded-For`` (with Global Accelerator's client IP preservation it is the caller's),
    whose last entry is the trusted one.
    """
    del base_path  # the dispatcher strips it
    parts = urlsplit(target)
    multi_headers: dict[str, list[str]] = {}
    for name, value in headers:
        multi_headers.setdefault(name.lower(), []).append(value)
    forwarded = ", ".join(multi_headers.pop("x-forwarded-for", []))
    multi_headers["x-forwarded-for"] = [f"{forwarded}, {source_ip}" if forwarded else source_ip]
    multi_headers["x-forwarded-proto"] = ["https"]
    multi_headers["x-forwarded-port"] = ["443"]
    multi_headers["x-amzn-trace-id"] = [f"Root=1-{int(time.time()):08x}-{uuid.uuid4().hex[:24]}"]
    query: dict[str, list[str]] = {}
    for pair in parts.query.split("&") if parts.query else []:
        name, _, value = pair.partition("=")
        query.setdefault(name, []).append(value)
    event_body, is_base64 = _event_body(body, headers)
    return {
        "requestContext": {"elb": {"targetGroupArn": TARGET_GROUP_ARN}},
        "httpMethod": method,
        "path": parts.path or "/",
        "multiValueQueryStringParameters": query,
        "multiValueHeaders": multi_headers,
        "body": event_body or "",
        "isBase64Encoded": is_base64,
    }


_BUILDERS = {
    FrontDoor.REST: build_event,
    FrontDoor.HTTP: build_http_event,
    FrontDoor.ALB: build_alb_event,
}


def build_event_for(
    front_door: FrontDoor,
    *,
    method: str,
    target: str,
    headers: list[tuple[str, str]],
    body: bytes,
    source_ip: str,
    base_path: str = "",
) -> dict[str, Any]:
    """The event ``front_door`` would send the dispatcher for this request."""
    return _BUILDERS[front_door](
        method=method,
        target=target,
        headers=headers,
        body=body,
        source_ip=source_ip,
        base_path=base_path,
    )
