"""What ``make local`` prints: one readable line per event, like ``sam local start-api``.

One line per request through the global endpoint (time, method, path, status, serving region,
milliseconds), one per health transition, one per change of the region the global endpoint
serves from (the failover decision), one per drill action, and the replication lag. The
handlers' JSON logs and EMF metrics go to per-process files instead (``--verbose`` prints them
here too). The ``format_*`` functions are pure, so a test pins the formats.

Quiet by design, so the lines that matter during a drill do not scroll away: a run of identical
request lines (the page polls ``/hello`` every second) prints once and then as one
``... ×12`` line when the run ends or every ``REPEAT_FLUSH_SECONDS``; the admin API's own
requests (``/_local/*``: a ``watch`` polling ``/_local/status``, the drill's POSTs, which print
their ``DRILL`` line) print only when they fail; ``LAG`` prints when the lag moves or once a
minute while changes replicate. ``DRILL``, ``HEALTH`` and ``ROUTE`` lines are coloured on a
terminal, unless ``NO_COLOR`` is set (https://no-color.org).
"""

from __future__ import annotations

import os
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from multi_region_api.local_runtime.admin import is_admin_path

LAG_EVERY_SECONDS = 5.0
"""How often the lag is looked at."""
LAG_QUIET_SECONDS = 60.0
"""An unchanged lag is printed again after this long, if changes replicated meanwhile."""
LAG_CHANGE_MS = 5.0
LAG_CHANGE_RATIO = 0.25
"""The lag "changed" when p50 or p99 moved by more than both of these since the last LAG line."""
REPEAT_FLUSH_SECONDS = 10.0
"""A run of identical request lines is summarised at least this often."""

RED, GREEN, YELLOW, CYAN, BOLD, RESET = (
    "\033[31m",
    "\033[32m",
    "\033[33m",
    "\033[36m",
    "\033[1m",
    "\033[0m",
)


def clock(at: float) -> str:
    """``21:44:13.123`` (local time, milliseconds): short enough to read a drill by."""
    return time.strftime("%H:%M:%S", time.localtime(at)) + f".{int(at * 1000) % 1000:03d}"


def _request_columns(method: str, path: str, status: int, region: str | None) -> str:
    """The query string is left out: it may carry the health-check secret."""
    path = path.split("?", 1)[0]
    return f"{method:<7} {path:<32} {status}  {region or '-':<14}"


def format_request(
    at: float, method: str, path: str, status: int, region: str | None, ms: float
) -> str:
    return f"{clock(at)}  {_request_columns(method, path, status, region)} {ms:7.1f} ms"


def format_repeats(
    at: float,
    method: str,
    path: str,
    status: int,
    region: str | None,
    count: int,
    slowest: float,
    times: str = "×",
) -> str:
    """``count`` more requests like the line above it, up to ``at``."""
    columns = _request_columns(method, path, status, region)
    return f"{clock(at)}  {columns} {times}{count} (slowest {slowest:.1f} ms)"


def times_sign(out: TextIO) -> str:
    """``×``, or ``x`` where the output's encoding has no multiplication sign (an ASCII locale)."""
    try:
        "×".encode(getattr(out, "encoding", None) or "utf-8")
    except (UnicodeEncodeError, LookupError):
        return "x"
    return "×"


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


def new_log_dir(root: Path, at: float | None = None) -> Path:
    """A new ``<root>/20261122T214413-k3j2x9ab``: the time, then a random suffix, so two runs
    started in the same second (or by tests in parallel) never share a folder."""
    root.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%S", time.localtime(at))
    return Path(tempfile.mkdtemp(prefix=f"{stamp}-", dir=root))


def use_colour(out: TextIO, environ: dict[str, str] | None = None) -> bool:
    """Colour on a terminal, unless ``NO_COLOR`` is set to anything but the empty string."""
    env = os.environ if environ is None else environ
    return not env.get("NO_COLOR") and out.isatty()


def paint(line: str, colour: str) -> str:
    return f"{colour}{line}{RESET}"


@dataclass
class _Run:
    """Identical request lines since the last one printed."""

    key: tuple[str, str, int, str | None]
    count: int = 0
    slowest: float = 0.0
    last_at: float = 0.0
    timer: threading.Timer | None = None


class Console:
    """Writes the lines, whole, from any thread."""

    def __init__(
        self,
        out: TextIO | None = None,
        now: Callable[[], float] = time.time,
        colour: bool | None = None,
        flush_after: float = REPEAT_FLUSH_SECONDS,
    ) -> None:
        self.out = out or sys.stdout
        self.now = now
        self.colour = use_colour(self.out) if colour is None else colour
        self.times = times_sign(self.out)
        self.flush_after = flush_after
        self._lock = threading.Lock()
        self._run: _Run | None = None

    def _print(self, line: str, colour: str = "") -> None:
        print(paint(line, colour) if colour and self.colour else line, file=self.out, flush=True)

    def _write(self, line: str, colour: str = "") -> None:
        """Any line but a request ends the run of repeats first, so the order stays true."""
        with self._lock:
            self._end_run()
            self._print(line, colour)

    def _end_run(self) -> None:
        run, self._run = self._run, None
        if run is None:
            return
        if run.timer:
            run.timer.cancel()
        if run.count:
            method, path, status, region = run.key
            self._print(
                format_repeats(
                    run.last_at, method, path, status, region, run.count, run.slowest, self.times
                )
            )

    def _summarise(self, run: _Run) -> None:
        """The timer's end of a run: print the count, and go on counting from zero."""
        with self._lock:
            if self._run is not run:
                return
            self._end_run()
            self._run = _Run(run.key)

    def flush(self) -> None:
        """Print a pending count of repeats (at exit)."""
        with self._lock:
            self._end_run()

    def request(self, method: str, path: str, status: int, region: str | None, ms: float) -> None:
        if is_admin_path(path.split("?", 1)[0]) and status < 400:
            return
        key = (method, path.split("?", 1)[0], status, region)
        at = self.now()
        with self._lock:
            run = self._run
            if run is not None and run.key == key:
                run.count += 1
                run.slowest = max(run.slowest, ms)
                run.last_at = at
                if run.timer is None:
                    run.timer = threading.Timer(self.flush_after, self._summarise, (run,))
                    run.timer.daemon = True
                    run.timer.start()
                return
            self._end_run()
            self._print(format_request(at, method, path, status, region, ms))
            self._run = _Run(key)

    def health(self, region: str, healthy: bool, result: str | None) -> None:
        self._write(format_health(self.now(), region, healthy, result), GREEN if healthy else RED)

    def failover(self, before: str, after: str) -> None:
        self._write(format_failover(self.now(), before, after), BOLD + YELLOW)

    def action(self, action: str, region: str) -> None:
        self._write(format_action(self.now(), action, region), BOLD + CYAN)

    def lag(self, snapshot: dict[str, Any]) -> None:
        lag = snapshot["lagMs"]
        self._write(format_lag(self.now(), lag["p50"], lag["p99"], snapshot["appliedChanges"]))


def lag_moved(before: float | None, after: float | None) -> bool:
    """More than ``LAG_CHANGE_MS`` and ``LAG_CHANGE_RATIO`` apart, or known on one side only."""
    if before is None or after is None:
        return before is not after
    return abs(after - before) > max(LAG_CHANGE_MS, LAG_CHANGE_RATIO * before)


class LagReporter:
    """Looks at the replicator's lag every ``every`` seconds and prints it when changes were
    replicated since the last line and the lag moved, or ``quiet`` seconds went by."""

    def __init__(
        self,
        snapshot: Callable[[], dict[str, Any]],
        console: Console,
        every: float = LAG_EVERY_SECONDS,
        quiet: float = LAG_QUIET_SECONDS,
    ) -> None:
        self.snapshot = snapshot
        self.console = console
        self.every = every
        self.quiet = quiet
        self._reported = 0
        self._last: tuple[float | None, float | None] | None = None
        self._last_at = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="lag-reporter", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=self.every + 1)

    def report(self) -> None:
        """One look: a LAG line if it is due."""
        snapshot = self.snapshot()
        if snapshot["appliedChanges"] <= self._reported:
            return
        lag = (snapshot["lagMs"]["p50"], snapshot["lagMs"]["p99"])
        now = self.console.now()
        moved = self._last is None or any(map(lag_moved, self._last, lag))
        if moved or now - self._last_at >= self.quiet:
            self._reported = snapshot["appliedChanges"]
            self._last, self._last_at = lag, now
            self.console.lag(snapshot)

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            self.report()
