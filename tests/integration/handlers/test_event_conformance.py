"""The event factory against real payloads, and the handler on those payloads.

Reads the public API Gateway events in ``../shared/fixtures/apigw-events`` (see PROVENANCE.md
there). A clone of this repository alone has no such folder; the module then skips, and the rest of
the suite runs on the factory's events.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from multi_region_api.handlers import contract
from multi_region_api.handlers.contract import FrontDoor
from multi_region_api.local_runtime.events import http_event

from tests.integration.handlers.support import BASE_PATH, SECRET, Api

# ``APIGW_EVENT_FIXTURES`` points elsewhere (a worktree, CI with the fixtures checked out).
FIXTURES = Path(
    os.environ.get("APIGW_EVENT_FIXTURES")
    or Path(__file__).resolve().parents[3].parent / "shared" / "fixtures" / "apigw-events"
)
REST_FIXTURES = ("powertools_apiGatewayProxyEvent.json", "aws-lambda-go_apigw-request.json")
V2_FIXTURE = "powertools_apiGatewayProxyV2Event.json"

pytestmark = pytest.mark.skipif(
    not FIXTURES.is_dir(),
    reason=f"no real API Gateway events at {FIXTURES} (conformance layer; the factory is used)",
)


def load(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / name).read_text())


def _type(value: object) -> str:
    return type(value).__name__


def assert_same_shape(
    made: dict[str, Any], real: dict[str, Any], keys: set[str], where: str
) -> None:
    """``made`` has every key in ``keys`` with the real value's type; ``None`` stands for absent."""
    for key in sorted(keys):
        assert key in made, f"{where}.{key} is missing from the factory's event"
        if made[key] is not None and real[key] is not None:
            assert _type(made[key]) == _type(real[key]), (where, key, made[key], real[key])


def test_rest_events_have_the_keys_and_types_of_real_ones() -> None:
    made = http_event("POST", "/hello", base_path=BASE_PATH, query={"a": "1"}, body="{}")
    reals = [load(name) for name in REST_FIXTURES]
    always = set.intersection(*(set(real) for real in reals)) | {"isBase64Encoded"}
    context = set.intersection(*(set(real["requestContext"]) for real in reals)) - {"authorizer"}
    identity = set.intersection(*(set(real["requestContext"]["identity"]) for real in reals))
    for real in reals:
        assert_same_shape(made, real, always & set(real), "event")
        assert_same_shape(made["requestContext"], real["requestContext"], context, "requestContext")
        assert_same_shape(
            made["requestContext"]["identity"],
            real["requestContext"]["identity"],
            identity,
            "identity",
        )
        for view in ("multiValueHeaders", "multiValueQueryStringParameters"):
            assert all(isinstance(v, list) for v in made[view].values())


def test_http_api_events_have_the_keys_and_types_of_real_ones() -> None:
    made = http_event(
        "POST",
        "/hello",
        shape=FrontDoor.HTTP,
        query={"a": "1"},
        headers={"Cookie": "c1=1; c2=2"},
        body="{}",
    )
    real = load(V2_FIXTURE)
    # A JWT authorizer, client certificates, stage variables and route parameters are the
    # fixture's API, not ours; everything else must match.
    not_ours = {"pathParameters", "stageVariables"}
    assert_same_shape(made, real, set(real) - not_ours, "event")
    context = set(real["requestContext"]) - {"authentication", "authorizer"}
    assert_same_shape(made["requestContext"], real["requestContext"], context, "requestContext")
    assert set(made["requestContext"]["http"]) == set(real["requestContext"]["http"])
    assert made["cookies"] == ["c1=1", "c2=2"]
    assert not set(made) - set(real), "the factory adds keys HTTP APIs do not send"


def reaimed(name: str, method: str, path: str, query: dict[str, str] | None = None) -> Any:
    """A real v1 event re-aimed at ``method path`` behind the base path; the rest as recorded."""
    event = load(name)
    full_path = f"/{BASE_PATH}{path}"
    event.update(httpMethod=method, path=full_path, resource="/{proxy+}", body=None)
    event["pathParameters"] = {"proxy": path.lstrip("/")}
    event["requestContext"].update(httpMethod=method, path=full_path, resourcePath="/{proxy+}")
    event["queryStringParameters"] = dict(query) if query else None
    event["multiValueQueryStringParameters"] = {k: [v] for k, v in query.items()} if query else None
    return event


@pytest.mark.parametrize("name", REST_FIXTURES)
def test_the_handler_answers_real_rest_events(api: Api, name: str) -> None:
    assert api.send(reaimed(name, "GET", "/hello")).status == 200
    query = {contract.HEALTH_SECRET_PARAM: SECRET}
    assert api.send(reaimed(name, "GET", contract.HEALTH_PATH, query)).status == 200
    assert api.send(reaimed(name, "GET", "/nowhere")).status == 404


def test_the_real_events_carry_the_traps_the_handler_handles(api: Api) -> None:
    # sourceIp with a CIDR suffix (powertools fixture), and a proxy chain (aws-lambda-go fixture).
    assert api.send(reaimed(REST_FIXTURES[0], "GET", "/hits")).body["ip"] == "192.168.0.1"
    forwarded = reaimed(REST_FIXTURES[1], "GET", "/hits")
    assert api.send(forwarded).body["ip"] == "192.168.196.186"
    # Without sourceIp the client is the documented unknown bucket: X-Forwarded-For is the
    # client's to write, so it never names a client.
    del forwarded["requestContext"]["identity"]["sourceIp"]
    assert api.send(forwarded).body["ip"] == "unknown"


def test_a_real_http_api_event_is_refused_by_the_rest_dispatcher(api: Api) -> None:
    reply = api.send(load(V2_FIXTURE))
    assert (reply.status, reply.body["error"]) == (400, "unsupported_event")
