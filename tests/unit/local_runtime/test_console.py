"""The console's line formats, pinned: a person reads a drill by them."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from multi_region_api.local_runtime.console import (
    Console,
    LagReporter,
    default_log_dir,
    format_action,
    format_failover,
    format_health,
    format_lag,
    format_request,
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


def _snapshot(applied: int) -> dict[str, Any]:
    return {"appliedChanges": applied, "lagMs": {"p50": 10.0, "p99": 20.0, "samples": applied}}


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


def test_each_run_gets_its_own_log_directory() -> None:
    root = Path(".local-runtime/logs")
    first, second = default_log_dir(root, AT), default_log_dir(root, AT + 1)
    assert first.parent == root
    assert first != second
    assert re.fullmatch(r"\d{8}T\d{6}", first.name)
