"""The REST API (v1) proxy event and response mapping of the region adapter."""

from __future__ import annotations

import base64
import io
from http import HTTPStatus

import pytest
from multi_region_api.local_runtime.event_adapter import (
    MAX_PAYLOAD_BYTES,
    AdapterError,
    RequestRejected,
    build_event,
    read_request_body,
    to_http_response,
)


def _event(**overrides: object) -> dict:
    args: dict = {
        "method": "GET",
        "target": "/items/a%20b?tag=x&tag=y&empty=",
        "headers": [("Host", "127.0.0.1:8081"), ("Accept", "a"), ("Accept", "b")],
        "body": b"",
        "source_ip": "127.0.0.1",
    }
    args.update(overrides)
    return build_event(**args)


def test_path_query_and_headers_have_single_and_multi_value_views() -> None:
    event = _event()
    assert event["resource"] == "/{proxy+}"
    assert event["path"] == "/items/a%20b"  # REST APIs pass the path still encoded
    assert event["pathParameters"] == {"proxy": "items/a b"}
    assert event["queryStringParameters"] == {"tag": "y", "empty": ""}
    assert event["multiValueQueryStringParameters"] == {"tag": ["x", "y"], "empty": [""]}
    assert event["headers"]["Accept"] == "b"
    assert event["multiValueHeaders"]["Accept"] == ["a", "b"]
    assert event["headers"]["X-Forwarded-For"] == "127.0.0.1"
    assert event["body"] is None
    assert event["isBase64Encoded"] is False


def test_request_context_carries_id_stage_and_source_ip() -> None:
    context = _event()["requestContext"]
    assert context["stage"] == "local"
    assert context["identity"]["sourceIp"] == "127.0.0.1"
    assert context["resourcePath"] == "/{proxy+}"
    assert context["httpMethod"] == "GET"
    assert context["domainName"] == "127.0.0.1"
    assert len(context["requestId"]) == 36
    assert context["requestId"] != _event()["requestContext"]["requestId"]
    assert context["requestTimeEpoch"] > 1_600_000_000_000


def test_root_path_has_root_resource_and_no_path_parameters() -> None:
    event = _event(target="/")
    assert event["resource"] == "/"
    assert event["pathParameters"] is None
    assert event["queryStringParameters"] is None


def test_base_path_stays_in_path_but_not_in_proxy() -> None:
    event = _event(target="/v1/hello", base_path="v1")
    assert event["path"] == "/v1/hello"
    assert event["pathParameters"] == {"proxy": "hello"}


def test_text_body_is_passed_as_text_and_binary_as_base64() -> None:
    text = _event(body=b'{"a": 1}', headers=[("Content-Type", "application/json")])
    assert (text["body"], text["isBase64Encoded"]) == ('{"a": 1}', False)
    raw = bytes(range(256))
    binary = _event(body=raw, headers=[("Content-Type", "application/octet-stream")])
    assert binary["isBase64Encoded"] is True
    assert base64.b64decode(binary["body"]) == raw


def test_response_merges_header_views_and_decodes_base64() -> None:
    response = to_http_response(
        {
            "statusCode": 201,
            "headers": {"Content-Type": "image/png", "X-One": "1"},
            "multiValueHeaders": {"Set-Cookie": ["a=1", "b=2"], "X-One": ["multi"]},
            "body": base64.b64encode(b"\x89PNG").decode(),
            "isBase64Encoded": True,
        }
    )
    assert response.status == 201
    assert response.body == b"\x89PNG"
    assert ("Set-Cookie", "a=1") in response.headers
    assert ("Set-Cookie", "b=2") in response.headers
    assert [v for k, v in response.headers if k == "X-One"] == ["multi"]


@pytest.mark.parametrize(
    "result",
    [None, {"statusCode": "200"}, {"statusCode": 200, "body": {"a": 1}}, {"statusCode": 99}],
)
def test_malformed_results_are_adapter_errors(result: object) -> None:
    with pytest.raises(AdapterError):
        to_http_response(result)


class _Request:
    """Just what ``read_request_body`` reads of a ``BaseHTTPRequestHandler``."""

    def __init__(self, headers: dict[str, str], body: bytes = b"") -> None:
        self.headers = headers
        self.rfile = io.BytesIO(body)
        self.close_connection = False


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({"Transfer-Encoding": "chunked"}, HTTPStatus.LENGTH_REQUIRED),
        ({"Content-Length": "nope"}, HTTPStatus.REQUEST_ENTITY_TOO_LARGE),
        ({"Content-Length": str(MAX_PAYLOAD_BYTES + 1)}, HTTPStatus.REQUEST_ENTITY_TOO_LARGE),
    ],
)
def test_requests_api_gateway_refuses_never_reach_the_handler(
    headers: dict[str, str], status: HTTPStatus
) -> None:
    request = _Request(headers)
    with pytest.raises(RequestRejected) as rejected:
        read_request_body(request)  # type: ignore[arg-type]
    assert rejected.value.status == status
    assert request.close_connection


def test_request_body_is_read_to_its_length() -> None:
    request = _Request({"Content-Length": "2"}, b"{}trailing")
    assert read_request_body(request) == b"{}"  # type: ignore[arg-type]
    assert read_request_body(_Request({})) == b""  # type: ignore[arg-type]
