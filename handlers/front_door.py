"""Everything that differs between the three front doors' events, in one module.

``FRONT_DOOR`` (``contract.FrontDoor``) names the event shape this function receives:

- ``rest``: API Gateway REST API, proxy payload v1 (``httpMethod``, ``path``, single- and
  multi-value headers); the client is ``requestContext.identity.sourceIp``.
- ``http``: API Gateway HTTP API, payload v2 (``rawPath``, ``requestContext.http.method``,
  comma-joined ``headers``, ``cookies``); the client is ``requestContext.http.sourceIp``.
- ``alb``: Application Load Balancer (``requestContext.elb``; ``multiValueHeaders`` only when the
  target group enables them, and then the answer must use them too); the client is the last
  ``X-Forwarded-For`` entry, the one the load balancer appends itself (with Global Accelerator's
  client IP preservation that is the client's address).

Nothing a client writes in a header of its own choosing identifies it: without the trusted field
(a console test invoke) or with an unparsable one, the client is ``UNKNOWN_CLIENT``.
"""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any
from urllib.parse import unquote_plus

from .contract import FrontDoor
from .errors import JSON_HEADERS, ApiError

UNKNOWN_CLIENT = "unknown"

_DESCRIPTIONS = {
    FrontDoor.REST: "an API Gateway REST API (payload v1) proxy event",
    FrontDoor.HTTP: "an API Gateway HTTP API (payload v2) event",
    FrontDoor.ALB: "an Application Load Balancer event",
}


# The checks below run on every request (``guards.refusal``), so they are plain loops: ``all()``
# over a generator costs several times more per header on the warm ``/health`` path.
def _is_str_map(value: object) -> bool:
    if not isinstance(value, dict):
        return False
    for key, item in value.items():
        if not isinstance(key, str) or not isinstance(item, str):
            return False
    return True


def _is_list_map(value: object) -> bool:
    if not isinstance(value, dict):
        return False
    for key, items in value.items():
        if not isinstance(key, str) or not isinstance(items, list):
            return False
        for item in items:
            if not isinstance(item, str):
                return False
    return True


def _is_path(value: object) -> bool:
    return isinstance(value, str) and value.startswith("/")


# Fields every shape may carry, and the type each must have when present.
_STR_MAP_FIELDS = ("headers", "queryStringParameters", "pathParameters", "stageVariables")
_LIST_MAP_FIELDS = ("multiValueHeaders", "multiValueQueryStringParameters")


def _common_fields_typed(event: dict[str, Any]) -> bool:
    for name in _STR_MAP_FIELDS:
        value = event.get(name)
        if value is not None and not _is_str_map(value):
            return False
    for name in _LIST_MAP_FIELDS:
        value = event.get(name)
        if value is not None and not _is_list_map(value):
            return False
    body, encoded = event.get("body"), event.get("isBase64Encoded")
    return (body is None or isinstance(body, str)) and (
        encoded is None or isinstance(encoded, bool)
    )


def _is_str_list(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _context(event: dict[str, Any], *path: str) -> Any:
    value: Any = event.get("requestContext")
    for name in path:
        value = value.get(name) if isinstance(value, dict) else None
    return value


def _shape_is(event: dict[str, Any], door: FrontDoor) -> bool:
    if not isinstance(event.get("requestContext"), dict):
        return False
    if not _common_fields_typed(event):
        return False
    if door is FrontDoor.HTTP:
        return (
            event.get("version") == "2.0"
            and _is_path(event.get("rawPath"))
            and isinstance(event.get("rawQueryString", ""), str)
            and (event.get("cookies") is None or _is_str_list(event.get("cookies")))
            and isinstance(_context(event, "http", "method"), str)
            and _is_path(_context(event, "http", "path"))
            and isinstance(_context(event, "stage"), str)
        )
    shaped = (
        event.get("version") in (None, "1.0")
        and isinstance(event.get("httpMethod"), str)
        and _is_path(event.get("path"))
    )
    if door is FrontDoor.ALB:
        return shaped and isinstance(_context(event, "elb"), dict)
    identity = _context(event, "identity")
    return (
        shaped
        and _context(event, "elb") is None
        and (identity is None or isinstance(identity, dict))
    )


def unsupported(event: object, door: FrontDoor) -> ApiError | None:
    """400 ``unsupported_event`` for anything ``door`` never sends (wrong shape, wrong types)."""
    if isinstance(event, dict) and _shape_is(event, door):
        return None
    return ApiError(400, "unsupported_event", f"expected {_DESCRIPTIONS[door]}")


def decoded(event: dict[str, Any], door: FrontDoor) -> dict[str, Any]:
    """The event as the resolver should read it: an ALB passes query strings still URL-encoded."""
    if door is not FrontDoor.ALB:
        return event
    copy = dict(event)
    single = event.get("queryStringParameters")
    multi = event.get("multiValueQueryStringParameters")
    if single:
        copy["queryStringParameters"] = {
            unquote_plus(k): unquote_plus(v) for k, v in single.items()
        }
    if multi:
        copy["multiValueQueryStringParameters"] = {
            unquote_plus(k): [unquote_plus(v) for v in vs] for k, vs in multi.items()
        }
    return copy


def method_and_path(event: dict[str, Any], door: FrontDoor) -> tuple[str, str]:
    """For logs (never the query string: it may carry the health-check secret)."""
    if door is FrontDoor.HTTP:
        return str(_context(event, "http", "method")), str(event["rawPath"])
    return str(event["httpMethod"]), str(event["path"])


def headers(event: dict[str, Any]) -> dict[str, list[str]]:
    """Lower-cased name -> values, from whichever header views the event has."""
    merged: dict[str, list[str]] = {}
    for name, values in (event.get("multiValueHeaders") or {}).items():
        merged[name.lower()] = list(values)
    for name, value in (event.get("headers") or {}).items():
        merged.setdefault(name.lower(), [value])
    if event.get("cookies"):  # payload v2 moves the Cookie header here
        merged.setdefault("cookie", ["; ".join(event["cookies"])])
    return merged


def _normalised_ip(candidate: object) -> str | None:
    if not isinstance(candidate, str):
        return None
    try:
        address = ipaddress.ip_address(candidate.strip().split("/", 1)[0])
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return str(address)


def client_ip(event: dict[str, Any], door: FrontDoor) -> str:
    """The caller's address from the shape's trusted field; ``UNKNOWN_CLIENT`` without one."""
    if door is FrontDoor.REST:
        trusted = _context(event, "identity", "sourceIp")
    elif door is FrontDoor.HTTP:
        trusted = _context(event, "http", "sourceIp")
    else:
        forwarded = headers(event).get("x-forwarded-for") or [""]
        trusted = forwarded[-1].split(",")[-1]
    return _normalised_ip(trusted) or UNKNOWN_CLIENT


def caller(event: dict[str, Any], door: FrontDoor) -> str:
    """The authenticated principal when an authorizer vouches for one; ``""`` when anonymous."""
    if door is FrontDoor.REST:
        principal = _context(event, "authorizer", "principalId")
    elif door is FrontDoor.HTTP:
        principal = _context(event, "authorizer", "jwt", "claims", "sub")
    else:
        principal = None
    return principal if isinstance(principal, str) else ""


def correlation_id(event: dict[str, Any], door: FrontDoor) -> str | None:
    """API Gateway's request id; the load balancer's trace id behind an ALB."""
    if door is FrontDoor.ALB:
        trace = headers(event).get("x-amzn-trace-id")
        return trace[-1] if trace else None
    request_id = _context(event, "requestId")
    return request_id if isinstance(request_id, str) else None


def finished(response: dict[str, Any], door: FrontDoor) -> dict[str, Any]:
    """The resolver's answer completed for ``door``: an ALB wants ``statusDescription`` too."""
    if door is FrontDoor.ALB and "statusDescription" not in response:
        status = int(response.get("statusCode", 200))
        response["statusDescription"] = _status_line(status)
    return response


def _status_line(status: int) -> str:
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return str(status)


def query_value(event: dict[str, Any], door: FrontDoor, name: str) -> str | None:
    """The first value of query parameter ``name``: from the multi-value view when the event has
    one (REST, ALB with multi-value headers on), else the single value as sent. An ALB passes
    both still URL-encoded. Unlike Powertools' resolved parameters, a single value is not split
    on commas (an HTTP API's way of joining repeats), so a value may contain one."""
    source = decoded(event, door) if door is FrontDoor.ALB else event
    multi = source.get("multiValueQueryStringParameters") or {}
    if multi.get(name):
        return str(multi[name][0])
    value = (source.get("queryStringParameters") or {}).get(name)
    return None if value is None else str(value)


def json_response(
    status: int,
    body: Mapping[str, Any],
    door: FrontDoor,
    event: object,
    headers: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """A JSON proxy result in ``door``'s format, built without a resolver: an ALB target with
    multi-value headers on must answer with ``multiValueHeaders``, and wants a status line."""
    response_headers = {**JSON_HEADERS, **(headers or {})}
    response: dict[str, Any] = {
        "statusCode": status,
        "body": json.dumps(body, separators=(",", ":")),
        "isBase64Encoded": False,
    }
    if door is FrontDoor.ALB:
        response["statusDescription"] = _status_line(status)
        if isinstance(event, dict) and isinstance(event.get("multiValueHeaders"), dict):
            response["multiValueHeaders"] = {k: [v] for k, v in response_headers.items()}
            return response
    response["headers"] = response_headers
    return response


def proxy_response(error: ApiError, door: FrontDoor, event: object) -> dict[str, Any]:
    """A raw response in ``door``'s format, for refusals made before the resolver runs."""
    return json_response(error.status, error.body(), door, event, error.headers)
