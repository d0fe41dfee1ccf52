"""Route 53 health checks, locally: one prober thread per region against its ``/health``.

Semantics follow Route 53 for a single checker: a request every interval on a fresh connection;
success is an HTTP 2xx or 3xx status within the timeout; anything else (another status, a refused
connection, a timeout) is a failure; a healthy endpoint becomes unhealthy after
``failure_threshold`` consecutive failures and an unhealthy one healthy again after as many
consecutive successes. Route 53 waits 4 s to connect and 2 s for the answer; locally the answer
timeout shrinks with a short (scaled) interval so a probe always ends before the next one.
"""

from __future__ import annotations

import http.client
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

ROUTE53_TIMEOUT_SECONDS = 2.0


@dataclass
class HealthState:
    """One endpoint's Route 53 status machine; starts healthy, like a new health check."""

    failure_threshold: int
    healthy: bool = True
    consecutive_failures: int = 0
    consecutive_successes: int = 0
    changed_at: float | None = None
    last_result: str | None = None
    last_checked_at: float | None = None
    checks: int = 0

    def record(self, ok: bool, result: str, now: float) -> bool:
        """Count one probe; whether the status flipped."""
        self.checks += 1
        self.last_result = result
        self.last_checked_at = now
        if ok:
            self.consecutive_successes += 1
            self.consecutive_failures = 0
            flip = not self.healthy and self.consecutive_successes >= self.failure_threshold
        else:
            self.consecutive_failures += 1
            self.consecutive_successes = 0
            flip = self.healthy and self.consecutive_failures >= self.failure_threshold
        if flip:
            self.healthy = not self.healthy
            self.changed_at = now
        return flip

    def snapshot(self) -> dict[str, Any]:
        return {
            "healthy": self.healthy,
            "consecutiveFailures": self.consecutive_failures,
            "consecutiveSuccesses": self.consecutive_successes,
            "lastResult": self.last_result,
            "lastCheckedAt": self.last_checked_at,
            "changedAt": self.changed_at,
            "checks": self.checks,
        }


def route53_accepts(status: int) -> bool:
    return 200 <= status < 400


def probe(
    port: int, path: str, timeout: float, accepts: Callable[[int], bool] = route53_accepts
) -> tuple[bool, str]:
    """One health check of ``http://127.0.0.1:<port><path>``: (success, what happened)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"User-Agent": "Amazon-Route53-Health-Check"})
        status = connection.getresponse().status
    except TimeoutError:
        return False, "timeout"
    except OSError as exc:
        return False, type(exc).__name__
    finally:
        connection.close()
    return accepts(status), f"HTTP {status}"


class HealthProber:
    """Probes every region on its own thread and keeps their Route 53 status."""

    def __init__(
        self,
        ports: dict[str, int],
        path: str,
        interval: float,
        failure_threshold: int,
        on_change: Callable[[str, HealthState], None],
        accepts: Callable[[int], bool] = route53_accepts,
    ) -> None:
        """``accepts`` decides which status is a success (an ALB target group's matcher with
        Global Accelerator)."""
        self.accepts = accepts
        self.ports = ports
        self.path = path
        self.interval = interval
        self.timeout = min(ROUTE53_TIMEOUT_SECONDS, interval * 0.9)
        self.states = {region: HealthState(failure_threshold) for region in ports}
        self.on_change = on_change
        self.lock = threading.Lock()
        self._stop = threading.Event()
        self._threads = [
            threading.Thread(target=self._run, args=(r,), name=f"probe-{r}", daemon=True)
            for r in ports
        ]

    def start(self) -> None:
        for thread in self._threads:
            thread.start()

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=self.timeout + 1)

    def healthy(self, region: str) -> bool:
        with self.lock:
            return self.states[region].healthy

    def snapshot(self, region: str) -> dict[str, Any]:
        with self.lock:
            return self.states[region].snapshot()

    def state(self, region: str) -> HealthState:
        """A copy of the region's status machine, consistent at one instant."""
        with self.lock:
            return replace(self.states[region])

    def _run(self, region: str) -> None:
        next_at = time.monotonic()
        while not self._stop.is_set():
            ok, result = probe(self.ports[region], self.path, self.timeout, self.accepts)
            with self.lock:
                state = self.states[region]
                flipped = state.record(ok, result, time.time())
            if flipped:
                self.on_change(region, state)
            next_at += self.interval
            self._stop.wait(max(0.0, next_at - time.monotonic()))
