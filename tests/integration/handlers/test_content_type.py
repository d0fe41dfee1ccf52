"""``Content-Type`` is case-insensitive (RFC 9110): a JSON body sent as ``APPLICATION/JSON`` is
JSON on every front door, never a 500 (issue 19, finding 10; found by raw-event fuzzing)."""

from __future__ import annotations

import json

import pytest

from tests.integration.handlers import shapes
from tests.integration.handlers.shapes import ShapedApi

BODY = json.dumps({"data": {"n": 1}})


@pytest.fixture(params=list(shapes.BUILDERS))
def door_api(
    aws: None, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> ShapedApi:
    return ShapedApi(monkeypatch, request.param)


@pytest.mark.parametrize(
    "content_type",
    ["APPLICATION/JSON", "Application/Json; charset=UTF-8", " application/JSON ;charset=utf-8"],
)
def test_any_case_of_application_json_is_json(door_api: ShapedApi, content_type: str) -> None:
    event = door_api.event("PUT", "/items/doc-1", body=BODY, headers={"Content-Type": content_type})
    reply = door_api.send(event)
    assert (reply.status, reply.body["data"]) == (200, {"n": 1})
    assert door_api.call("GET", "/items/doc-1").body["data"] == {"n": 1}


def test_another_media_type_in_capitals_is_still_refused(door_api: ShapedApi) -> None:
    event = door_api.event("PUT", "/items/doc-1", body=BODY, headers={"Content-Type": "TEXT/PLAIN"})
    reply = door_api.send(event)
    assert (reply.status, reply.body["error"]) == (415, "unsupported_media_type")
