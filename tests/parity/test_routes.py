"""Every route answers on the Lambda runtime as it does in the handler tests.

The containers are shared by the session (as warm Lambda containers are), so each test uses its
own ids and source IP. Replication between the regional tables is done by hand (``replicate``).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable

import pytest
from multi_region_api.handlers import contract

from tests.integration.handlers.support import HOME, PEER
from tests.parity.api import ParityApi

ApiFor = Callable[..., ParityApi]
Replicate = Callable[[str, str], None]
ORDER = {"customer": "c-1", "lines": [{"sku": "sku-1", "quantity": 2}]}
JSON = {"Content-Type": "application/json"}


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def test_health_shallow_deep_and_forbidden(api_for: ApiFor) -> None:
    shallow = api_for(HOME).health()
    assert (shallow.status, shallow.body["check"], shallow.body["region"]) == (200, "shallow", HOME)
    assert shallow.headers["Cache-Control"] == "no-store"
    deep = api_for(HOME, DEEP_PING_PERCENT="100").health()
    assert (deep.status, deep.body["check"], deep.body["status"]) == (200, "deep", "ok")
    for secret in (None, "wrong"):
        refused = api_for(HOME).health(secret)
        assert (refused.status, refused.body["error"]) == (403, "forbidden")


def test_hello_names_the_answering_region(api_for: ApiFor) -> None:
    for region in (HOME, PEER):
        reply = api_for(region).call("GET", "/hello")
        assert reply.body == {"message": f"Hello from {region}", "region": region}


def test_hits_count_per_region(api_for: ApiFor, replicate: Replicate) -> None:
    ip = f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.7"
    assert api_for(HOME).call("POST", "/hits", source_ip=ip).body["total"] == 1
    assert api_for(PEER).call("POST", "/hits", source_ip=ip).body["byRegion"] == {HOME: 0, PEER: 1}
    replicate(PEER, HOME)
    reply = api_for(HOME).call("GET", "/hits", source_ip=ip)
    assert reply.body == {"ip": ip, "region": HOME, "total": 2, "byRegion": {HOME: 1, PEER: 1}}


def test_items_put_get_delete(api_for: ApiFor) -> None:
    api, item = api_for(HOME), f"/items/{unique('doc')}"
    put = api.call("PUT", item, {"data": {"n": 1, "tags": ["a"], "x": 1.5}})
    assert (put.status, put.body["updatedRegion"]) == (200, HOME)
    assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", put.body["updatedAt"])
    assert api.call("GET", item).body == put.body
    assert api.call("DELETE", item).status == 204
    missing = api.call("GET", item)
    assert (missing.status, missing.body["error"]) == (404, "not_found")


def test_orders_create_read_update_and_wrong_region(api_for: ApiFor, replicate: Replicate) -> None:
    home = api_for(HOME)
    created = home.call("POST", "/orders", ORDER)
    order = created.body
    assert (created.status, order["homeRegion"], order["version"]) == (201, HOME, 1)
    assert created.headers["Location"] == f"{order['homeUrl']}/orders/{order['id']}"
    replicate(HOME, PEER)
    peer = api_for(PEER)
    assert peer.call("GET", f"/orders/{order['id']}").body == order
    refused = peer.call("PATCH", f"/orders/{order['id']}", {"version": 1, "status": "paid"})
    assert (refused.status, refused.body["error"], refused.body["homeRegion"]) == (
        409,
        "wrong_region",
        HOME,
    )
    paid = home.call("PATCH", f"/orders/{order['id']}", {"version": 1, "status": "paid"})
    assert (paid.status, paid.body["version"], paid.body["status"]) == (200, 2, "paid")
    stale = home.call("PATCH", f"/orders/{order['id']}", {"version": 1, "note": "late"})
    assert (stale.status, stale.body["error"]) == (409, "version_conflict")


def test_idempotency_key_replays_the_same_order_in_any_region(
    api_for: ApiFor, replicate: Replicate
) -> None:
    key = {"Idempotency-Key": unique("attempt")}
    first = api_for(HOME).call("POST", "/orders", ORDER, headers=key)
    again = api_for(HOME).call("POST", "/orders", ORDER, headers=key)
    assert first.status == again.status == 201
    assert again.body == first.body
    replicate(HOME, PEER)
    assert api_for(PEER).call("POST", "/orders", ORDER, headers=key).body == first.body
    other = api_for(HOME).call("POST", "/orders", {**ORDER, "customer": "c-2"}, headers=key)
    assert (other.status, other.body["error"]) == (422, "idempotency_key_reused")


def test_catalog_has_a_single_writer(api_for: ApiFor, replicate: Replicate) -> None:
    entry_id = unique("widget")
    stored = api_for(HOME).call("PUT", f"/catalog/{entry_id}", {"name": "W", "priceCents": 1999})
    assert (stored.status, stored.body["description"]) == (200, "")
    replicate(HOME, PEER)
    peer = api_for(PEER)
    refused = peer.call("PUT", f"/catalog/{entry_id}", {"name": "W", "priceCents": 1})
    assert (refused.status, refused.body["error"]) == (409, "wrong_region")
    assert peer.call("GET", f"/catalog/{entry_id}").body["priceCents"] == 1999
    assert entry_id in [e["id"] for e in peer.call("GET", "/catalog").body["entries"]]


def test_openapi_document(api_for: ApiFor) -> None:
    reply = api_for(HOME).call("GET", "/openapi.json")
    assert reply.status == 200
    assert reply.body["servers"] == [{"url": f"https://{HOME}.api.example.com/v1"}]
    assert {contract.HEALTH_PATH, "/orders/{order_id}", "/items/{item_id}"} <= set(
        reply.body["paths"]
    )
    assert "ErrorBody" in reply.body["components"]["schemas"]


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "status", "error"),
    [
        ("PUT", "/items/doc", {"body": "{not json", "headers": JSON}, 400, "invalid_json"),
        ("GET", "/nowhere", {}, 404, "not_found"),
        ("DELETE", "/catalog/x", {}, 405, "method_not_allowed"),
        ("PUT", "/items/doc", {"body": '{"data":"' + "x" * 17_000 + '"}', "headers": JSON}, 413,
         "body_too_large"),
        ("PUT", "/items/doc", {"body": "data=1",
         "headers": {"Content-Type": "application/x-www-form-urlencoded"}}, 415,
         "unsupported_media_type"),
        ("POST", "/orders", {"body": '{"customer": "c"}', "headers": JSON}, 422,
         "validation_error"),
        ("GET", "/items/" + "a" * 129, {}, 422, "validation_error"),
    ],
)  # fmt: skip
def test_bad_input_is_a_clear_4xx(
    api_for: ApiFor, method: str, path: str, kwargs: dict[str, object], status: int, error: str
) -> None:
    reply = api_for(HOME).call(method, path, **kwargs)  # type: ignore[arg-type]
    assert (reply.status, reply.body["error"]) == (status, error), reply.body
    if status == 405:
        assert reply.headers["Allow"] == "GET, PUT"
