"""DynamoDB down or hanging, cold starts, and what reaches the logs."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from botocore.stub import Stubber
from multi_region_api.handlers import contract
from multi_region_api.local_runtime.events import DEFAULT_HEADERS
from multi_region_api.local_runtime.ports import free_port

from tests.integration.handlers.support import HOME, SECRET, TABLE, Api, child_env, rest_event

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture
def hanging_endpoint() -> Iterator[str]:
    """Accepts TCP connections and never answers: DynamoDB that hangs, not one that refuses."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}"
    stop.set()
    thread.join()
    for conn in held:
        conn.close()
    server.close()


@pytest.mark.parametrize("endpoint_kind", ["closed", "hanging"])
def test_dynamodb_down_fails_deep_health_fast_and_spares_the_rest(
    offline_api: Api,
    monkeypatch: pytest.MonkeyPatch,
    endpoint_kind: str,
    request: pytest.FixtureRequest,
) -> None:
    endpoint = (
        f"http://127.0.0.1:{free_port()}"
        if endpoint_kind == "closed"
        else request.getfixturevalue("hanging_endpoint")
    )
    monkeypatch.setenv("AWS_ENDPOINT_URL_DYNAMODB", endpoint)
    offline_api.use(HOME, deep_ping_percent=100)
    started = time.monotonic()
    reply = offline_api.health()
    elapsed = time.monotonic() - started
    assert reply.status == 503
    assert reply.body == {"status": "fail", "region": HOME, "check": "deep", "reason": "storage"}
    assert elapsed < 1.5, f"deep /health took {elapsed:.2f}s with DynamoDB {endpoint_kind}"

    assert offline_api.call("GET", "/hello").status == 200
    offline_api.use(HOME, deep_ping_percent=0)
    assert offline_api.health().status == 200
    if endpoint_kind == "closed":  # hanging would spend the API client's 2 x 1 s on this call
        items = offline_api.call("GET", "/items/x")
        assert (items.status, items.body["error"]) == (503, "storage_unavailable")


def test_dynamodb_errors_seen_through_a_stubber(offline_api: Api) -> None:
    from multi_region_api.handlers.dal.heartbeat import heartbeat_table

    from multi_region_api.runtime import get_table

    offline_api.use(HOME, deep_ping_percent=100)
    health_client = heartbeat_table(TABLE, HOME).client
    with Stubber(health_client) as health_stub, Stubber(get_table(TABLE, HOME).client) as api_stub:
        health_stub.add_client_error("put_item", "InternalServerError", http_status_code=500)
        api_stub.add_client_error(
            "get_item", "ProvisionedThroughputExceededException", http_status_code=400
        )
        api_stub.add_client_error("put_item", "ResourceNotFoundException", http_status_code=400)
        assert offline_api.health().status == 503
        assert offline_api.call("GET", "/items/x").body["error"] == "storage_unavailable"
        written = offline_api.call("PUT", "/items/x", {"data": {}})
        assert (written.status, written.body["error"]) == (503, "storage_unavailable")
        assert offline_api.call("GET", "/hello").status == 200
        health_stub.assert_no_pending_responses()
        api_stub.assert_no_pending_responses()


_COLD_START = """
import json, sys, time
event = json.loads(sys.stdin.read())
started = time.monotonic()
from multi_region_api.handlers.app import lambda_handler
imported = time.monotonic()
context = type("Context", (), {
    "function_name": "fn", "memory_limit_in_mb": 256, "aws_request_id": "r",
    "invoked_function_arn": "arn:aws:lambda:us-east-1:123456789012:function:fn",
    "get_remaining_time_in_millis": lambda self: 30000,
})()
answer = lambda_handler(event, context)
done = time.monotonic()
print(json.dumps({"status": answer["statusCode"], "init": imported - started,
                  "call": done - imported}))
"""


def test_cold_start_deep_health_with_dynamodb_hanging_answers_503_in_time(
    hanging_endpoint: str,
) -> None:
    """A fresh interpreter: import, client creation and the failing deep ping, all timed."""
    env = child_env(AWS_ENDPOINT_URL_DYNAMODB=hanging_endpoint, DEEP_PING_PERCENT="100")
    event = rest_event("GET", contract.HEALTH_PATH, query={contract.HEALTH_SECRET_PARAM: SECRET})
    run = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", _COLD_START],
        input=json.dumps(event),
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["status"] == 503
    # Route 53 allows 2 s for the answer; the invocation itself must stay well inside that.
    assert result["call"] < 1.5, result
    assert result["init"] + result["call"] < 2.0, result
    assert SECRET not in run.stdout + run.stderr


def test_logs_never_contain_the_secret_or_the_event(
    api: Api,
    capfd: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from multi_region_api.handlers.observability import logger

    # Switches that would make Powertools print whole events must not win over the code.
    monkeypatch.setenv("POWERTOOLS_LOGGER_LOG_EVENT", "true")
    monkeypatch.setenv("POWERTOOLS_EVENT_HANDLER_DEBUG", "true")

    caplog.set_level("DEBUG")
    level = logger.log_level
    logger.setLevel("DEBUG")
    # The handler holds the stdout of import time; point it at this test's captured stdout.
    stream = logger.registered_handler.setStream(sys.stdout)  # type: ignore[attr-defined]
    try:
        api.use(HOME, deep_ping_percent=100, log_level="DEBUG")
        assert api.health().status == 200
        assert api.health("wrong-guess").status == 403
        api.use(HOME, force_fail_regions=[HOME], log_level="DEBUG")
        assert api.health().status == 503
        assert (
            api.call("GET", "/nowhere", query={contract.HEALTH_SECRET_PARAM: SECRET}).status == 404
        )
    finally:
        logger.setLevel(level)
        logger.registered_handler.setStream(stream)  # type: ignore[attr-defined]
    out = capfd.readouterr()
    captured = out.out + out.err + caplog.text
    assert '"correlation_id":"' in out.out  # the event's requestId, so logs were captured
    assert SECRET not in captured
    assert "wrong-guess" not in captured
    assert dict(DEFAULT_HEADERS)["User-Agent"] not in captured  # only the whole event carries it
