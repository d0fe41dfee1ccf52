"""Every write route is applied exactly once when an answer is lost and the call is retried.

moto server sits behind ``fault_proxy``: the n-th write of a request is applied, then its answer
comes late, never, or as a 500; botocore retries it. For each write route, each of its writes,
each fault and both regions the request must succeed with the stored result and leave exactly one
effect; the client's own retry (same request again) must change nothing either. Then the same
``Idempotency-Key`` sent to two regions, back to back and concurrently, must converge on one order.
"""

from __future__ import annotations

import json
import threading
import urllib.request
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import pytest
from multi_region_api.components.table_schema import boto3_create_table_kwargs
from multi_region_api.handlers import contract

from tests.integration.handlers.fault_proxy import FAULTS, FaultyDynamoDB, faulty_dynamodb
from tests.integration.handlers.shapes import ShapedApi
from tests.integration.handlers.support import (
    HOME,
    PEER,
    TABLE,
    Api,
    FakeContext,
    Reply,
    region_env,
)

ORDER = {"customer": "c-1", "lines": [{"sku": "sku-1", "quantity": 2}]}


@pytest.fixture(scope="module")
def dynamodb() -> Iterator[FaultyDynamoDB]:
    with faulty_dynamodb() as served:
        yield served


@pytest.fixture
def api(dynamodb: FaultyDynamoDB, monkeypatch: pytest.MonkeyPatch) -> Api:
    """The dispatcher of either region, its DynamoDB calls going through the faulty proxy."""
    for key in ("AWS_PROFILE", "AWS_ENDPOINT_URL"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_ENDPOINT_URL_DYNAMODB", dynamodb.proxy_url)
    reset = f"{dynamodb.moto_url}/moto-api/reset"
    urllib.request.urlopen(urllib.request.Request(reset, method="POST"), timeout=10).close()  # noqa: S310 - loopback moto server
    for region in (HOME, PEER):
        dynamodb.client(region).create_table(**boto3_create_table_kwargs(TABLE))
    dynamodb.plan.arm(None)
    return ShapedApi(monkeypatch, "rest")


def items(dynamodb: FaultyDynamoDB, region: str, prefix: str) -> list[dict[str, Any]]:
    scanned = dynamodb.client(region).scan(TableName=TABLE)["Items"]
    found = [i for i in scanned if i[contract.PARTITION_KEY]["S"].startswith(prefix)]
    return sorted(found, key=lambda i: i[contract.PARTITION_KEY]["S"])


def replicate(dynamodb: FaultyDynamoDB, source: str, target: str) -> None:
    """What the global table does, by hand (straight to moto, past the proxy)."""
    client = dynamodb.client(target)
    for item in dynamodb.client(source).scan(TableName=TABLE)["Items"]:
        client.put_item(TableName=TABLE, Item=item)


@dataclass(frozen=True)
class Route:
    """A write route: ``prepare`` (unfaulted) returns what ``act`` needs; ``check`` the effect."""

    name: str
    writes: int  # DynamoDB writes one request makes
    act: Callable[[Api, Any], Reply]
    check: Callable[[Api, FaultyDynamoDB, Any, Reply], None]
    prepare: Callable[[Api], Any] = lambda api: None
    home_only: bool = False


def _check_hit(api: Api, db: FaultyDynamoDB, _: Any, reply: Reply) -> None:
    assert (reply.status, reply.body["byRegion"][api.region]) == (200, 1), reply
    (counter,) = items(db, api.region, "HITS#")
    assert counter["count"]["N"] == "1"
    again = api.call("POST", "/hits")  # a new request counts, once
    assert again.body["byRegion"][api.region] == 2


def _check_order(api: Api, db: FaultyDynamoDB, key: str | None, reply: Reply) -> None:
    assert reply.status == 201, reply
    assert reply.body["homeRegion"] == api.region
    assert len(items(db, api.region, "ORDER#")) == 1
    assert api.call("GET", f"/orders/{reply.body['id']}").body == reply.body
    if key is not None:  # the client retries too: the same order, still one
        again = api.call("POST", "/orders", ORDER, headers={"Idempotency-Key": key})
        assert (again.status, again.body) == (201, reply.body)
        assert len(items(db, api.region, "ORDER#")) == 1


def _check_patch(api: Api, db: FaultyDynamoDB, order_id: str, reply: Reply) -> None:
    assert (reply.status, reply.body["version"], reply.body["status"]) == (200, 2, "paid"), reply
    again = api.call("PATCH", f"/orders/{order_id}", {"version": 1, "status": "paid"})
    assert (again.status, again.body) == (200, reply.body)  # the client's retry: same answer
    (order,) = items(db, api.region, "ORDER#")
    assert order["version"]["N"] == "2"


def _check_put_item(api: Api, db: FaultyDynamoDB, _: Any, reply: Reply) -> None:
    assert reply.status == 200, reply
    assert api.call("GET", "/items/doc").body == reply.body


def _check_delete(api: Api, db: FaultyDynamoDB, _: Any, reply: Reply) -> None:
    assert reply.status == 204, reply
    assert items(db, api.region, "ITEM#") == []


def _check_catalog(api: Api, db: FaultyDynamoDB, _: Any, reply: Reply) -> None:
    assert reply.status == 200, reply
    listed = api.call("GET", "/catalog").body
    assert (listed["count"], listed["entries"][0]) == (1, reply.body)


ROUTES = [
    Route("POST /hits", 1, lambda api, _: api.call("POST", "/hits"), _check_hit),
    Route("POST /orders", 1, lambda api, _: api.call("POST", "/orders", ORDER), _check_order),
    Route(
        "POST /orders + Idempotency-Key",
        3,  # in-progress record, the order, the completed record
        lambda api, key: api.call("POST", "/orders", ORDER, headers={"Idempotency-Key": key}),
        _check_order,
        prepare=lambda api: "retry-me-1",
    ),
    Route(
        "PATCH /orders/{id}",
        1,
        lambda api, oid: api.call("PATCH", f"/orders/{oid}", {"version": 1, "status": "paid"}),
        _check_patch,
        prepare=lambda api: api.call("POST", "/orders", ORDER).body["id"],
    ),
    Route(
        "PUT /items/{id}",
        1,
        lambda api, _: api.call("PUT", "/items/doc", {"data": {"n": 1}}),
        _check_put_item,
    ),
    Route(
        "DELETE /items/{id}",
        1,
        lambda api, _: api.call("DELETE", "/items/doc"),
        _check_delete,
        prepare=lambda api: api.call("PUT", "/items/doc", {"data": {"n": 1}}),
    ),
    Route(
        "PUT /catalog/{id}",
        2,  # the index, then the entry
        lambda api, _: api.call("PUT", "/catalog/widget", {"name": "Widget", "priceCents": 5}),
        _check_catalog,
        home_only=True,  # elsewhere it is refused before any write
    ),
]
SCENARIOS = [
    pytest.param(route, nth, fault, region, id=f"{route.name} write{nth} {fault} {region}")
    for route in ROUTES
    for nth in range(1, route.writes + 1)
    for fault in FAULTS
    for region in ((HOME,) if route.home_only else (HOME, PEER))
]


@pytest.mark.parametrize(("route", "nth", "fault", "region"), SCENARIOS)
def test_a_write_whose_answer_is_lost_is_applied_once(
    api: Api, dynamodb: FaultyDynamoDB, route: Route, nth: int, fault: str, region: str
) -> None:
    api.use(region)
    context = route.prepare(api)
    dynamodb.plan.arm(fault, nth)
    reply = route.act(api, context)
    plan = dynamodb.plan
    assert len(plan.faulted) == 1, f"no fault was injected: writes {plan.writes}"
    assert plan.writes.count(plan.faulted[0]) >= 2, f"the write was not retried: {plan.writes}"
    route.check(api, dynamodb, context, reply)


def test_the_same_key_in_two_regions_back_to_back_makes_one_order(
    api: Api, dynamodb: FaultyDynamoDB
) -> None:
    """A client retries through the shared name after a failover: the other region answers."""
    answers = []
    for region in (HOME, PEER):
        api.use(region)
        answer = api.call("POST", "/orders", ORDER, headers={"Idempotency-Key": "failover-1"})
        assert answer.status == 201
        answers.append(answer.body)
    assert answers[0]["id"] == answers[1]["id"]
    replicate(dynamodb, HOME, PEER)
    replicate(dynamodb, PEER, HOME)
    for region in (HOME, PEER):
        assert [i[contract.PARTITION_KEY]["S"] for i in items(dynamodb, region, "ORDER#")] == [
            f"ORDER#{answers[0]['id']}"
        ]
        api.use(region)
        again = api.call("POST", "/orders", ORDER, headers={"Idempotency-Key": "failover-1"})
        assert again.body["id"] == answers[0]["id"]


def test_the_same_key_in_two_regions_at_once_makes_one_order(
    api: Api, dynamodb: FaultyDynamoDB
) -> None:
    """Both regions' Lambdas run the same key concurrently, ten times over."""
    from food_for_thought.logic import orders
    from food_for_thought.models import OrderCreate
    from multi_region_api.handlers.config import load_config

    configs = [load_config(region_env(region)) for region in (HOME, PEER)]
    payload = OrderCreate.model_validate_json(json.dumps(ORDER))
    for attempt in range(10):
        key = f"concurrent-{attempt}"
        start = threading.Barrier(2)

        def create(config: Any, key: str = key, start: threading.Barrier = start) -> str:
            start.wait(timeout=10)
            return orders.create_order(config, payload, key, "", FakeContext()).id

        with ThreadPoolExecutor(max_workers=2) as pool:
            ids = list(pool.map(create, configs))
        assert ids[0] == ids[1], attempt
    replicate(dynamodb, HOME, PEER)
    replicate(dynamodb, PEER, HOME)
    for region in (HOME, PEER):
        assert len(items(dynamodb, region, "ORDER#")) == 10


def test_a_client_retry_of_a_hit_with_a_key_counts_once(api: Api, dynamodb: FaultyDynamoDB) -> None:
    key = {"Idempotency-Key": "hit-1"}
    first = api.call("POST", "/hits", headers=dict(key))
    again = api.call("POST", "/hits", headers=dict(key))
    assert first.body["total"] == again.body["total"] == 1
    assert api.call("POST", "/hits").body["total"] == 2


def test_the_hit_token_list_stays_bounded(api: Api, dynamodb: FaultyDynamoDB) -> None:
    from food_for_thought.dal.hits import TOKENS_KEPT

    for _ in range(2 * TOKENS_KEPT + 3):
        api.call("POST", "/hits")
    (counter,) = items(dynamodb, HOME, "HITS#")
    assert counter["count"]["N"] == str(2 * TOKENS_KEPT + 3)
    assert TOKENS_KEPT <= len(counter["tokens"]["L"]) < 2 * TOKENS_KEPT
