"""The handler never raises, whatever the event: fuzzed with hypothesis for every front door.

Events start as a valid event of the door and get fields replaced by arbitrary JSON values,
removed, or nested in the wrong type; plus events that are not objects at all. Every answer must
be a response in the door's format, with a JSON error body and no 5xx: anything the front door
never sends is a 400 ``unsupported_event``.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from multi_region_api.handlers import contract

from tests.integration.handlers import shapes
from tests.integration.handlers.support import SECRET, Api

EXAMPLES = 150
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
FIELDS = [
    "httpMethod", "path", "rawPath", "rawQueryString", "version", "headers", "multiValueHeaders",
    "queryStringParameters", "multiValueQueryStringParameters", "pathParameters", "body",
    "isBase64Encoded", "cookies", "requestContext", "stageVariables",
]  # fmt: skip
CONTEXT_FIELDS = ["identity", "http", "elb", "requestId", "stage", "authorizer"]


@st.composite
def events(draw: st.DrawFn, variant: str) -> Any:
    if draw(st.integers(0, 9)) == 0:
        return draw(JSON_VALUES)
    _, build = shapes.BUILDERS[variant]
    method = draw(st.sampled_from(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]))
    path = draw(st.sampled_from(["/v1/hello", f"/v1{contract.HEALTH_PATH}", "/v1/orders", "/"]))
    event: dict[str, Any] = build(
        method,
        path,
        query={contract.HEALTH_SECRET_PARAM: SECRET},
        headers={"Content-Type": "application/json"},
        body=draw(st.none() | st.just('{"customer": "c"}')),
    )
    for _ in range(draw(st.integers(1, 3))):
        target = event
        if draw(st.booleans()) and isinstance(event.get("requestContext"), dict):
            target = event["requestContext"]
            name = draw(st.sampled_from(CONTEXT_FIELDS))
        else:
            name = draw(st.sampled_from(FIELDS))
        if draw(st.booleans()):
            target.pop(name, None)
        else:
            target[name] = draw(JSON_VALUES)
    return event


@pytest.mark.parametrize("variant", list(shapes.BUILDERS))
def test_any_event_gets_a_json_answer_in_the_doors_format(
    aws: None, monkeypatch: pytest.MonkeyPatch, variant: str
) -> None:
    door, _ = shapes.BUILDERS[variant]
    api = Api(monkeypatch, **{contract.ENV_FRONT_DOOR: door.value})

    @given(event=events(variant))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    def check(event: Any) -> None:
        answer = api.raw(event)
        status = answer["statusCode"]
        assert 200 <= status < 500, (status, answer.get("body"), event)
        if status >= 400:
            assert json.loads(answer["body"])["error"]
        if door is contract.FrontDoor.ALB:
            assert answer["statusDescription"].startswith(str(status))

    check()


def _rest(**changes: Any) -> dict[str, Any]:
    _, rest = shapes.BUILDERS["rest"]
    event = rest("GET", "/v1/hello", query={"q": "1"})
    for name, value in changes.items():
        if value is None:
            del event[name]
        else:
            event[name] = value
    return event


@pytest.mark.parametrize(
    "event",
    [
        _rest(headers=["Host", "x"]),
        _rest(headers={"Host": 1}),
        _rest(multiValueHeaders={"Host": "x"}),
        _rest(queryStringParameters={"q": 1}),
        _rest(multiValueQueryStringParameters={"q": [1]}),
        _rest(requestContext=None),
        _rest(requestContext="x"),
        _rest(body=b"{}"),
        _rest(path="hello"),
        _rest(isBase64Encoded="false"),
    ],
    ids=[
        "headers a list", "header value a number", "multi-value header a string",
        "query value a number", "multi-value query value a number", "no requestContext",
        "requestContext a string", "body bytes", "relative path", "isBase64Encoded a string",
    ],
)  # fmt: skip
def test_what_api_gateway_never_sends_is_unsupported(api: Api, event: dict[str, Any]) -> None:
    answer = api.raw(event)
    assert answer["statusCode"] == 400
    assert json.loads(answer["body"])["error"] == "unsupported_event"
