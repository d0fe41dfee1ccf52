"""A DynamoDB that applies a write and then loses the answer: moto server behind a faulty proxy.

The proxy forwards every request to moto server. Armed with a fault and a count, it lets the
n-th write through to moto (so the write *is* applied) and then, for that one answer only:

- ``late``: answers after ``LATE_SECONDS``, past the handler's 1 s read timeout;
- ``drop``: closes the connection without an answer;
- ``500``: answers ``500 InternalServerError`` instead of moto's answer.

botocore then retries the same call, which must find its own effect and succeed. Loopback only;
every wait is bounded.
"""

from __future__ import annotations

import http.client
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import boto3
from moto.server import ThreadedMotoServer

FAULTS = ("late", "drop", "500")
LATE_SECONDS = 1.4  # the handler's API client gives up after 1.0 s and retries once
WRITES = frozenset({"PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems", "BatchWriteItem"})
_HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length"}
_SERVER_ERROR = (
    b'{"__type":"com.amazonaws.dynamodb.v20120810#InternalServerError",'
    b'"message":"injected after the write was applied"}'
)


@dataclass
class FaultPlan:
    """What the proxy does next; ``writes`` lists every write operation it forwarded."""

    fault: str | None = None
    countdown: int = 0
    writes: list[str] = field(default_factory=list)
    faulted: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def arm(self, fault: str | None, nth: int = 0) -> None:
        """Fault the ``nth`` write from now (``None``: forward everything); forget the log."""
        with self.lock:
            self.fault, self.countdown = fault, nth
            self.writes.clear()
            self.faulted.clear()

    def fault_for(self, operation: str) -> str | None:
        if operation not in WRITES:
            return None
        with self.lock:
            self.writes.append(operation)
            if self.fault is None:
                return None
            self.countdown -= 1
            if self.countdown:
                return None
            fault, self.fault = self.fault, None
            self.faulted.append(operation)
            return fault


def _handler(upstream: tuple[str, int], plan: FaultPlan) -> type[BaseHTTPRequestHandler]:
    class Forward(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP_BY_HOP}
            conn = http.client.HTTPConnection(*upstream, timeout=10)
            try:
                conn.request("POST", self.path, body, headers)
                answer = conn.getresponse()
                status, payload = answer.status, answer.read()
                answer_headers = [
                    (k, v) for k, v in answer.getheaders() if k.lower() not in _HOP_BY_HOP
                ]
            finally:
                conn.close()
            operation = self.headers.get("X-Amz-Target", "").rsplit(".", 1)[-1]
            fault = plan.fault_for(operation)
            if fault == "drop":
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
                return
            if fault == "500":
                status, payload = 500, _SERVER_ERROR
                answer_headers = [("Content-Type", "application/x-amz-json-1.0")]
            if fault == "late":
                time.sleep(LATE_SECONDS)
            try:
                self.send_response(status)
                for name, value in answer_headers:
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            except OSError:
                self.close_connection = True  # the client gave up waiting (``late``)

    return Forward


@dataclass
class FaultyDynamoDB:
    moto_url: str
    proxy_url: str
    plan: FaultPlan

    def client(self, region: str) -> Any:
        """A client straight to moto (no faults, not counted), for setup and inspection."""
        return boto3.client("dynamodb", region_name=region, endpoint_url=self.moto_url)


@contextmanager
def faulty_dynamodb() -> Iterator[FaultyDynamoDB]:
    moto = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    moto.start()
    host, port = moto.get_host_and_port()
    plan = FaultPlan()
    proxy = ThreadingHTTPServer(("127.0.0.1", 0), _handler((host, port), plan))
    proxy.daemon_threads = True
    thread = threading.Thread(target=proxy.serve_forever, daemon=True)
    thread.start()
    try:
        yield FaultyDynamoDB(
            moto_url=f"http://{host}:{port}",
            proxy_url=f"http://127.0.0.1:{proxy.server_address[1]}",
            plan=plan,
        )
    finally:
        proxy.shutdown()
        proxy.server_close()
        thread.join(timeout=5)
        moto.stop()
