"""Every route's semantics against moto, one regional table per region."""

from __future__ import annotations

import re
from typing import Any

import pytest
from multi_region_api.handlers import contract

from tests.integration.handlers.support import (
    FORWARDED_EVENT,
    HOME,
    PEER,
    SECRET,
    Api,
    replicate,
    rest_event,
    snapshot,
)

ISO_MS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
ORDER = {"customer": "c-1", "lines": [{"sku": "sku-1", "quantity": 2}]}


def test_hello_names_the_answering_region(api: Api) -> None:
    assert api.call("GET", "/hello").body == {"message": f"Hello from {HOME}", "region": HOME}
    api.use(PEER)
    assert api.call("GET", "/hello").body["region"] == PEER


def test_shallow_health_touches_no_table(api: Api) -> None:
    reply = api.health()
    assert (reply.status, reply.body["status"], reply.body["check"]) == (200, "ok", "shallow")
    assert reply.headers["Cache-Control"] == "no-store"
    assert snapshot(HOME) == []


@pytest.mark.parametrize("secret", [None, "", "wrong", SECRET + "x", SECRET[:-1]])
def test_health_refuses_a_wrong_or_missing_secret(api: Api, secret: str | None) -> None:
    reply = api.health(secret)
    assert reply.status == 403
    assert reply.body == {"error": "forbidden", "message": "missing or wrong healthCheckerId"}


def test_deep_health_writes_and_reads_the_local_replica(api: Api) -> None:
    api.use(HOME, deep_ping_percent=100)
    reply = api.health()
    assert (reply.status, reply.body["check"], reply.body["status"]) == (200, "deep", "ok")
    assert [item[contract.PARTITION_KEY]["S"] for item in snapshot(HOME)] == [
        f"{contract.RESERVED_KEY_PREFIX}HEALTH#{HOME}"
    ]


def test_deep_health_reports_peer_heartbeat_age_and_never_fails_on_it(
    api: Api, capfd: pytest.CaptureFixture[str]
) -> None:
    api.use(PEER, deep_ping_percent=100)
    assert api.health().status == 200
    replicate(PEER, HOME)
    api.use(HOME, deep_ping_percent=100)
    capfd.readouterr()
    assert api.health().status == 200
    metrics = capfd.readouterr().out
    assert '"PeerHeartbeatAge"' in metrics
    assert f'"peerRegion":"{PEER}"' in metrics
    assert '"DeepPingLatency"' in metrics


def test_deep_ping_share_follows_deep_ping_percent(api: Api) -> None:
    from multi_region_api.handlers.config import get_config
    from multi_region_api.handlers.logic import health

    api.use(HOME, deep_ping_percent=10)
    config = get_config()
    assert health.check(config, rand=lambda: 0.5).check == "shallow"
    assert health.check(config, rand=lambda: 0.05).check == "deep"
    assert health.check(config, rand=lambda: 0.1).check == "shallow"


def test_force_fail_answers_503_even_for_shallow_checks(api: Api) -> None:
    api.use(PEER, force_fail_regions=[PEER])
    reply = api.health()
    assert reply.status == 503
    assert reply.body == {
        "status": "fail",
        "region": PEER,
        "check": "shallow",
        "reason": "force_fail",
    }
    assert api.health("nope").status == 403  # the secret is still checked first
    api.use(HOME, force_fail_regions=[PEER])
    assert api.health().status == 200


def test_hits_count_per_region_and_sum_across_regions(api: Api) -> None:
    assert api.call("POST", "/hits").body["total"] == 1
    assert api.call("POST", "/hits").body["byRegion"] == {HOME: 2, PEER: 0}
    api.use(PEER)
    # Concurrent traffic in the peer region increments its own item.
    assert api.call("POST", "/hits").body["byRegion"] == {HOME: 0, PEER: 1}
    replicate(HOME, PEER)
    replicate(PEER, HOME)
    for region in (HOME, PEER):
        api.use(region)
        reply = api.call("GET", "/hits")
        assert reply.body == {
            "ip": "192.168.0.1",  # the fixture's sourceIp "192.168.0.1/32", suffix stripped
            "region": region,
            "total": 3,
            "byRegion": {HOME: 2, PEER: 1},
        }
    keys = [item[contract.PARTITION_KEY]["S"] for item in snapshot(HOME)]
    assert keys == [f"HITS#192.168.0.1#{HOME}", f"HITS#192.168.0.1#{PEER}"]


def test_hits_trust_only_the_source_ip_never_a_header(api: Api) -> None:
    event = rest_event("GET", "/hits", fixture=FORWARDED_EVENT)
    assert api.send(event).body["ip"] == "192.168.196.186"  # sourceIp wins over the header
    del event["requestContext"]["identity"]["sourceIp"]
    # X-Forwarded-For is whatever the client chose to send: no sourceIp, the "unknown" bucket.
    assert api.send(event).body["ip"] == "unknown"
    event["requestContext"]["identity"]["sourceIp"] = "not-an-ip"
    assert api.send(event).body["ip"] == "unknown"
    event["requestContext"]["identity"]["sourceIp"] = "::ffff:203.0.113.9"
    assert api.send(event).body["ip"] == "203.0.113.9"


def test_items_are_written_anywhere_and_the_last_writer_wins(api: Api) -> None:
    put = api.call("PUT", "/items/doc-1", {"data": {"n": 1, "tags": ["a"], "x": 1.5}})
    assert put.status == 200
    assert put.body["updatedRegion"] == HOME
    assert ISO_MS.match(put.body["updatedAt"])
    assert api.call("GET", "/items/doc-1").body == put.body
    replicate(HOME, PEER)
    api.use(PEER)
    later = api.call("PUT", "/items/doc-1", {"data": {"n": 2}})
    assert later.body["updatedRegion"] == PEER
    assert later.body["updatedAt"] >= put.body["updatedAt"]
    assert api.call("GET", "/items/doc-1").body["data"] == {"n": 2}
    assert api.call("DELETE", "/items/doc-1").status == 204
    assert api.call("DELETE", "/items/doc-1").status == 204
    missing = api.call("GET", "/items/doc-1")
    assert (missing.status, missing.body["error"]) == (404, "not_found")


def test_orders_live_in_their_home_region(api: Api) -> None:
    created = api.call("POST", "/orders", ORDER)
    order = created.body
    assert created.status == 201
    assert order["homeRegion"] == HOME
    assert order["version"] == 1
    assert order["status"] == "open"
    assert order["homeUrl"] == f"https://{HOME}.api.example.com/v1"
    assert created.headers["Location"] == f"{order['homeUrl']}/orders/{order['id']}"

    replicate(HOME, PEER)
    api.use(PEER)
    assert api.call("GET", f"/orders/{order['id']}").body == order  # reads work anywhere
    before = snapshot(PEER)
    refused = api.call("PATCH", f"/orders/{order['id']}", {"version": 1, "status": "paid"})
    assert refused.status == 409
    assert refused.body["error"] == "wrong_region"
    assert refused.body["homeRegion"] == HOME
    assert refused.body["homeUrl"] == order["homeUrl"]
    assert refused.headers["Location"] == created.headers["Location"]
    assert snapshot(PEER) == before

    api.use(HOME)
    paid = api.call("PATCH", f"/orders/{order['id']}", {"version": 1, "status": "paid"})
    assert (paid.status, paid.body["version"], paid.body["status"]) == (200, 2, "paid")
    stale = api.call("PATCH", f"/orders/{order['id']}", {"version": 1, "note": "late"})
    assert (stale.status, stale.body["error"], stale.body["currentVersion"]) == (
        409,
        "version_conflict",
        2,
    )
    assert api.call("GET", f"/orders/{order['id']}").body["note"] == ""
    assert api.call("PATCH", "/orders/nope", {"version": 1, "note": "x"}).status == 404


def test_a_conditional_update_loses_to_a_concurrent_writer(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The client read version 1, but another request commits first: the update must not win."""
    from food_for_thought.dal import orders as dal_orders

    from multi_region_api.runtime import get_table

    order = api.call("POST", "/orders", ORDER).body
    table = get_table("multi-region-api-table", HOME)
    real_update = dal_orders.update

    def race_then_update(*args: Any, **kwargs: Any) -> Any:
        monkeypatch.setattr(dal_orders, "update", real_update)
        real_update(
            table, order["id"], 1, {"note": "other writer"}, "other", "2030-01-01T00:00:00.000Z"
        )
        return real_update(*args, **kwargs)

    monkeypatch.setattr(dal_orders, "update", race_then_update)
    reply = api.call("PATCH", f"/orders/{order['id']}", {"version": 1, "status": "paid"})
    assert (reply.status, reply.body["error"], reply.body["currentVersion"]) == (
        409,
        "version_conflict",
        2,
    )
    assert api.call("GET", f"/orders/{order['id']}").body["status"] == "open"


def test_idempotency_key_replays_the_same_order_in_any_region(api: Api) -> None:
    key = {"Idempotency-Key": "7b2e-order-attempt"}
    first = api.call("POST", "/orders", ORDER, headers=dict(key))
    again = api.call("POST", "/orders", ORDER, headers=dict(key))
    assert first.status == again.status == 201
    assert again.body == first.body
    assert again.headers["Location"] == first.headers["Location"]
    orders = [i for i in snapshot(HOME) if i[contract.PARTITION_KEY]["S"].startswith("ORDER#")]
    records = [
        i
        for i in snapshot(HOME)
        if i[contract.PARTITION_KEY]["S"].startswith(contract.RESERVED_KEY_PREFIX + "IDEMPOTENCY#")
    ]
    assert len(orders) == 1
    assert len(records) == 1
    assert records[0][contract.PARTITION_KEY]["S"].startswith(
        contract.RESERVED_KEY_PREFIX + "IDEMPOTENCY#order#"
    )
    assert int(records[0][contract.TTL_ATTRIBUTE]["N"]) > 0

    # After failover the retry lands in the peer, which holds the replicated record.
    replicate(HOME, PEER)
    api.use(PEER)
    assert api.call("POST", "/orders", ORDER, headers=dict(key)).body == first.body
    assert (
        len([i for i in snapshot(PEER) if i[contract.PARTITION_KEY]["S"].startswith("ORDER#")]) == 1
    )


def test_idempotency_key_with_a_different_body_is_refused(api: Api) -> None:
    key = {"idempotency-key": "k-1"}  # HTTP/2 clients send header names in lower case
    api.call("POST", "/orders", ORDER, headers=dict(key))
    before = snapshot(HOME)
    other = {**ORDER, "customer": "someone-else"}
    reply = api.call("POST", "/orders", other, headers=dict(key))
    assert reply.status == 422
    assert reply.body["error"] == "idempotency_key_reused"
    assert snapshot(HOME) == before


def test_orders_without_a_key_are_distinct(api: Api) -> None:
    one, two = api.call("POST", "/orders", ORDER), api.call("POST", "/orders", ORDER)
    assert one.body["id"] != two.body["id"]


def test_catalog_has_a_single_writer(api: Api) -> None:
    entry = {"name": "Widget", "priceCents": 1999}
    stored = api.call("PUT", "/catalog/widget", entry)
    assert stored.status == 200
    assert stored.body["description"] == ""
    api.call("PUT", "/catalog/gadget", {**entry, "name": "Gadget"})
    replicate(HOME, PEER)

    api.use(PEER)
    before = snapshot(PEER)
    refused = api.call("PUT", "/catalog/widget", {**entry, "priceCents": 1})
    assert refused.status == 409
    assert refused.body["error"] == "wrong_region"
    assert refused.body["homeRegion"] == HOME
    assert refused.headers["Location"] == f"https://{HOME}.api.example.com/v1/catalog/widget"
    assert snapshot(PEER) == before
    listing = api.call("GET", "/catalog").body
    assert listing["count"] == 2
    assert [e["id"] for e in listing["entries"]] == ["gadget", "widget"]
    assert api.call("GET", "/catalog/widget").body["priceCents"] == 1999
    assert api.call("GET", "/catalog/nope").status == 404


def test_without_a_base_path_routes_sit_at_the_root(
    aws: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    api = Api(monkeypatch, base_path="")
    assert api.call("GET", "/hello", base_path="").status == 200
    assert api.call("GET", "/hello").status == 404  # /v1/hello is not a route here


def test_openapi_document_describes_every_route_and_error(api: Api) -> None:
    reply = api.call("GET", "/openapi.json")
    doc = reply.body
    assert reply.status == 200
    assert doc["openapi"].startswith("3.")
    assert doc["servers"] == [{"url": f"https://{HOME}.api.example.com/v1"}]
    assert set(doc["paths"]) == {
        contract.HEALTH_PATH,
        "/hello",
        "/hits",
        "/items/{item_id}",
        "/orders",
        "/orders/{order_id}",
        "/catalog",
        "/catalog/{entry_id}",
        "/regions",
    }
    patch = doc["paths"]["/orders/{order_id}"]["patch"]
    assert {"409", "413", "422"} <= set(patch["responses"])
    error_ref = patch["responses"]["409"]["content"]["application/json"]["schema"]["$ref"]
    assert error_ref.endswith("/ErrorBody")
    params = doc["paths"][contract.HEALTH_PATH]["get"]["parameters"]
    assert [p["name"] for p in params] == [contract.HEALTH_SECRET_PARAM]
    headers = doc["paths"]["/orders"]["post"]["parameters"]
    assert [p["name"].lower() for p in headers] == ["idempotency-key"]
