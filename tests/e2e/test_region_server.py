"""The region adapter over HTTP, in-process, with a tiny handler that echoes its event."""

from __future__ import annotations

import base64
import http.client
import json
import socket
import threading
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from multi_region_api.local_runtime.region_server import RegionServer


def echo_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    if event["path"] == "/boom":
        raise RuntimeError("handler failure")
    if event["path"] == "/bad":
        return {"statusCode": "nope"}
    if event["path"] == "/binary":
        return {
            "statusCode": 200,
            "headers": {"Content-Type": "application/octet-stream"},
            "body": base64.b64encode(b"\x00\xff").decode(),
            "isBase64Encoded": True,
        }
    payload = {"event": event, "requestId": context.aws_request_id}
    payload["remainingMs"] = context.get_remaining_time_in_millis()
    return {
        "statusCode": 200,
        "headers": {"Content-Type": "application/json"},
        "multiValueHeaders": {"Set-Cookie": ["a=1", "b=2"]},
        "body": json.dumps(payload),
    }


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    listener = socket.create_server(("127.0.0.1", 0))
    server = RegionServer(listener, region="us-east-1", handler=echo_handler, base_path="")
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def test_request_becomes_a_proxy_event_and_the_result_an_http_response(base_url: str) -> None:
    answer = requests.post(
        f"{base_url}/orders/o1?x=1&x=2",
        data=b"\x00\x01binary",
        headers={"Content-Type": "application/octet-stream", "X-Multi": "a"},
        timeout=5,
    )
    assert answer.status_code == 200
    assert answer.raw.headers.getlist("Set-Cookie") == ["a=1", "b=2"]
    payload = answer.json()
    event = payload["event"]
    assert event["httpMethod"] == "POST"
    assert event["pathParameters"] == {"proxy": "orders/o1"}
    assert event["multiValueQueryStringParameters"] == {"x": ["1", "2"]}
    assert event["isBase64Encoded"] is True
    assert base64.b64decode(event["body"]) == b"\x00\x01binary"
    assert event["requestContext"]["requestId"]
    assert 0 < payload["remainingMs"] <= 29_000


def test_binary_responses_are_decoded(base_url: str) -> None:
    answer = requests.get(f"{base_url}/binary", timeout=5)
    assert answer.content == b"\x00\xff"


@pytest.mark.parametrize("path", ["/boom", "/bad"])
def test_handler_failure_is_a_502_like_api_gateway(base_url: str, path: str) -> None:
    answer = requests.get(f"{base_url}{path}", timeout=5)
    assert answer.status_code == 502
    assert answer.json() == {"message": "Internal server error"}


def test_payload_over_the_api_gateway_limit_is_refused_unread(base_url: str) -> None:
    connection = http.client.HTTPConnection(base_url.removeprefix("http://"), timeout=5)
    connection.putrequest("POST", "/items/x")
    connection.putheader("Content-Length", str(11 * 1024 * 1024))
    connection.endheaders()
    assert connection.getresponse().status == 413
    connection.close()
