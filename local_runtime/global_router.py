"""The global endpoint: Route 53 latency records with health checks, as an HTTP proxy.

Each request goes to the first healthy region in the preference order (which stands in for
latency from this client) and the answer says who served it in ``X-Served-Region``. When every
region is unhealthy Route 53 answers as if all were healthy (fail open), and so does this.
Like DNS, the router does not retry a region that fails to answer: the client sees a 502 until
the health checks move traffic away. Only a connection that was refused outright (no request
sent) is tried once more. Each proxied request uses a connection of its own: an idle kept-alive
connection can be closed by a region process that is being replaced just as a request is sent
on it, and HTTP cannot tell whether such a request ran. ``/_local/...`` is the admin API.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import urllib3
from multi_region_api.local_runtime import admin
from multi_region_api.local_runtime.event_adapter import RequestRejected, read_request_body
from urllib3.util import Retry, Timeout

SERVED_REGION_HEADER = "X-Served-Region"
_HOP_BY_HOP = frozenset(
    ("connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailers",
     "transfer-encoding", "upgrade", "content-length")
)  # fmt: skip
_SET_BY_ROUTER = frozenset(("server", "date"))
_RETRY = Retry(total=1, connect=1, read=0, status=0, redirect=0, other=0)
_TIMEOUT = Timeout(connect=4.0, read=35.0)


def choose_region(preference: tuple[str, ...], healthy: Callable[[str], bool]) -> str:
    """The first healthy region in ``preference``; the first of all when none is (fail open)."""
    return next((r for r in preference if healthy(r)), preference[0])


class GlobalRouter(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(
        self,
        port: int,
        *,
        preference: tuple[str, ...],
        region_ports: dict[str, int],
        healthy: Callable[[str], bool],
        control: admin.Control,
        chooser: Callable[[tuple[str, ...], Callable[[str], bool]], str] = choose_region,
    ) -> None:
        """``chooser`` picks the region per request (``accelerator_router`` with Global
        Accelerator; Route 53's choice otherwise)."""
        self.chooser = chooser
        self.preference = preference
        self.region_ports = region_ports
        self.healthy = healthy
        self.control = control
        self.pool = urllib3.PoolManager(num_pools=len(region_ports))
        super().__init__(("127.0.0.1", port), RouterRequestHandler)

    def preferred(self) -> str:
        return self.chooser(self.preference, self.healthy)


class RouterRequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: GlobalRouter
    timeout = 30

    def _serve(self) -> None:
        try:
            body = read_request_body(self)
        except RequestRejected as rejected:
            self._json(rejected.status, {"message": rejected.message})
            return
        if admin.is_admin_path(self.path):
            self._json(*admin.handle(self.command, self.path, self.server.control))
            return
        self._proxy(self.server.preferred(), body)

    def _proxy(self, region: str, body: bytes) -> None:
        headers = urllib3.HTTPHeaderDict()
        for name, value in self.headers.items():
            if name.lower() not in _HOP_BY_HOP:
                headers.add(name, value)
        headers["Connection"] = "close"
        port = self.server.region_ports[region]
        try:
            answer = self.server.pool.request(
                self.command,
                f"http://127.0.0.1:{port}{self.path}",
                body=body or None,
                headers=headers,
                retries=_RETRY,
                timeout=_TIMEOUT,
                redirect=False,
                decode_content=False,
            )
        except urllib3.exceptions.HTTPError as exc:
            message = f"{region} did not answer: {type(exc).__name__}"
            self._json(
                HTTPStatus.BAD_GATEWAY,
                {"error": "region_unreachable", "message": message},
                region=region,
            )
            return
        self.send_response(answer.status)
        for name, value in answer.headers.items():
            if name.lower() not in _HOP_BY_HOP | _SET_BY_ROUTER:
                self.send_header(name, value)
        self._finish(answer.data, region)

    def _json(self, status: int, payload: dict[str, Any], region: str | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self._finish(json.dumps(payload).encode(), region)

    def _finish(self, body: bytes, region: str | None) -> None:
        if region:
            self.send_header(SERVED_REGION_HEADER, region)
        self.send_header("Content-Length", str(len(body)))
        if self.close_connection:  # say so: a client must not send more on a closing connection
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    do_GET = do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = _serve

    def handle(self) -> None:
        """A client that gave up (closed its socket) is not worth a traceback."""
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            super().handle()

    def log_message(self, format: str, *args: Any) -> None:
        """Access logs would drown the region processes' own logs."""
