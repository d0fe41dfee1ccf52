"""What ``make local`` prints: one readable line per event, like ``sam local start-api``.

One line per request through the global endpoint (time, method, path, status, serving region,
milliseconds), one per health transition, one per change of the region the global endpoint
serves from (the failover decision), one per drill action, and the replication lag every few
seconds while something replicates. The handlers' JSON logs and EMF metrics go to per-process
files instead (``--verbose`` prints them here too). The ``format_*`` functions are pure, so a
test pins the formats.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

LAG_EVERY_SECONDS = 5.0


def clock(at: float) -> str:
    """``21:44:13.123`` (local time, milliseconds): short enough to read a drill by."""
    return time.strftime("%H:%M:%S", time.localtime(at)) + f".{int(at * 1000) % 1000:03d}"


def format_request(
    at: float, method: str, path: str, status: int, region: str | None, ms: float
) -> str:
    """The query string is left out: it may carry the health-check secret."""
    path = path.split("?", 1)[0]
    return f"{clock(at)}  {method:<7} {path:<32} {status}  {region or '-':<14} {ms:7.1f} ms"


def format_health(at: float, region: str, healthy: bool, result: str | None) -> str:
    verdict = "healthy" if healthy else "UNHEALTHY"
    return f"{clock(at)}  HEALTH  {region} is {verdict} ({result or 'no answer'})"


def format_failover(at: float, before: str, after: str) -> str:
    return f"{clock(at)}  ROUTE   the global endpoint now serves from {after} (was {before})"


def format_action(at: float, action: str, region: str) -> str:
    return f"{clock(at)}  DRILL   {action} {region}"


def format_lag(at: float, p50: float | None, p99: float | None, changes: int) -> str:
    def ms(value: float | None) -> str:
        return "-" if value is None else f"{value:.0f} ms"

    return f"{clock(at)}  LAG     p50 {ms(p50)}, p99 {ms(p99)} ({changes} changes replicated)"


def default_log_dir(root: Path, at: float | None = None) -> Path:
    """``<root>/20261122T214413``: one directory per run, so runs never mix their logs."""
    return root / time.strftime("%Y%m%dT%H%M%S", time.localtime(at))


class Console:
    """Writes the lines, whole, from any thread."""

    def __init__(self, out: TextIO | None = None, now: Callable[[], float] = time.time) -> None:
        self.out = out or sys.stdout
        self.now = now
        self._lock = threading.Lock()

    def _write(self, line: str) -> None:
        with self._lock:
            print(line, file=self.out, flush=True)

    def request(self, method: str, path: str, status: int, region: str | None, ms: float) -> None:
        self._write(format_request(self.now(), method, path, status, region, ms))

    def health(self, region: str, healthy: bool, result: str | None) -> None:
        self._write(format_health(self.now(), region, healthy, result))

    def failover(self, before: str, after: str) -> None:
        self._write(format_failover(self.now(), before, after))

    def action(self, action: str, region: str) -> None:
        self._write(format_action(self.now(), action, region))

    def lag(self, snapshot: dict[str, Any]) -> None:
        lag = snapshot["lagMs"]
        self._write(format_lag(self.now(), lag["p50"], lag["p99"], snapshot["appliedChanges"]))


class LagReporter:
    """Prints the replicator's lag every ``every`` seconds, when it applied something since."""

    def __init__(
        self,
        snapshot: Callable[[], dict[str, Any]],
        console: Console,
        every: float = LAG_EVERY_SECONDS,
    ) -> None:
        self.snapshot = snapshot
        self.console = console
        self.every = every
        self._reported = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="lag-reporter", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=self.every + 1)

    def report(self) -> None:
        """One report, if changes were replicated since the last."""
        snapshot = self.snapshot()
        if snapshot["appliedChanges"] > self._reported:
            self._reported = snapshot["appliedChanges"]
            self.console.lag(snapshot)

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            self.report()
