"""The route suite for every front door: REST (v1), HTTP API (v2) and ALB events.

``FRONT_DOOR`` picks the resolver; routes, errors, limits, guards and the OpenAPI document must
be the same for all three, and the client IP must come from each shape's trusted field. Events
come from ``shapes.py`` (built in code, so this runs without the fixture files).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from multi_region_api.handlers import contract

from tests.integration.handlers import shapes
from tests.integration.handlers.shapes import ShapedApi
from tests.integration.handlers.support import HOME, PEER, SECRET, replicate

ORDER = {"customer": "c-1", "lines": [{"sku": "sku-1", "quantity": 2}]}
JSON = {"Content-Type": "application/json"}


@pytest.fixture(params=list(shapes.BUILDERS))
def door_api(
    aws: None, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> ShapedApi:
    return ShapedApi(monkeypatch, request.param)


def test_hello_and_health(door_api: ShapedApi) -> None:
    assert door_api.call("GET", "/hello").body == {"message": f"Hello from {HOME}", "region": HOME}
    query = {contract.HEALTH_SECRET_PARAM: SECRET}
    assert door_api.call("GET", contract.HEALTH_PATH, query=query).status == 200
    assert door_api.call("GET", contract.HEALTH_PATH).status == 403


def test_a_secret_that_needs_url_encoding_reaches_the_health_route(
    door_api: ShapedApi,
) -> None:
    door_api.use(HOME, HEALTH_CHECK_SECRET="a+b/c=d e&f")
    query = {contract.HEALTH_SECRET_PARAM: "a+b/c=d e&f"}
    assert door_api.call("GET", contract.HEALTH_PATH, query=query).status == 200


def test_hits_count_the_trusted_client_address(door_api: ShapedApi) -> None:
    if door_api.door is contract.FrontDoor.ALB:  # the load balancer appends the real one last
        spoofed = {"X-Forwarded-For": f"203.0.113.66, {shapes.CLIENT_IP}"}
    else:
        spoofed = {"X-Forwarded-For": "203.0.113.66"}
    reply = door_api.call("POST", "/hits", headers=spoofed)
    assert (reply.status, reply.body["ip"], reply.body["total"]) == (200, shapes.CLIENT_IP, 1)
    assert door_api.call("GET", "/hits").body["byRegion"] == {HOME: 1, PEER: 0}


def test_items_round_trip_and_delete_has_no_body(door_api: ShapedApi) -> None:
    put = door_api.call("PUT", "/items/doc-1", {"data": {"n": 1}})
    assert (put.status, put.body["data"]) == (200, {"n": 1})
    assert door_api.call("GET", "/items/doc-1").body == put.body
    deleted = door_api.raw(door_api.event("DELETE", "/items/doc-1"))
    assert deleted["statusCode"] == 204
    assert not deleted.get("body")
    assert door_api.call("GET", "/items/doc-1").status == 404


def test_orders_version_and_idempotency(door_api: ShapedApi) -> None:
    key = {"Idempotency-Key": "door-key-1"}
    created = door_api.call("POST", "/orders", ORDER, headers=dict(key))
    assert created.status == 201
    assert created.headers["Location"].endswith(f"/orders/{created.body['id']}")
    assert door_api.call("POST", "/orders", ORDER, headers=dict(key)).body == created.body
    path = f"/orders/{created.body['id']}"
    paid = door_api.call("PATCH", path, {"version": 1, "status": "paid", "note": None})
    assert (paid.status, paid.body["version"]) == (200, 2)
    stale = door_api.call("PATCH", path, {"version": 1, "note": "late"})
    assert (stale.status, stale.body["error"], stale.body["currentVersion"]) == (
        409,
        "version_conflict",
        2,
    )
    replicate(HOME, PEER)
    door_api.use(PEER, **{contract.ENV_FRONT_DOOR: door_api.door.value})
    refused = door_api.call("PATCH", path, {"version": 2, "note": "x"})
    assert (refused.status, refused.body["error"]) == (409, "wrong_region")
    assert refused.headers["Location"] == created.headers["Location"]


def test_catalog_single_writer(door_api: ShapedApi) -> None:
    entry = door_api.call("PUT", "/catalog/widget", {"name": "Widget", "priceCents": 1999.0})
    assert (entry.status, entry.body["priceCents"]) == (200, 1999)
    assert door_api.call("GET", "/catalog").body["count"] == 1


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "status", "code"),
    [
        ("GET", "/nowhere", {}, 404, "not_found"),
        ("DELETE", "/hello", {}, 405, "method_not_allowed"),
        ("PUT", "/items/x", {"body": '{"data": {', "headers": JSON}, 400, "invalid_json"),
        ("PUT", "/items/x", {"body": '{"data": 1}', "headers": JSON}, 422, "validation_error"),
        ("PUT", "/items/x", {"body": "{}", "headers": {"Content-Type": "text/plain"}}, 415,
         "unsupported_media_type"),
        ("PUT", "/items/x", {"body": '{"data":"' + "x" * 17_000 + '"}', "headers": JSON}, 413,
         "body_too_large"),
        ("GET", "/hello", {"headers": {"X-Padding": "x" * 12_000}}, 431, "headers_too_large"),
    ],
)  # fmt: skip
def test_errors_are_the_same_json_everywhere(
    door_api: ShapedApi, method: str, path: str, kwargs: dict[str, Any], status: int, code: str
) -> None:
    answer = door_api.raw(door_api.event(method, path, **kwargs))
    reply = door_api.send(door_api.event(method, path, **kwargs))
    assert (reply.status, reply.body["error"]) == (status, code)
    assert reply.headers["Content-Type"] == "application/json"
    if door_api.door is contract.FrontDoor.ALB:
        assert answer["statusDescription"].startswith(f"{status} ")


def test_another_doors_event_is_unsupported_in_this_doors_format(door_api: ShapedApi) -> None:
    others = [b for v, (d, b) in shapes.BUILDERS.items() if d is not door_api.door]
    for build in others:
        answer = door_api.raw(build("GET", "/v1/hello"))
        assert answer["statusCode"] == 400
        assert json.loads(answer["body"])["error"] == "unsupported_event"
        if door_api.door is contract.FrontDoor.ALB:
            assert answer["statusDescription"] == "400 Bad Request"


def test_the_openapi_document_is_the_same_for_every_door(
    aws: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from multi_region_api.handlers import resolver

    documents = []
    for variant in ("rest", "http", "alb"):
        api = ShapedApi(monkeypatch, variant)
        resolver._openapi.cache_clear()
        documents.append(api.call("GET", "/openapi.json").body)
        assert api.call("GET", "/openapi.json").status == 200
    assert documents[0] == documents[1] == documents[2]
