"""The global endpoint: Route 53 records with health checks, as an HTTP proxy.

Each request goes to the region the stack's routing policy picks (``routing_policy``; latency:
the first healthy region in the preference order, which stands in for latency from this client)
and the answer says who served it in ``X-Served-Region``. When every
region is unhealthy Route 53 answers as if all were healthy (fail open), and so does this.
Like DNS, the router does not retry a region that fails to answer: the client sees a 502 until
the health checks move traffic away. Only a connection that was refused outright (no request
sent) is tried once more. Each proxied request uses a connection of its own: an idle kept-alive
connection can be closed by a region process that is being replaced just as a request is sent
on it, and HTTP cannot tell whether such a request ran. ``/_local/...`` is the admin API.

Not an open proxy: only origin-form targets (``/path?query``) are served, and they are sent as
the request target on a connection to the chosen region's port, never pasted into a URL (where
``@host:port/...`` would name another host). Anything else (absolute-form, authority-form, ``*``)
gets a 400. The listen backlog is 128, like the regions': with Python's default of 5, a burst
of 32 clients sees dropped SYNs and one-second retransmits.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import urllib3
from multi_region_api.handlers import contract
from multi_region_api.local_runtime import admin
from multi_region_api.local_runtime.event_adapter import RequestRejected, read_request_body
from multi_region_api.local_runtime.routing_policy import (
    CLIENT_LOCATION_HEADER,
    LatencyPolicy,
    RoutingPolicy,
    parse_client_location,
)
from urllib3.util import Retry, Timeout

SERVED_REGION_HEADER = contract.SERVED_REGION_HEADER
_HOP_BY_HOP = frozenset(
    ("connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailers",
     "transfer-encoding", "upgrade", "content-length")
)  # fmt: skip
_SET_BY_ROUTER = frozenset(("server", "date", SERVED_REGION_HEADER.lower()))
_RETRY = Retry(total=1, connect=1, read=0, status=0, redirect=0, other=0)
_TIMEOUT = Timeout(connect=4.0, read=35.0)
LISTEN_BACKLOG = 128


def is_origin_form(target: str) -> bool:
    """``/path[?query]``: the only request target the global endpoint forwards."""
    return target.startswith("/") and target.isprintable()


RequestObserver = Callable[[str, str, int, str | None, float], None]
"""(method, path, status, serving region or None, milliseconds): ``console.Console.request``."""


def choose_region(preference: tuple[str, ...], healthy: Callable[[str], bool]) -> str:
    """The first healthy region in ``preference``; the first of all when none is (fail open)."""
    return next((r for r in preference if healthy(r)), preference[0])


class GlobalRouter(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = LISTEN_BACKLOG

    def __init__(
        self,
        port: int,
        *,
        preference: tuple[str, ...],
        region_ports: dict[str, int],
        healthy: Callable[[str], bool],
        control: admin.Control,
        on_request: RequestObserver | None = None,
        policy: RoutingPolicy | None = None,
        client_location: tuple[str, ...] = (),
        chooser: Callable[[tuple[str, ...], Callable[[str], bool]], str] | None = None,
    ) -> None:
        """``chooser`` picks the region per request (``accelerator_router`` with Global
        Accelerator; Route 53's choice otherwise)."""
        self.chooser = chooser
        self.preference = preference
        self.on_request = on_request
        self.policy = policy or LatencyPolicy(preference)
        self.client_location = client_location
        self.region_ports = region_ports
        self.healthy = healthy
        self.control = control
        self.pools = {
            region: urllib3.HTTPConnectionPool("127.0.0.1", region_port, maxsize=64)
            for region, region_port in region_ports.items()
        }
        super().__init__(("127.0.0.1", port), RouterRequestHandler)

    def preferred(self, client_location: tuple[str, ...] = ()) -> str:
        """Global Accelerator's choice when it fronts the stack (``chooser``); otherwise the
        stack's routing policy (``routing_policy``), where the request's location header
        overrides the runtime's ``--client-location``."""
        if self.chooser is not None:
            return self.chooser(self.preference, self.healthy)
        return self.policy.choose(self.healthy, client_location or self.client_location)


class RouterRequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: GlobalRouter
    timeout = 30
    status = 0
    served_by: str | None = None

    def _serve(self) -> None:
        started, self.status, self.served_by = time.perf_counter(), 0, None
        try:
            self._route()
        finally:
            if self.server.on_request and self.status:
                ms = (time.perf_counter() - started) * 1000
                self.server.on_request(self.command, self.path, self.status, self.served_by, ms)

    def send_response(self, code: int, message: str | None = None) -> None:
        self.status = code
        super().send_response(code, message)

    def _route(self) -> None:
        if not is_origin_form(self.path):
            self.close_connection = True  # the body, if any, is not read
            self._json(
                HTTPStatus.BAD_REQUEST,
                {"error": "bad_request_target", "message": "only origin-form targets (/path)"},
            )
            return
        try:
            body = read_request_body(self)
        except RequestRejected as rejected:
            self._json(rejected.status, {"message": rejected.message})
            return
        if admin.is_admin_path(self.path):
            headers = dict(self.headers.items())
            port = self.server.server_address[1]
            refused = admin.refusal(self.command, headers, port)
            self._json(*(refused or admin.handle(self.command, self.path, self.server.control)))
            return
        location = parse_client_location(self.headers.get(CLIENT_LOCATION_HEADER))
        self._proxy(self.server.preferred(location), body)

    def _proxy(self, region: str, body: bytes) -> None:
        headers = urllib3.HTTPHeaderDict()
        for name, value in self.headers.items():
            if name.lower() not in _HOP_BY_HOP:
                headers.add(name, value)
        headers["Connection"] = "close"
        try:
            answer = self.server.pools[region].request(
                self.command,
                self.path,
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
        self.served_by = region
        if region:
            self.send_header(SERVED_REGION_HEADER, region)
        self.send_header("Content-Length", str(len(body)))
        if self.close_connection:  # say so: a client must not send more on a closing connection
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    do_GET = do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = _serve
    do_CONNECT = _serve  # its target is authority-form: a 400, never a tunnel

    def handle(self) -> None:
        """A client that gave up (closed its socket) is not worth a traceback."""
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            super().handle()

    def log_message(self, format: str, *args: Any) -> None:
        """Access logs would drown the region processes' own logs."""
