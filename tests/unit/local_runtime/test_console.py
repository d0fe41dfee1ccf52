"""The console's line formats, pinned: a person reads a drill by them."""

from __future__ import annotations

import io
import re
import time
from pathlib import Path
from typing import Any

import pytest
from multi_region_api.local_runtime.console import (
    BOLD,
    CYAN,
    GREEN,
    RED,
    RESET,
    YELLOW,
    Console,
    LagReporter,
    format_action,
    format_failover,
    format_health,
    format_lag,
    format_repeats,
    format_request,
    lag_moved,
    new_log_dir,
    use_colour,
)

AT = 1_795_383_853.25
TIME = r"\d\d:\d\d:\d\d\.250"


def test_a_request_line_has_time_method_path_status_region_and_ms() -> None:
    line = format_request(AT, "GET", "/hello", 200, "us-east-1", 3.24)
    assert re.fullmatch(rf"{TIME}  GET     /hello {{27}}200  us-east-1 {{6}}    3\.2 ms", line), (
        line
    )


def test_a_request_line_never_shows_the_query_string() -> None:
    line = format_request(AT, "GET", "/health?healthCheckerId=s3cret", 403, "us-west-2", 1)
    assert "s3cret" not in line
    assert " /health " in line


def test_an_admin_request_has_no_serving_region() -> None:
    line = format_request(AT, "POST", "/_local/regions/us-east-1/fail", 200, None, 812.0)
    assert re.fullmatch(
        rf"{TIME}  POST    /_local/regions/us-east-1/fail   200  - {{16}}812\.0 ms", line
    )


def test_health_failover_drill_and_lag_lines() -> None:
    assert re.fullmatch(
        rf"{TIME}  HEALTH  us-east-1 is UNHEALTHY \(HTTP 503\)",
        format_health(AT, "us-east-1", False, "HTTP 503"),
    )
    assert re.fullmatch(
        rf"{TIME}  HEALTH  us-east-1 is healthy \(HTTP 200\)",
        format_health(AT, "us-east-1", True, "HTTP 200"),
    )
    assert re.fullmatch(
        rf"{TIME}  ROUTE   the global endpoint now serves from us-west-2 \(was us-east-1\)",
        format_failover(AT, "us-east-1", "us-west-2"),
    )
    assert re.fullmatch(rf"{TIME}  DRILL   fail us-east-1", format_action(AT, "fail", "us-east-1"))
    assert re.fullmatch(
        rf"{TIME}  LAG     p50 12 ms, p99 40 ms \(7 changes replicated\)",
        format_lag(AT, 12.2, 39.9, 7),
    )
    assert "p50 -, p99 -" in format_lag(AT, None, None, 0)


def test_a_repeat_line_counts_the_requests_since_the_line_above_it() -> None:
    line = format_repeats(AT, "GET", "/hello?x=1", 200, "us-east-1", 12, 8.24)
    assert re.fullmatch(
        rf"{TIME}  GET     /hello {{27}}200  us-east-1 {{6}}×12 \(slowest 8\.2 ms\)", line
    )


def test_an_ascii_terminal_gets_an_x() -> None:
    ascii_out = io.TextIOWrapper(io.BytesIO(), encoding="ascii")
    console = Console(ascii_out, now=lambda: AT)
    console.request("GET", "/hello", 200, "us-east-1", 1.0)
    console.request("GET", "/hello", 200, "us-east-1", 1.0)
    console.flush()
    ascii_out.seek(0)
    assert " x1 (slowest 1.0 ms)" in ascii_out.read()
    assert Console(io.StringIO()).times == "×"


class Clock:
    def __init__(self) -> None:
        self.at = AT

    def __call__(self) -> float:
        return self.at


def _console(**kwargs: Any) -> tuple[Console, io.StringIO, Clock]:
    out, clock = io.StringIO(), Clock()
    return Console(out, now=clock, **kwargs), out, clock


def _shown(out: io.StringIO) -> list[str]:
    """The lines without their clock."""
    return [line[len("21:44:13.250  ") :] for line in out.getvalue().splitlines()]


def test_identical_requests_collapse_until_the_line_changes() -> None:
    console, out, clock = _console()
    for ms in (3.0, 9.0, 4.0):
        console.request("GET", "/hello", 200, "us-east-1", ms)
    clock.at += 1
    console.request("GET", "/hello", 200, "us-west-2", 5.0)
    console.request("GET", "/hello", 200, "us-west-2", 5.0)
    console.flush()
    assert [" ".join(line.split()) for line in _shown(out)] == [
        "GET /hello 200 us-east-1 3.0 ms",
        "GET /hello 200 us-east-1 ×2 (slowest 9.0 ms)",
        "GET /hello 200 us-west-2 5.0 ms",
        "GET /hello 200 us-west-2 ×1 (slowest 5.0 ms)",
    ]
    console.flush()
    assert len(_shown(out)) == 4, "a flush with nothing pending prints nothing"


def test_another_line_ends_a_run_of_repeats_first() -> None:
    console, out, _ = _console()
    console.request("GET", "/hello", 200, "us-east-1", 1.0)
    console.request("GET", "/hello", 200, "us-east-1", 1.0)
    console.action("fail", "us-east-1")
    console.request("GET", "/hello", 200, "us-east-1", 1.0)
    assert [line.split()[0] for line in _shown(out)] == ["GET", "GET", "DRILL", "GET"]
    assert "×1" in _shown(out)[1]


def test_a_long_run_is_summarised_after_the_interval() -> None:
    console, out, _ = _console(flush_after=0.05)
    console.request("GET", "/hello", 200, "us-east-1", 1.0)
    console.request("GET", "/hello", 200, "us-east-1", 2.0)
    deadline = time.monotonic() + 5
    while len(_shown(out)) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert "×1 (slowest 2.0 ms)" in _shown(out)[1]
    console.request("GET", "/hello", 200, "us-east-1", 1.0)  # the same run: counted, not shown
    assert len(_shown(out)) == 2
    console.flush()
    assert "×1 (slowest 1.0 ms)" in _shown(out)[2]


@pytest.mark.parametrize(
    ("method", "path", "status", "printed"),
    [
        ("GET", "/_local/status", 200, False),
        ("POST", "/_local/regions/us-east-1/fail", 200, False),
        ("POST", "/_local/regions/mars-1/fail", 404, True),
        ("GET", "/_localx", 404, True),
        ("GET", "/hello", 200, True),
    ],
)
def test_admin_requests_print_only_when_they_fail(
    method: str, path: str, status: int, printed: bool
) -> None:
    console, out, _ = _console()
    console.request(method, path, status, None, 1.0)
    assert bool(out.getvalue()) is printed


def test_drill_health_and_route_lines_are_coloured_when_asked() -> None:
    console, out, _ = _console(colour=True)
    console.action("fail", "us-east-1")
    console.health("us-east-1", False, "HTTP 503")
    console.health("us-east-1", True, "HTTP 200")
    console.failover("us-east-1", "us-west-2")
    console.request("GET", "/hello", 200, "us-west-2", 1.0)
    drill, unhealthy, healthy, route, request = out.getvalue().splitlines()
    assert drill.startswith(BOLD + CYAN)
    assert drill.endswith(RESET)
    assert unhealthy.startswith(RED)
    assert healthy.startswith(GREEN)
    assert route.startswith(BOLD + YELLOW)
    assert "\033" not in request


def test_plain_lines_without_colour() -> None:
    console, out, _ = _console(colour=False)
    console.action("fail", "us-east-1")
    console.failover("us-east-1", "us-west-2")
    assert "\033" not in out.getvalue()


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("out", "environ", "colour"),
    [
        (_Terminal(), {}, True),
        (_Terminal(), {"NO_COLOR": "1"}, False),
        (_Terminal(), {"NO_COLOR": ""}, True),
        (io.StringIO(), {}, False),
    ],
)
def test_colour_on_a_terminal_unless_no_color(
    out: io.StringIO, environ: dict[str, str], colour: bool
) -> None:
    assert use_colour(out, environ) is colour


def test_the_console_decides_colour_from_its_output(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert Console(_Terminal()).colour
    assert not Console(io.StringIO()).colour
    monkeypatch.setenv("NO_COLOR", "1")
    assert not Console(_Terminal()).colour


def _snapshot(applied: int, p50: float | None = 10.0, p99: float | None = 20.0) -> dict[str, Any]:
    return {"appliedChanges": applied, "lagMs": {"p50": p50, "p99": p99, "samples": applied}}


def test_lag_is_reported_only_when_something_replicated_since_the_last_report() -> None:
    out = io.StringIO()
    applied = [0]
    reporter = LagReporter(lambda: _snapshot(applied[0]), Console(out, now=lambda: AT))
    reporter.report()
    assert out.getvalue() == ""
    applied[0] = 3
    reporter.report()
    reporter.report()
    lines = out.getvalue().splitlines()
    assert len(lines) == 1
    assert lines[0].endswith("LAG     p50 10 ms, p99 20 ms (3 changes replicated)")


def test_lag_prints_when_it_moves_or_once_a_quiet_minute() -> None:
    console, out, clock = _console()
    current = [_snapshot(1)]
    reporter = LagReporter(lambda: current[0], console, quiet=60.0)
    reporter.report()
    for applied, p50, p99 in [(2, 11.0, 22.0), (3, 12.0, 19.0), (4, 9.0, 24.0)]:
        clock.at += 5
        current[0] = _snapshot(applied, p50, p99)
        reporter.report()
    assert len(out.getvalue().splitlines()) == 1, "small moves are not news"
    clock.at += 5
    current[0] = _snapshot(5, 10.0, 80.0)
    reporter.report()
    assert "p99 80 ms (5 changes replicated)" in out.getvalue().splitlines()[-1]
    clock.at += 59
    current[0] = _snapshot(6, 10.0, 80.0)
    reporter.report()
    assert len(out.getvalue().splitlines()) == 2
    clock.at += 1
    reporter.report()
    assert "(6 changes replicated)" in out.getvalue().splitlines()[-1]
    clock.at += 600
    reporter.report()
    assert len(out.getvalue().splitlines()) == 3, "nothing replicated: nothing to say"


@pytest.mark.parametrize(
    ("before", "after", "moved"),
    [
        (10.0, 14.0, False),
        (10.0, 16.0, True),
        (100.0, 120.0, False),
        (100.0, 130.0, True),
        (100.0, 70.0, True),
        (None, None, False),
        (None, 3.0, True),
        (3.0, None, True),
    ],
)
def test_lag_moves_by_five_ms_and_a_quarter(
    before: float | None, after: float | None, moved: bool
) -> None:
    assert lag_moved(before, after) is moved


def test_each_run_gets_its_own_log_directory(tmp_path: Path) -> None:
    root = tmp_path / "logs"
    first, second = new_log_dir(root, AT), new_log_dir(root, AT)
    assert first.parent == second.parent == root
    assert first != second
    assert first.is_dir()
    assert second.is_dir()
    assert re.fullmatch(r"\d{8}T\d{6}-\w+", first.name)
    assert first.name[:15] == second.name[:15]
