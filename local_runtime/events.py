"""The project's one source of Lambda events: an HTTP request as each front door delivers it.

The local runtime turns every HTTP request into an event here, and the handler tests, the
runtime-parity tier and the benchmarks build theirs here too, so there is one definition of each
shape. ``tests/integration/handlers/test_event_conformance.py`` checks the shapes against real
payloads when ``../shared/fixtures/apigw-events`` is present.

Shapes, by ``FrontDoor``:

* ``REST``: the AWS_PROXY integration of a REST API behind a custom domain. ``resource`` is
  ``/{proxy+}`` (``/`` for the root), ``path`` is the request path including the base path and, as
  REST APIs deliver it, still percent-encoded; ``pathParameters.proxy`` is the path below the base
  path, decoded; single- and multi-value views of headers and query strings; API Gateway appends
  the caller to ``X-Forwarded-For``.
* ``HTTP``: HTTP API payload v2 on the ``$default`` route: ``rawPath``/``rawQueryString``,
  lower-case headers with repeated values comma-joined, cookies split out of ``Cookie``.

Any shape: a text body as-is, any other body base64-encoded with ``isBase64Encoded``. To add a
shape (ALB), write a builder with the signature of ``_rest`` and register it in ``BUILDERS``.
"""

from __future__ import annotations

import base64
import time
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from email.utils import formatdate
from typing import Any
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

from multi_region_api.handlers.contract import FrontDoor

STAGE = "local"
ACCOUNT_ID = "123456789012"
API_ID = "local"

_TEXT_TYPES = (
    "application/json",
    "application/xml",
    "application/x-www-form-urlencoded",
    "application/javascript",
    "application/yaml",
)


def is_text_content_type(content_type: str | None) -> bool:
    """Bodies of these types reach the Lambda as text; everything else base64 (binary)."""
    if not content_type:
        return True
    mime = content_type.split(";", 1)[0].strip().lower()
    return mime.startswith("text/") or mime in _TEXT_TYPES or mime.endswith(("+json", "+xml"))


@dataclass(frozen=True)
class Request:
    """One HTTP request as the front door received it; ``target`` is ``path?query``, raw."""

    method: str
    target: str
    headers: tuple[tuple[str, str], ...]
    body: bytes
    source_ip: str
    base_path: str = ""
    stage: str = STAGE

    @property
    def path(self) -> str:
        return urlsplit(self.target).path or "/"

    @property
    def query(self) -> list[tuple[str, str]]:
        return parse_qsl(urlsplit(self.target).query, keep_blank_values=True)

    @property
    def raw_query(self) -> str:
        return urlsplit(self.target).query

    def header(self, name: str) -> str | None:
        wanted = name.lower()
        return next((v for k, v in reversed(self.headers) if k.lower() == wanted), None)

    def encoded_body(self) -> tuple[str | None, bool]:
        """The event's ``body`` and ``isBase64Encoded``."""
        if not self.body:
            return None, False
        if is_text_content_type(self.header("Content-Type")):
            try:
                return self.body.decode(), False
            except UnicodeDecodeError:
                pass
        return base64.b64encode(self.body).decode(), True


def _single_and_multi(
    pairs: Iterable[tuple[str, str]],
) -> tuple[dict[str, str], dict[str, list[str]]]:
    single: dict[str, str] = {}
    multi: dict[str, list[str]] = {}
    for name, value in pairs:
        single[name] = value  # API Gateway keeps the last value in the single-value view
        multi.setdefault(name, []).append(value)
    return single, multi


def _domain(request: Request) -> str:
    return (request.header("Host") or "localhost").split(":", 1)[0]


def _rest(request: Request) -> dict[str, Any]:
    path = request.path
    prefix = f"/{request.base_path}" if request.base_path else ""
    below_base = path[len(prefix) :] if prefix and path.startswith(prefix) else path
    proxy = unquote(below_base.lstrip("/"))
    query_single, query_multi = _single_and_multi(request.query)

    forwarded = request.header("X-Forwarded-For")
    headers = [(k, v) for k, v in request.headers if k.lower() != "x-forwarded-for"]
    hops = f"{forwarded}, {request.source_ip}" if forwarded else request.source_ip
    headers += [("X-Forwarded-For", hops), ("X-Forwarded-Proto", "http")]
    header_single, header_multi = _single_and_multi(headers)
    body, is_base64 = request.encoded_body()

    resource = "/{proxy+}" if proxy else "/"
    now = time.time()
    domain = _domain(request)
    request_id = str(uuid.uuid4())
    return {
        "resource": resource,
        "path": path,
        "httpMethod": request.method,
        "headers": header_single,
        "multiValueHeaders": header_multi,
        "queryStringParameters": query_single or None,
        "multiValueQueryStringParameters": query_multi or None,
        "pathParameters": {"proxy": proxy} if proxy else None,
        "stageVariables": None,
        "requestContext": {
            "accountId": ACCOUNT_ID,
            "apiId": API_ID,
            "domainName": domain,
            "domainPrefix": domain.split(".", 1)[0],
            "extendedRequestId": request_id,
            "httpMethod": request.method,
            "identity": {
                "sourceIp": request.source_ip,
                "userAgent": request.header("User-Agent"),
                "accessKey": None,
                "accountId": None,
                "caller": None,
                "cognitoAuthenticationProvider": None,
                "cognitoAuthenticationType": None,
                "cognitoIdentityId": None,
                "cognitoIdentityPoolId": None,
                "user": None,
                "userArn": None,
            },
            "path": path,
            "protocol": "HTTP/1.1",
            "requestId": request_id,
            "requestTime": formatdate(now, usegmt=True),
            "requestTimeEpoch": int(now * 1000),
            "resourceId": API_ID,
            "resourcePath": resource,
            "stage": request.stage,
        },
        "body": body,
        "isBase64Encoded": is_base64,
    }


def _http_v2(request: Request) -> dict[str, Any]:
    headers: dict[str, str] = {}
    cookies: list[str] = []
    for name, value in request.headers:
        key = name.lower()
        if key == "cookie":
            cookies += [c.strip() for c in value.split(";") if c.strip()]
            continue
        headers[key] = f"{headers[key]},{value}" if key in headers else value
    forwarded = headers.get("x-forwarded-for")
    hops = f"{forwarded}, {request.source_ip}" if forwarded else request.source_ip
    headers["x-forwarded-for"] = hops
    headers["x-forwarded-proto"] = "http"
    _, query_multi = _single_and_multi(request.query)
    body, is_base64 = request.encoded_body()

    now = time.time()
    domain = _domain(request)
    event: dict[str, Any] = {
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": request.path,
        "rawQueryString": request.raw_query,
        "headers": headers,
        "requestContext": {
            "accountId": ACCOUNT_ID,
            "apiId": API_ID,
            "domainName": domain,
            "domainPrefix": domain.split(".", 1)[0],
            "http": {
                "method": request.method,
                "path": request.path,
                "protocol": "HTTP/1.1",
                "sourceIp": request.source_ip,
                "userAgent": request.header("User-Agent") or "",
            },
            "requestId": str(uuid.uuid4()),
            "routeKey": "$default",
            "stage": "$default",
            "time": time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime(now)),
            "timeEpoch": int(now * 1000),
        },
        "isBase64Encoded": is_base64,
    }
    # HTTP APIs leave out what the request does not have.
    if cookies:
        event["cookies"] = cookies
    if query_multi:
        event["queryStringParameters"] = {k: ",".join(v) for k, v in query_multi.items()}
    if body is not None:
        event["body"] = body
    return event


TARGET_GROUP_ARN = (
    f"arn:aws:elasticloadbalancing:local:{ACCOUNT_ID}:targetgroup/local/0123456789abcdef"
)


def _alb(request: Request) -> dict[str, Any]:
    """The event an ALB sends a Lambda target with multi-value headers enabled.

    The path arrives whole (base path included; an ALB has no mapping), and the query values
    as the client sent them, still percent-encoded. The ALB appends the client address to
    ``X-Forwarded-For`` (with Global Accelerator's client IP preservation it is the caller's),
    whose last entry is the trusted one.
    """
    multi_headers: dict[str, list[str]] = {}
    for name, value in request.headers:
        multi_headers.setdefault(name.lower(), []).append(value)
    forwarded = ", ".join(multi_headers.pop("x-forwarded-for", []))
    source = request.source_ip
    multi_headers["x-forwarded-for"] = [f"{forwarded}, {source}" if forwarded else source]
    multi_headers["x-forwarded-proto"] = ["https"]
    multi_headers["x-forwarded-port"] = ["443"]
    multi_headers["x-amzn-trace-id"] = [f"Root=1-{int(time.time()):08x}-{uuid.uuid4().hex[:24]}"]
    query: dict[str, list[str]] = {}
    for pair in request.raw_query.split("&") if request.raw_query else []:
        name, _, value = pair.partition("=")
        query.setdefault(name, []).append(value)
    body, is_base64 = request.encoded_body()
    return {
        "requestContext": {"elb": {"targetGroupArn": TARGET_GROUP_ARN}},
        "httpMethod": request.method,
        "path": request.path,
        "multiValueQueryStringParameters": query,
        "multiValueHeaders": multi_headers,
        "body": body or "",
        "isBase64Encoded": is_base64,
    }


BUILDERS: dict[FrontDoor, Callable[[Request], dict[str, Any]]] = {
    FrontDoor.REST: _rest,
    FrontDoor.HTTP: _http_v2,
    FrontDoor.ALB: _alb,
}
SHAPES: tuple[FrontDoor, ...] = tuple(BUILDERS)
"""The front doors whose events this module builds."""


def event_for(request: Request, shape: FrontDoor = FrontDoor.REST) -> dict[str, Any]:
    """The event ``shape``'s front door sends the Lambda for ``request``."""
    try:
        builder = BUILDERS[shape]
    except KeyError:
        have = ", ".join(s.value for s in SHAPES)
        raise ValueError(f"no event builder for front door {shape.value!r}; have {have}") from None
    return builder(request)


def build_event(
    *,
    method: str,
    target: str,
    headers: Iterable[tuple[str, str]],
    body: bytes,
    source_ip: str,
    base_path: str = "",
    shape: FrontDoor = FrontDoor.REST,
) -> dict[str, Any]:
    """The event for a request received by the local runtime (``target`` is path?query)."""
    request = Request(method, target, tuple(headers), body, source_ip, base_path)
    return event_for(request, shape)


def build_http_event(**request: Any) -> dict[str, Any]:
    """``build_event`` for an HTTP API (payload v2)."""
    return build_event(**request, shape=FrontDoor.HTTP)


def build_alb_event(**request: Any) -> dict[str, Any]:
    """``build_event`` for an ALB Lambda target (multi-value headers on)."""
    return build_event(**request, shape=FrontDoor.ALB)


DEFAULT_HEADERS: tuple[tuple[str, str], ...] = (
    ("Host", "api.example.com"),
    ("User-Agent", "multi-region-api-tests"),
    ("Accept", "*/*"),
)
DEFAULT_SOURCE_IP = "192.168.0.1"


def http_event(
    method: str,
    path: str,
    *,
    shape: FrontDoor = FrontDoor.REST,
    base_path: str = "",
    query: Mapping[str, str] | None = None,
    headers: Mapping[str, str] | None = None,
    body: str | bytes | None = None,
    source_ip: str = DEFAULT_SOURCE_IP,
) -> dict[str, Any]:
    """An event for ``method path`` (``path`` below ``base_path``), for tests and benchmarks.

    ``headers`` replace the defaults of the same name; a ``str`` body is sent as UTF-8.
    """
    full_path = f"/{base_path}{path}" if base_path else path
    target = f"{full_path}?{urlencode(query)}" if query else full_path
    given = {k.lower() for k in headers or {}}
    merged = [(k, v) for k, v in DEFAULT_HEADERS if k.lower() not in given]
    merged += list((headers or {}).items())
    raw = body.encode() if isinstance(body, str) else body or b""
    return event_for(Request(method, target, tuple(merged), raw, source_ip, base_path), shape)
