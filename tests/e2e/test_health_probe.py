"""The health prober against a real HTTP server: what counts as a success, a timeout, a refusal.

The pure parts (health semantics, the routing choice, the admin dispatch) are unit tests:
``tests/unit/local_runtime/test_health_and_routing.py``.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest
from multi_region_api.local_runtime.health_prober import probe
from multi_region_api.local_runtime.ports import free_port


class _Status(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        status = int(self.path.rsplit("/", 1)[1])
        if status == 0:
            threading.Event().wait(1.0)  # answers too late
            status = 200
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def status_server() -> Any:
    server = HTTPServer(("127.0.0.1", 0), _Status)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize(
    ("path", "ok"), [("/200", True), ("/302", True), ("/403", False), ("/503", False)]
)
def test_probe_counts_2xx_and_3xx_as_success(status_server: int, path: str, ok: bool) -> None:
    assert probe(status_server, path, timeout=2.0)[0] is ok


def test_probe_counts_a_timeout_and_a_refused_connection_as_failure(status_server: int) -> None:
    assert probe(status_server, "/0", timeout=0.2) == (False, "timeout")
    assert probe(free_port(), "/200", timeout=0.5) == (False, "ConnectionRefusedError")
