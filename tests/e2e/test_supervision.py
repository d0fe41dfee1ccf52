"""The supervisor watches every child: moto killed with SIGKILL comes back with its data, the
regions are unhealthy while it is down, and a region process that dies is started again."""

from __future__ import annotations

import os
import signal
from typing import Any

import requests
from multi_region_api.local_runtime.supervisor import LocalRuntime

from tests.e2e.runtime_support import wait_until

BOUND_SECONDS = 30.0


def _status(runtime: LocalRuntime) -> dict[str, Any]:
    answer = requests.get(f"{runtime.plan.global_url}/_local/status", timeout=5)
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


def _replicated(runtime: LocalRuntime, path: str, body: dict[str, Any]) -> bool:
    urls = runtime.plan.region_urls.values()
    answers = [requests.get(f"{url}{path}", timeout=5) for url in urls]
    return all(a.status_code == 200 and a.json().get("data") == body for a in answers)


def _serving(runtime: LocalRuntime) -> list[bool]:
    regions = _status(runtime)["regions"].values()
    return [r["healthy"] and r["dynamodbUp"] for r in regions]


def test_status_lists_every_child_process(runtime: LocalRuntime) -> None:
    processes = _status(runtime)["processes"]
    names = {"moto", "replicator", *(f"region {r}" for r in runtime.plan.settings.regions)}
    assert set(processes) == names
    assert all(p["state"] == "running" for p in processes.values()), processes
    assert processes["moto"]["pid"] == runtime.moto.pid if runtime.moto else False


def test_moto_killed_comes_back_with_its_data(runtime: LocalRuntime) -> None:
    plan = runtime.plan
    home = plan.region_urls[plan.settings.home_region]
    data = {"kept": "across a moto crash"}
    put = requests.put(f"{home}/items/survivor", json={"data": data}, timeout=10)
    assert put.status_code in (200, 201), put.text
    assert wait_until(lambda: _replicated(runtime, "/items/survivor", data), BOUND_SECONDS)
    assert runtime.moto is not None
    old_pid = runtime.moto.pid
    assert old_pid is not None
    os.kill(old_pid, signal.SIGKILL)
    # Restarting takes a second or two (a new interpreter and moto): no region is healthy then.
    assert wait_until(lambda: not any(_serving(runtime)), 5, 0.02)
    assert wait_until(
        lambda: (
            _status(runtime)["processes"]["moto"]["state"] == "running"
            and runtime.moto is not None
            and runtime.moto.pid != old_pid
        ),
        BOUND_SECONDS,
    )
    moto = _status(runtime)["processes"]["moto"]
    assert (moto["restarts"], moto["lastExitCode"]) == (1, -signal.SIGKILL)
    assert wait_until(lambda: _replicated(runtime, "/items/survivor", data), BOUND_SECONDS)
    # Replication works on the new tables, in both directions.
    other = plan.region_urls[plan.preference[1]]
    fresh = {"after": "restart"}
    requests.put(f"{other}/items/fresh", json={"data": fresh}, timeout=10).raise_for_status()
    assert wait_until(lambda: _replicated(runtime, "/items/fresh", fresh), BOUND_SECONDS)
    assert wait_until(lambda: all(_serving(runtime)), BOUND_SECONDS)


def test_a_region_process_that_dies_is_started_again(runtime: LocalRuntime) -> None:
    region = runtime.plan.preference[1]
    child = runtime.regions[region]
    assert child.pid is not None
    old_pid = child.pid
    os.kill(old_pid, signal.SIGKILL)
    assert wait_until(
        lambda: (
            (p := _status(runtime)["processes"][f"region {region}"])["state"] == "running"
            and p["pid"] != old_pid
        ),
        BOUND_SECONDS,
    )
    info = _status(runtime)["processes"][f"region {region}"]
    assert (info["restarts"], info["lastExitCode"]) == (1, -signal.SIGKILL)
    answer = requests.get(f"{runtime.plan.region_urls[region]}/hello", timeout=10)
    assert answer.status_code == 200


def test_a_region_killed_by_the_drill_stays_down(runtime: LocalRuntime) -> None:
    region = runtime.plan.preference[1]
    admin = f"{runtime.plan.global_url}/_local/regions/{region}"
    requests.post(f"{admin}/kill", json={}, timeout=30).raise_for_status()
    assert not wait_until(
        lambda: _status(runtime)["processes"][f"region {region}"]["state"] == "running", 1.0
    )
    requests.post(f"{admin}/start", json={}, timeout=30).raise_for_status()
    assert _status(runtime)["processes"][f"region {region}"]["state"] == "running"
