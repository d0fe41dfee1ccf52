"""Bad input: a 4xx with the JSON error shape, never a 5xx or a traceback, and no write."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.integration.handlers.support import (
    HOME,
    V2_EVENT,
    Api,
    load_event,
    rest_event,
    snapshots,
)

JSON = {"Content-Type": "application/json"}
ORDER = {"customer": "c", "lines": [{"sku": "s", "quantity": 1}]}


def _put_item(body: str, **headers: str) -> dict[str, Any]:
    return rest_event("PUT", "/items/doc", body=body, headers={**JSON, **headers})


def _post_order(body: str) -> dict[str, Any]:
    return rest_event("POST", "/orders", body=body, headers=JSON)


def _base64() -> dict[str, Any]:
    event = _put_item("eyJkYXRhIjp7fX0=")
    event["isBase64Encoded"] = True
    return event


def _huge_headers() -> dict[str, Any]:
    return rest_event("GET", "/hello", headers={"X-Padding": "x" * 12_000})


def _duplicate_idempotency_header() -> dict[str, Any]:
    event = _post_order(json.dumps(ORDER))
    event["multiValueHeaders"]["Idempotency-Key"] = ["a", "b"]
    event["headers"]["Idempotency-Key"] = "b"
    return event


def _deeply_nested() -> str:
    return '{"data":{"a":' + "[" * 40 + "]" * 40 + "}}"


CASES: list[tuple[str, Any, int, str]] = [
    ("malformed JSON", _put_item('{"data": {'), 400, "invalid_json"),
    ("empty JSON text", _put_item(" "), 400, "invalid_json"),
    ("NaN", _put_item('{"data": {"x": NaN}}'), 400, "invalid_json"),
    ("float overflow", _put_item('{"data": {"x": 1e999}}'), 400, "invalid_json"),
    ("lone surrogate", _put_item('{"data": {"x": "\\ud800"}}'), 400, "invalid_json"),
    ("nesting beyond DynamoDB", _put_item(_deeply_nested()), 400, "invalid_json"),
    ("recursion bomb", _put_item("[" * 5000), 400, "invalid_json"),
    ("array instead of object", _put_item("[1, 2]"), 422, "validation_error"),
    ("data is not an object", _put_item('{"data": [1]}'), 422, "validation_error"),
    ("missing field", _put_item("{}"), 422, "validation_error"),
    ("unknown field", _put_item('{"data": {}, "extra": 1}'), 422, "validation_error"),
    ("string for int", _post_order('{"customer":"c","lines":[{"sku":"s","quantity":"1"}]}'), 422,
     "validation_error"),
    ("bool for int", _post_order('{"customer":"c","lines":[{"sku":"s","quantity":true}]}'), 422,
     "validation_error"),
    ("quantity out of range", _post_order('{"customer":"c","lines":[{"sku":"s","quantity":0}]}'),
     422, "validation_error"),
    ("no lines", _post_order('{"customer":"c","lines":[]}'), 422, "validation_error"),
    ("sku not URL-safe", _post_order('{"customer":"c","lines":[{"sku":"a b","quantity":1}]}'),
     422, "validation_error"),
    ("null body", _post_order("null"), 422, "validation_error"),
    ("missing body", rest_event("POST", "/orders", headers=JSON), 422, "validation_error"),
    ("id too long", rest_event("GET", "/items/" + "a" * 129), 422, "validation_error"),
    ("id too long on write", rest_event("PUT", "/items/" + "a" * 129, body='{"data":{}}'), 422,
     "validation_error"),
    ("id not URL-safe", rest_event("PUT", "/items/a%20b", body='{"data":{}}'), 422,
     "validation_error"),
    ("id with unicode", rest_event("PUT", "/items/caf\u00e9", body='{"data":{}}'), 422,
     "validation_error"),
    ("patch without changes", rest_event("PATCH", "/orders/o1", body='{"version":1}',
     headers=JSON), 422, "validation_error"),
    ("unknown status", rest_event("PATCH", "/orders/o1", body='{"version":1,"status":"lost"}',
     headers=JSON), 422, "validation_error"),
    ("bad idempotency key", rest_event("POST", "/orders", body=json.dumps(ORDER),
     headers={**JSON, "Idempotency-Key": "has space"}), 422, "validation_error"),
    ("two idempotency keys", _duplicate_idempotency_header(), 422, "validation_error"),
    ("body over the limit", _put_item(json.dumps({"data": {"x": "y" * 17_000}})), 413,
     "body_too_large"),
    ("base64 body", _base64(), 415, "unsupported_encoding"),
    ("form body", rest_event("PUT", "/items/doc", body="data=1",
     headers={"Content-Type": "application/x-www-form-urlencoded"}), 415,
     "unsupported_media_type"),
    ("text body", _put_item('{"data":{}}', **{"Content-Type": "text/plain"}), 415,
     "unsupported_media_type"),
    ("huge headers", _huge_headers(), 431, "headers_too_large"),
    ("unknown route", rest_event("GET", "/nowhere"), 404, "not_found"),
    ("wrong method", rest_event("DELETE", "/catalog/x"), 405, "method_not_allowed"),
    ("wrong method on a collection", rest_event("PUT", "/orders", body="{}", headers=JSON), 405,
     "method_not_allowed"),
    ("HTTP API v2 event", load_event(V2_EVENT), 400, "unsupported_event"),
    ("not an event", "GET /hello", 400, "unsupported_event"),
    ("no method", {"path": "/v1/hello"}, 400, "unsupported_event"),
    ("catalog price negative", rest_event("PUT", "/catalog/x", body='{"name":"n","priceCents":-1}',
     headers=JSON), 422, "validation_error"),
]  # fmt: skip


@pytest.mark.parametrize(("event", "status", "code"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])  # fmt: skip
def test_bad_input_is_refused_with_json_and_writes_nothing(
    api: Api, event: Any, status: int, code: str
) -> None:
    api.call("PUT", "/items/existing", {"data": {"keep": True}})
    before = snapshots()
    answer = api.raw(event)
    body = json.loads(answer["body"])
    assert answer["statusCode"] == status
    assert body["error"] == code
    assert isinstance(body["message"], str)
    assert "Traceback" not in answer["body"]
    assert snapshots() == before


def test_validation_errors_say_where(api: Api) -> None:
    reply = api.send(_post_order('{"customer":"c","lines":[{"sku":"s","quantity":"1"}]}'))
    assert reply.body["details"] == [
        {
            "loc": ["body", "lines", 0, "quantity"],
            "type": "int_type",
            "msg": reply.body["details"][0]["msg"],
        }
    ]


def test_method_not_allowed_lists_the_allowed_methods(api: Api) -> None:
    reply = api.send(rest_event("POST", "/items/doc"))
    assert reply.status == 405
    assert reply.headers["Allow"] == "DELETE, GET, PUT"


def test_a_rest_event_with_a_trailing_slash_still_routes(api: Api) -> None:
    assert api.send(rest_event("GET", "/hello/")).status == 200


def test_json_with_a_charset_or_no_content_type_is_accepted(api: Api) -> None:
    event = _put_item('{"data": {}}', **{"Content-Type": "application/json; charset=utf-8"})
    assert api.send(event).status == 200
    assert api.send(rest_event("PUT", "/items/doc", body='{"data": {}}')).status == 200


def test_the_table_holds_exactly_what_was_accepted(api: Api) -> None:
    """The guard against a test that cannot fail: accepted writes do change the snapshot."""
    before = snapshots()
    api.call("PUT", "/items/doc", {"data": {}})
    assert snapshots()[HOME] != before[HOME]
