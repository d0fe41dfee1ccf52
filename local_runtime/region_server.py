"""Child process: one region's Lambda behind its front door's event adapter on 127.0.0.1.

The environment (handler variables, ``AWS_REGION``, the moto endpoint) is set by the supervisor.
Invocations are serialized with a lock: one Lambda execution environment handles one event at a
time, and the Powertools resolver keeps the current event on the app object, so concurrent calls
in one process would trample each other. Connections are still served by threads, so keep-alive
and slow clients do not block the region.

The listening socket belongs to the supervisor and is inherited (``--fd``), like systemd socket
activation: when the fail/restore drill replaces a region process (``FORCE_FAIL`` changes), the
new process accepts from the same socket before the old one stops, and the old one finishes every
connection it accepted (``drain``): no request through the global endpoint is lost during the
switch, as with a Lambda configuration update. (A client holding a kept-alive connection straight
to a region port is told ``Connection: close`` on its next answer; one idle at the instant the old
process exits has to reconnect.)

Run by the supervisor as ``python -m local_runtime.region_server --region R --fd N``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import socket
import sys
import threading
import traceback
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from multi_region_api.handlers.contract import ENV_FRONT_DOOR, FrontDoor
from multi_region_api.local_runtime import lifeline
from multi_region_api.local_runtime.app_reload import ReloadingHandler, load_handler
from multi_region_api.local_runtime.event_adapter import (
    MAX_BODY_BYTES,
    AdapterError,
    HttpResponse,
    LambdaContext,
    RequestRejected,
    build_event_for,
    read_request_body,
    to_http_response,
)

Handler = Callable[[dict[str, Any], Any], Any]
DRAIN_SECONDS = 10.0


def _json_response(status: int, message: str) -> HttpResponse:
    body = json.dumps({"message": message}).encode()
    return HttpResponse(status, [("Content-Type", "application/json")], body)


class RegionServer(ThreadingHTTPServer):
    """Serves one region; counts in-flight requests so SIGTERM can drain them."""

    daemon_threads = True

    def __init__(
        self,
        listener: socket.socket,
        *,
        region: str,
        handler: Handler,
        base_path: str,
        front_door: FrontDoor = FrontDoor.REST,
    ) -> None:
        self.region = region
        self.front_door = front_door
        self.handler = handler
        self.base_path = base_path
        self.invoke_lock = threading.Lock()
        self.in_flight = 0
        self.idle = threading.Condition()
        self.stopping = False
        super().__init__(listener.getsockname(), RegionRequestHandler, bind_and_activate=False)
        self.socket.close()
        self.socket = listener

    def process_request(self, request: Any, client_address: Any) -> None:
        """Count a connection as busy from the moment it is accepted, before its thread runs."""
        with self.idle:
            self.in_flight += 1
        super().process_request(request, client_address)

    def busy_done(self) -> None:
        with self.idle:
            self.in_flight -= 1
            self.idle.notify_all()

    def invoke(self, event: dict[str, Any]) -> HttpResponse:
        context = LambdaContext(function_name=f"multi-region-api-{self.region}", region=self.region)
        with self.invoke_lock:
            try:
                result = self.handler(event, context)
                return to_http_response(result, self.front_door)
            except AdapterError as exc:
                print(f"[{self.region}] bad proxy result: {exc}", file=sys.stderr, flush=True)
            except Exception:
                traceback.print_exc()
        # What API Gateway answers when the integration fails.
        return _json_response(HTTPStatus.BAD_GATEWAY, "Internal server error")

    def drain(self, timeout: float) -> None:
        """Wait until every accepted connection is answered or idle between requests."""
        with self.idle:
            self.idle.wait_for(lambda: self.in_flight == 0, timeout=timeout)


class RegionRequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: RegionServer
    timeout = 30

    busy = True  # counted by RegionServer.process_request until its first answer

    def _serve(self) -> None:
        if not self.busy:  # a further request on a kept-alive connection
            with self.server.idle:
                self.server.in_flight += 1
            self.busy = True
        try:
            self._respond(self._answer())
        finally:
            self.busy = False
            self.server.busy_done()

    def finish(self) -> None:
        super().finish()
        if self.busy:  # closed without (another) request
            self.busy = False
            self.server.busy_done()

    def _answer(self) -> HttpResponse:
        try:
            body = read_request_body(self, MAX_BODY_BYTES[self.server.front_door])
        except RequestRejected as rejected:
            return _json_response(rejected.status, rejected.message)
        event = build_event_for(
            self.server.front_door,
            method=self.command,
            target=self.path,
            headers=list(self.headers.items()),
            body=body,
            source_ip=self.client_address[0],
            base_path=self.server.base_path,
        )
        return self.server.invoke(event)

    def _respond(self, response: HttpResponse) -> None:
        self.send_response(response.status)
        for name, value in response.headers:
            if name.lower() not in ("content-length", "connection", "transfer-encoding"):
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(response.body)))
        if self.server.stopping:  # clients must not reuse a connection to a process on its way out
            self.close_connection = True
        if self.close_connection:  # say so: a client must not send more on a closing connection
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(response.body)

    do_GET = do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = _serve

    def handle(self) -> None:
        """A client that gave up (closed its socket) is not worth a traceback."""
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            super().handle()

    def log_message(self, format: str, *args: Any) -> None:
        """Request lines would drown the handler's own structured logs."""


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m local_runtime.region_server")
    parser.add_argument("--region", required=True)
    parser.add_argument("--fd", type=int, required=True, help="inherited listening socket")
    parser.add_argument("--handler", required=True)
    parser.add_argument("--base-path", default="")
    parser.add_argument("--app-path", type=Path, help="reload the handler when this code changes")
    args = parser.parse_args()
    lifeline.watch_parent()
    handler: Handler = (
        ReloadingHandler(
            args.handler,
            args.app_path,
            say=lambda line: print(f"[{args.region}] {line}", file=sys.stderr, flush=True),
        )
        if args.app_path
        else load_handler(args.handler)
    )
    listener = socket.socket(fileno=args.fd)
    # The same variable the component sets on the function chooses the event shape.
    front_door = FrontDoor(os.environ.get(ENV_FRONT_DOOR, FrontDoor.REST.value))
    server = RegionServer(
        listener,
        region=args.region,
        handler=handler,
        base_path=args.base_path,
        front_door=front_door,
    )

    def stop() -> None:
        server.stopping = True
        server.shutdown()  # stop accepting; in-flight requests finish below

    lifeline.on_terminate(stop)
    lifeline.notify_ready()
    server.serve_forever(poll_interval=0.1)
    server.server_close()
    server.drain(DRAIN_SECONDS)


if __name__ == "__main__":
    main()
