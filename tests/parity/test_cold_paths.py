"""The paths a fresh container takes: the first import and invocation, and DynamoDB unreachable.

Each test starts its own container, so the import, the client creation and the first call are all
inside what is measured, as on a Lambda cold start.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
from multi_region_api.handlers.contract import FrontDoor
from multi_region_api.local_runtime.ports import free_port

from tests.integration.handlers.support import HOME
from tests.parity.api import ParityApi
from tests.parity.conftest import StartLambda

# Route 53 waits 2 s for a health check's answer.
HEALTH_DEADLINE_MS = 2000


@pytest.fixture
def hanging_endpoint() -> Iterator[str]:
    """A port that accepts connections (the kernel's backlog) and never answers."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(16)
        host, port = server.getsockname()
        yield f"http://{host}:{port}"


def test_first_invocation_of_a_cold_container(start_lambda: StartLambda) -> None:
    process = start_lambda(HOME, fresh=True)
    api = ParityApi(process, FrontDoor.REST)
    first = api.health()
    second = api.health()
    assert first.status == second.status == 200
    print(
        f"\nparity cold start: import {process.init['import_ms']:.0f} ms, "
        f"first /health {first.ms:.1f} ms, second {second.ms:.1f} ms"
    )
    # Powertools publishes the ColdStart metric once per container, on the first invocation.
    assert process.logs().count('"ColdStart":[1.0]') == 1


@pytest.mark.parametrize("endpoint_kind", ["closed", "hanging"])
def test_dynamodb_down_answers_503_json_fast_from_a_cold_container(
    start_lambda: StartLambda, request: pytest.FixtureRequest, endpoint_kind: str
) -> None:
    endpoint = (
        f"http://127.0.0.1:{free_port()}"
        if endpoint_kind == "closed"
        else request.getfixturevalue("hanging_endpoint")
    )
    process = start_lambda(
        HOME, fresh=True, DEEP_PING_PERCENT="100", AWS_ENDPOINT_URL_DYNAMODB=endpoint
    )
    api = ParityApi(process, FrontDoor.REST)
    health = api.health()
    assert health.status == 503
    assert health.body == {"status": "fail", "region": HOME, "check": "deep", "reason": "storage"}
    # The invocation, client creation included; the import (Lambda's init phase) is timed by
    # ``make bench``, on a machine quiet enough to mean something.
    assert health.ms < HEALTH_DEADLINE_MS, f"deep /health took {health.ms:.0f} ms"
    print(
        f"\nparity, DynamoDB {endpoint_kind}: import {process.init['import_ms']:.0f} ms + "
        f"deep /health {health.ms:.0f} ms"
    )
    assert api.call("GET", "/hello").status == 200
    if endpoint_kind == "closed":  # hanging would spend the API client's retries on this call
        items = api.call("GET", "/items/x")
        assert (items.status, items.body["error"]) == (503, "storage_unavailable")
        assert items.headers["Content-Type"] == "application/json"
