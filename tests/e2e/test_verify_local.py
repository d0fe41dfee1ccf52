"""``verify --local`` end to end: the real command against a running local runtime."""

from __future__ import annotations

import json
import re
import urllib.request

import pytest
from multi_region_api.handlers.contract import ENV_HEALTH_CHECK_SECRET
from multi_region_api.local_runtime.supervisor import LocalRuntime
from multi_region_api.ops.__main__ import main
from multi_region_api.ops.verify import LOCAL_SKIPPED

from tests.e2e.runtime_support import ROOT, free_plan, wait_until

# check, target and result: words joined by single spaces, columns apart by two or more.
ROW = re.compile(
    r"^(?P<check>\S+(?: \S+)*?)  +(?P<target>\S+(?: \S+)*?)  +(?P<result>pass|FAIL|skipped)\b"
)


def verify(
    runtime: LocalRuntime, capsys: pytest.CaptureFixture[str], replication_timeout: float = 15
) -> tuple[int, list[str]]:
    argv = ["--project-dir", str(ROOT), "verify", "--stack", runtime.plan.stack, "--local"]
    argv += ["--port", str(runtime.plan.port), "--replication-timeout", str(replication_timeout)]
    code = main(argv)
    return code, capsys.readouterr().out.splitlines()


def rows(lines: list[str]) -> list[tuple[str, str, str]]:
    return [(m["check"], m["target"], m["result"]) for line in lines if (m := ROW.match(line))]


def admin(runtime: LocalRuntime, region: str, action: str) -> None:
    url = f"{runtime.plan.global_url}/_local/regions/{region}/{action}"
    request = urllib.request.Request(  # noqa: S310 - loopback
        url, data=b"{}", headers={"Content-Type": "application/json"}, method="POST"
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback
        assert response.status == 200


def healthy(runtime: LocalRuntime, region: str) -> bool:
    url = f"{runtime.plan.global_url}/_local/status"
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback
        return bool(json.load(response)["regions"][region].get("healthy"))


def test_every_local_promise_holds(
    runtime: LocalRuntime, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_HEALTH_CHECK_SECRET, runtime.plan.health_check_secret)

    code, lines = verify(runtime, capsys)

    table = rows(lines)
    assert code == 0, "\n".join(lines)
    regions = runtime.plan.settings.regions
    urls = runtime.plan.region_urls
    hello = {target for check, target, result in table if check == "hello" and result == "pass"}
    assert hello == {*urls.values(), runtime.plan.global_url}
    health = [(t, r) for c, t, r in table if c == "health route"]
    assert sorted(health) == sorted((urls[r], "pass") for r in regions for _ in range(2))
    pairs = {t for c, t, r in table if c == "replication" and r == "pass"}
    assert pairs == {f"{a} -> {b}" for a in regions for b in regions if a != b}
    lags = [float(m) for m in re.findall(r"readable after (\d+\.\d+) s", "\n".join(lines))]
    assert len(lags) == 2
    assert all(0 <= lag < 15 for lag in lags)
    skipped = [(c, t) for c, t, r in table if r == "skipped"]
    assert skipped == list(LOCAL_SKIPPED)
    assert all("skipped (local)" in line for line in lines if " skipped " in line)
    assert runtime.plan.health_check_secret not in "\n".join(lines)
    passed = len(table) - len(skipped)
    assert lines[-1] == f"all promises hold: {passed} passed, 0 failed, {len(skipped)} skipped"


def test_without_the_secret_the_runtimes_checker_vouches(
    runtime: LocalRuntime, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ENV_HEALTH_CHECK_SECRET, raising=False)
    assert wait_until(lambda: all(healthy(runtime, r) for r in runtime.plan.region_urls), 15)

    code, lines = verify(runtime, capsys)

    assert code == 0, "\n".join(lines)
    assert sum("runtime's checker: HTTP 200" in line for line in lines) == 2


def test_a_failed_region_fails_its_health_row(
    runtime: LocalRuntime, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_HEALTH_CHECK_SECRET, runtime.plan.health_check_secret)
    failed_region = runtime.plan.settings.regions[1]
    admin(runtime, failed_region, "fail")
    try:
        code, lines = verify(runtime, capsys)
    finally:
        admin(runtime, failed_region, "restore")

    assert code == 1
    bad = [(c, t) for c, t, r in rows(lines) if r == "FAIL"]
    assert bad == [("health route", runtime.plan.region_urls[failed_region])]
    assert "with secret: HTTP 503, reason force_fail" in "\n".join(lines)


def test_a_dead_region_fails_every_row_that_needs_it(
    runtime: LocalRuntime, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_HEALTH_CHECK_SECRET, runtime.plan.health_check_secret)
    home, dead = runtime.plan.settings.regions
    admin(runtime, dead, "kill")
    try:
        code, lines = verify(runtime, capsys, replication_timeout=1)
    finally:
        admin(runtime, dead, "start")

    assert code == 1
    bad = {(c, t) for c, t, r in rows(lines) if r == "FAIL"}
    url = runtime.plan.region_urls[dead]
    assert bad == {
        ("local region", dead),
        ("hello", url),
        ("health route", url),
        ("replication", f"{home} -> {dead}"),
        ("replication", f"{dead} write"),
    }, "\n".join(lines)
    assert "process killed" in "\n".join(lines)


def test_no_runtime_on_the_port_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str],
) -> None:
    port = free_plan().port
    code = main(
        ["--project-dir", str(ROOT), "verify", "--stack", "us", "--local", "--port", str(port)]
    )

    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1
    assert f"no local runtime answers at http://127.0.0.1:{port}" in err
