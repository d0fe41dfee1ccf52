"""The HTTP API (payload v2) and ALB events of the region adapter, and their responses.

Each shape is read back through Powertools' own event classes (what the dispatcher's resolvers
use), and the v2 event is compared key by key with AWS's published sample where the shared
fixtures are available.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
from aws_lambda_powertools.utilities.data_classes import ALBEvent, APIGatewayProxyEventV2
from multi_region_api.handlers.contract import FrontDoor
from multi_region_api.local_runtime.event_adapter import (
    ALB_LAMBDA_MAX_BYTES,
    MAX_BODY_BYTES,
    MAX_PAYLOAD_BYTES,
    AdapterError,
    build_alb_event,
    build_event_for,
    build_http_event,
    to_http_response,
)

FIXTURES = Path(__file__).resolve().parents[4] / "shared" / "fixtures" / "apigw-events"
REQUEST = {
    "method": "POST",
    "target": "/v1/items/a%20b?tag=x&tag=y&q=caf%C3%A9",
    "headers": [
        ("Host", "us-east-1.api.example.com"),
        ("Accept", "a"),
        ("Accept", "b"),
        ("Cookie", "s=1; theme=dark"),
        ("Content-Type", "application/json"),
        ("User-Agent", "curl/8"),
    ],
    "body": b'{"name": "x"}',
    "source_ip": "203.0.113.9",
    "base_path": "v1",
}


def test_http_event_reads_back_through_powertools() -> None:
    event = APIGatewayProxyEventV2(build_http_event(**REQUEST))
    assert event.version == "2.0"
    assert event.route_key == "$default"
    assert event.raw_path == "/v1/items/a%20b"  # the mapping key stays; the dispatcher strips it
    assert event.request_context.http.method == "POST"
    assert event.request_context.http.source_ip == "203.0.113.9"
    assert event.request_context.stage == "$default"
    assert event.headers["accept"] == "a,b"
    assert "cookie" not in event.headers
    assert event.cookies == ["s=1", "theme=dark"]
    assert event.query_string_parameters == {"tag": "x,y", "q": "café"}
    assert event.raw_query_string == "tag=x&tag=y&q=caf%C3%A9"
    assert json.loads(event.body or "") == {"name": "x"}
    assert event.is_base64_encoded is False


def test_http_event_of_a_bare_get_leaves_optional_keys_out() -> None:
    event = build_http_event(**{**REQUEST, "method": "GET", "target": "/", "body": b""})
    assert "body" not in event
    assert "queryStringParameters" not in event
    assert event["rawQueryString"] == ""


@pytest.mark.skipif(not FIXTURES.is_dir(), reason="shared fixtures (../shared) not available")
def test_http_event_has_the_keys_of_the_published_sample() -> None:
    sample = json.loads((FIXTURES / "powertools_apiGatewayProxyV2Event.json").read_text())
    ours = build_http_event(**REQUEST)
    optional = {"pathParameters", "stageVariables"}  # a $default route has neither
    assert set(sample) - optional <= set(ours)
    context = set(sample["requestContext"]) - {"authentication", "authorizer"}
    assert context <= set(ours["requestContext"])
    assert set(sample["requestContext"]["http"]) == set(ours["requestContext"]["http"])


def test_alb_event_reads_back_through_powertools() -> None:
    event = ALBEvent(build_alb_event(**REQUEST))
    assert event.request_context.elb_target_group_arn.startswith("arn:aws:elasticloadbalancing:")
    assert event.http_method == "POST"
    assert event.path == "/v1/items/a%20b"  # whole and still encoded: an ALB has no mapping
    assert event.multi_value_headers is not None
    assert event.multi_value_headers["accept"] == ["a", "b"]
    assert event.multi_value_headers["x-forwarded-for"] == ["203.0.113.9"]
    assert event.multi_value_query_string_parameters == {"tag": ["x", "y"], "q": ["caf%C3%A9"]}
    assert json.loads(event.body or "") == {"name": "x"}


def test_alb_appends_the_client_to_x_forwarded_for() -> None:
    headers = [*REQUEST["headers"], ("X-Forwarded-For", "198.51.100.1")]  # type: ignore[misc]
    event = build_alb_event(**{**REQUEST, "headers": headers})
    assert event["multiValueHeaders"]["x-forwarded-for"] == ["198.51.100.1, 203.0.113.9"]


@pytest.mark.parametrize("builder", [build_http_event, build_alb_event])
def test_binary_bodies_are_base64(builder) -> None:  # type: ignore[no-untyped-def]
    headers = [("Content-Type", "application/octet-stream")]
    event = builder(**{**REQUEST, "headers": headers, "body": b"\xff\x00"})
    assert event["isBase64Encoded"] is True
    assert base64.b64decode(event["body"]) == b"\xff\x00"


def test_each_front_door_gets_its_own_shape_and_limit() -> None:
    assert "resource" in build_event_for(FrontDoor.REST, **REQUEST)
    assert build_event_for(FrontDoor.HTTP, **REQUEST)["version"] == "2.0"
    assert "elb" in build_event_for(FrontDoor.ALB, **REQUEST)["requestContext"]
    assert MAX_BODY_BYTES[FrontDoor.REST] == MAX_BODY_BYTES[FrontDoor.HTTP] == MAX_PAYLOAD_BYTES
    assert MAX_BODY_BYTES[FrontDoor.ALB] == ALB_LAMBDA_MAX_BYTES == 1024 * 1024


def test_http_api_responses_take_cookies_and_infer_plain_results() -> None:
    response = to_http_response(
        {"statusCode": 201, "headers": {"X-A": "1"}, "cookies": ["a=1", "b=2"], "body": "{}"},
        FrontDoor.HTTP,
    )
    assert response.status == 201
    assert ("Set-Cookie", "a=1") in response.headers
    assert ("Set-Cookie", "b=2") in response.headers
    inferred = to_http_response({"hello": "world"}, FrontDoor.HTTP)
    assert (inferred.status, json.loads(inferred.body)) == (200, {"hello": "world"})
    with pytest.raises(AdapterError):
        to_http_response({"hello": "world"}, FrontDoor.REST)


def test_alb_responses_use_multi_value_headers() -> None:
    response = to_http_response(
        {
            "statusCode": 200,
            "statusDescription": "200 OK",
            "multiValueHeaders": {"Set-Cookie": ["a=1", "b=2"]},
            "body": "ok",
            "isBase64Encoded": False,
        },
        FrontDoor.ALB,
    )
    assert [v for k, v in response.headers if k == "Set-Cookie"] == ["a=1", "b=2"]
    assert response.body == b"ok"
