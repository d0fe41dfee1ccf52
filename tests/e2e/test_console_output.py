"""``make local``'s console, end to end: the runtime prints a line per request (identical ones
collapse, the admin API's own stay quiet), per health transition, per failover decision, per
drill action, and the replication lag."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

import pytest
import requests
from multi_region_api.local_runtime.console import LAG_EVERY_SECONDS, Console
from multi_region_api.local_runtime.supervisor import LocalRuntime

from tests.e2e.runtime_support import free_plan, wait_until

HOME, OTHER = "us-east-1", "us-west-2"
CLOCK = r"\d\d:\d\d:\d\d\.\d{3}"


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LocalRuntime, io.StringIO]]:
    out = io.StringIO()
    plan = free_plan()
    runtime = LocalRuntime(plan, log_dir=tmp_path_factory.mktemp("logs"), console=Console(out))
    with runtime:
        yield runtime, out
    children = [*runtime.regions.values(), runtime.moto]
    assert all(c is not None and not c.running() for c in children)


def _lines(out: io.StringIO, pattern: str) -> list[str]:
    return [line for line in out.getvalue().splitlines() if re.fullmatch(pattern, line)]


def test_requests_health_failover_drill_and_lag(printed: tuple[LocalRuntime, io.StringIO]) -> None:
    runtime, out = printed
    url = runtime.plan.global_url
    bound = runtime.plan.interval_seconds * (runtime.plan.failure_threshold + 1) + 2.0

    for _ in range(3):
        assert requests.get(f"{url}/hello?x=1", timeout=5).status_code == 200
    assert requests.get(f"{url}/_local/status", timeout=5).ok
    assert requests.put(f"{url}/items/console", json={"data": {"a": 1}}, timeout=5).ok
    # The global endpoint prints a request's line after answering it: wait for the PUT's, which
    # comes after the collapsed /hello lines it flushes.
    put = rf"{CLOCK}  PUT     /items/console +200  {HOME} +\d+\.\d ms"
    assert wait_until(lambda: bool(_lines(out, put)), 5), out.getvalue()
    assert len(_lines(out, rf"{CLOCK}  GET     /hello +200  {HOME} +\d+\.\d ms")) == 1
    assert _lines(out, rf"{CLOCK}  GET     /hello +200  {HOME} +×2 \(slowest \d+\.\d ms\)")

    assert wait_until(
        lambda: bool(
            _lines(out, rf"{CLOCK}  LAG     p50 \d+ ms, p99 \d+ ms \(\d+ changes replicated\)")
        ),
        LAG_EVERY_SECONDS + 3,
    ), out.getvalue()

    assert requests.post(f"{url}/_local/regions/{HOME}/fail", json={}, timeout=30).ok
    assert wait_until(lambda: bool(_lines(out, rf"{CLOCK}  DRILL   fail {HOME}")), 5)
    route = rf"{CLOCK}  ROUTE   the global endpoint now serves from {OTHER} \(was {HOME}\)"
    assert wait_until(lambda: bool(_lines(out, route)), bound), out.getvalue()
    assert _lines(out, rf"{CLOCK}  HEALTH  {HOME} is UNHEALTHY \(HTTP 503\)")

    assert requests.post(f"{url}/_local/regions/{HOME}/restore", json={}, timeout=30).ok
    back = rf"{CLOCK}  ROUTE   the global endpoint now serves from {HOME} \(was {OTHER}\)"
    assert wait_until(lambda: bool(_lines(out, back)), bound), out.getvalue()
    assert _lines(out, rf"{CLOCK}  HEALTH  {HOME} is healthy \(HTTP 200\)")
    assert "{" not in out.getvalue(), "a JSON log line reached the console"
    assert "/_local/" not in out.getvalue(), "the admin API's own requests were printed"
