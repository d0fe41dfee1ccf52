"""Checks on the raw event before routing, and the JSON body parser the resolver uses.

They run before the resolver's own validation (which parses the body), so an oversized or
base64 body is refused without being decoded, and an event the front door never sends (another
payload shape, a header that is not text, no ``requestContext``) gets a clear 400 instead of a
crash in the resolver.
"""

from __future__ import annotations

import json
import math
from typing import Any

from . import front_door
from .contract import FrontDoor
from .errors import ApiError

MAX_BODY_BYTES = 16 * 1024
# API Gateway REST refuses requests whose headers exceed 10 KiB; the same limit applies locally.
MAX_HEADER_BYTES = 10 * 1024
# DynamoDB nests documents at most 32 levels deep; deeper JSON is refused, not half-stored.
MAX_JSON_DEPTH = 32
JSON_MEDIA_TYPE = "application/json"


def refusal(event: object, door: FrontDoor = FrontDoor.REST) -> ApiError | None:
    """The error for an event that must not reach the routes, or ``None``."""
    unsupported = front_door.unsupported(event, door)
    if unsupported is not None or not isinstance(event, dict):
        return unsupported
    headers = front_door.headers(event)
    if _header_bytes(headers) > MAX_HEADER_BYTES:
        return ApiError(
            431, "headers_too_large", f"request headers exceed {MAX_HEADER_BYTES} bytes"
        )
    body = event.get("body")
    if not body:
        return None
    if event.get("isBase64Encoded"):
        return ApiError(
            415, "unsupported_encoding", "base64-encoded (binary) bodies are not accepted"
        )
    if len(body.encode("utf-8", "surrogatepass")) > MAX_BODY_BYTES:
        return ApiError(413, "body_too_large", f"the request body exceeds {MAX_BODY_BYTES} bytes")
    content_type = headers.get("content-type")
    if content_type:
        media_type = content_type[-1].split(";", 1)[0].strip().lower()
        if media_type != JSON_MEDIA_TYPE:
            return ApiError(415, "unsupported_media_type", "send the body as application/json")
    return None


def _canonical_media_type(value: str) -> str:
    """``APPLICATION/JSON; charset=UTF-8`` -> ``application/json; charset=UTF-8``: media types
    are case-insensitive (RFC 9110, 8.3.1); parameter values may not be, so they stay."""
    media_type, semicolon, parameters = value.partition(";")
    return media_type.strip().lower() + semicolon + parameters


def with_canonical_content_type(event: dict[str, Any]) -> dict[str, Any]:
    """``event`` with its ``Content-Type`` media type lower-cased, in every header view.

    Powertools' request validation tests the header with a case-sensitive ``startswith
    ("application/json")`` and raises ``NotImplementedError`` (a 500) for anything else, so a
    valid ``APPLICATION/JSON`` body that ``refusal`` let through would fail there. One place for
    all three event shapes: REST and ALB events may carry ``headers`` and ``multiValueHeaders``,
    HTTP API events ``headers`` only. The event is copied only when something changes.
    """
    copy = dict(event)
    single = event.get("headers")
    if isinstance(single, dict):
        copy["headers"] = {
            k: _canonical_media_type(v) if k.lower() == "content-type" else v
            for k, v in single.items()
        }
    multi = event.get("multiValueHeaders")
    if isinstance(multi, dict):
        copy["multiValueHeaders"] = {
            k: [_canonical_media_type(v) for v in vs] if k.lower() == "content-type" else vs
            for k, vs in multi.items()
        }
    return copy if copy != event else event


def _header_bytes(headers: dict[str, list[str]]) -> int:
    """Size of the headers as sent; single- and multi-value views are the same headers."""
    return sum(len(name) + sum(len(v) for v in values) for name, values in headers.items())


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"number {text} is out of range")
    return value


def _check(value: Any, depth: int) -> None:
    if depth > MAX_JSON_DEPTH:
        raise ValueError(f"JSON nested deeper than {MAX_JSON_DEPTH} levels")
    if isinstance(value, str):
        value.encode("utf-8")  # lone surrogates (\ud800) cannot be stored or echoed
    elif isinstance(value, dict):
        for key, item in value.items():
            key.encode("utf-8")
            _check(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            _check(item, depth + 1)


def parse_json_body(text: str) -> Any:
    """``json.loads`` that refuses what JSON or DynamoDB cannot hold.

    NaN/Infinity, numbers that overflow a float, lone surrogates and nesting beyond
    ``MAX_JSON_DEPTH`` raise ``JSONDecodeError``, which the resolver reports as invalid JSON.
    """
    try:
        value = json.loads(text, parse_constant=_reject_constant, parse_float=_finite_float)
        _check(value, 1)
    except json.JSONDecodeError:
        raise
    except (ValueError, RecursionError, UnicodeError) as exc:
        raise json.JSONDecodeError(str(exc) or type(exc).__name__, text, 0) from None
    return value
