"""No open doors: the global endpoint forwards origin-form targets only, the admin API refuses
what a web page could send, and every listener has a real backlog. Raw sockets, so the request
line is exactly what a hostile client would write."""

from __future__ import annotations

import json
import socket
import subprocess
from typing import Any

import pytest
import requests
from multi_region_api.handlers import contract
from multi_region_api.local_runtime.global_router import LISTEN_BACKLOG
from multi_region_api.local_runtime.ports import check_ports_free
from multi_region_api.local_runtime.supervisor import LocalRuntime

from tests.e2e.runtime_support import free_plan


def _raw(port: int, request: str) -> tuple[int, dict[str, Any], bytes]:
    """Send ``request`` as is; (status, headers, body) of the answer."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(request.encode("latin-1"))
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:])
    return int(lines[0].split()[1]), headers, body


@pytest.mark.parametrize(
    "target",
    [
        "@127.0.0.1:{moto}/moto-api/",
        "@127.0.0.1:{other}/hello",
        "http://127.0.0.1:{moto}/moto-api/",
        "127.0.0.1:{moto}",
        "*",
    ],
)
@pytest.mark.parametrize("method", ["GET", "OPTIONS", "CONNECT"])
def test_only_origin_form_targets_are_proxied(
    runtime: LocalRuntime, target: str, method: str
) -> None:
    plan = runtime.plan
    other = plan.region_ports[plan.preference[1]]
    line = target.format(moto=plan.moto_port, other=other)
    request = (
        f"{method} {line} HTTP/1.1\r\nHost: 127.0.0.1:{plan.port}\r\nConnection: close\r\n\r\n"
    )
    status, headers, body = _raw(plan.port, request)
    assert status == 400
    assert json.loads(body)["error"] == "bad_request_target"
    assert contract.SERVED_REGION_HEADER not in headers


def test_an_origin_form_target_is_served_by_the_preferred_region(runtime: LocalRuntime) -> None:
    plan = runtime.plan
    request = f"GET /hello HTTP/1.1\r\nHost: 127.0.0.1:{plan.port}\r\nConnection: close\r\n\r\n"
    status, headers, _ = _raw(plan.port, request)
    assert (status, headers[contract.SERVED_REGION_HEADER]) == (200, plan.preference[0])


@pytest.mark.parametrize(
    ("headers", "status", "error"),
    [
        ({"Content-Type": "text/plain"}, 415, "unsupported_media_type"),
        ({}, 415, "unsupported_media_type"),
        (
            {"Content-Type": "application/json", "Origin": "http://evil.example"},
            403,
            "foreign_origin",
        ),
        ({"Content-Type": "application/json", "Origin": "null"}, 403, "foreign_origin"),
        ({"Content-Type": "application/json", "Host": "evil.example:80"}, 403, "foreign_host"),
        ({"Content-Type": "application/json", "Host": "127.0.0.1:1"}, 403, "foreign_host"),
    ],
)
def test_the_admin_api_refuses_what_a_web_page_could_send(
    runtime: LocalRuntime, headers: dict[str, str], status: int, error: str
) -> None:
    plan = runtime.plan
    region = plan.preference[0]
    answer = requests.post(
        f"{plan.global_url}/_local/regions/{region}/fail", data="{}", headers=headers, timeout=10
    )
    assert (answer.status_code, answer.json()["error"]) == (status, error)
    assert not runtime.status()["regions"][region]["forceFail"]


def test_the_admin_api_accepts_json_from_its_own_origin(runtime: LocalRuntime) -> None:
    plan = runtime.plan
    region = plan.preference[1]
    own = {"Origin": f"http://localhost:{plan.port}", "Host": f"localhost:{plan.port}"}
    for action in ("fail", "restore"):
        answer = requests.post(
            f"{plan.global_url}/_local/regions/{region}/{action}", json={}, headers=own, timeout=30
        )
        assert answer.status_code == 200, answer.text
    status = requests.get(f"{plan.global_url}/_local/status", headers={"Host": "evil:1"}, timeout=5)
    assert status.status_code == 403


def _backlogs() -> dict[int, int]:
    """Listening TCP sockets on this machine: port -> backlog (``ss`` shows it as Send-Q)."""
    try:
        out = subprocess.run(
            ["ss", "-ltnH"],  # noqa: S607 - iproute2 from PATH, read-only
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        pytest.skip("ss (iproute2) is not available to read listen backlogs")
    backlogs = {}
    for line in out.splitlines():
        fields = line.split()
        backlogs[int(fields[3].rsplit(":", 1)[1])] = int(fields[2])
    return backlogs


def test_every_listener_has_a_backlog_of_at_least_128(runtime: LocalRuntime) -> None:
    backlogs = _backlogs()
    for port in runtime.plan.all_ports:
        assert backlogs[port] >= LISTEN_BACKLOG >= 128, port


def test_the_port_probe_accepts_a_port_left_in_time_wait() -> None:
    """A closed listener whose accepted connection lingers: the runtime can bind it again."""
    plan = free_plan()
    port = plan.port
    with socket.create_server(("127.0.0.1", port)) as listener:
        client = socket.create_connection(("127.0.0.1", port))
        accepted, _ = listener.accept()
        accepted.close()  # the server side closes first: its end goes to TIME_WAIT
        client.close()
    check_ports_free((port,))
    with socket.create_server(("127.0.0.1", port)):
        pass
