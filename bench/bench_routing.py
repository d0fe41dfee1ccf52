"""Routing policies on the local runtime: time to failover per policy, weighted traffic shares.

One runtime of the ``us`` stack at scale 0.05 (30 s health checks every 1.5 s), in this process;
the global endpoint's policy is swapped between measurements (the supervisor builds it the same
way from the stack's ``routing`` settings):
- time to failover, per policy: from the drill switch (``/fail`` returning) to the first of
  ``STREAK`` answers in a row from the other region (for weighted, the failed region's share is
  gone), against the model's worst case (threshold x interval at the local scale); median of
  ``DRILLS`` drills per policy. As in bench_local, ``/fail`` returns once the replacement region
  process answers 503, so the first failed probes can precede the clock's start;
- weighted: the share of ``REQUESTS`` requests each region served against its configured share.
"""

from __future__ import annotations

import dataclasses
import statistics
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import requests
from multi_region_api.components.args import RoutingSettings
from multi_region_api.components.estimates.failover import failover_estimate
from multi_region_api.local_runtime.global_router import SERVED_REGION_HEADER
from multi_region_api.local_runtime.routing_policy import policy_for
from multi_region_api.local_runtime.supervisor import LocalRuntime, free_plan

from bench.result import Result

ROOT = Path(__file__).resolve().parents[1]
SCALE = 0.05
DRILLS = 2
STREAK = 10
REQUESTS = 1_000
LIMIT_SECONDS = 30.0
FAILOVER_TARGET = 1.25
"""As in bench_local: a probe's timeout and scheduling on top of the worst case."""
SHARE_TARGET = 1.1
WEIGHTS = {"us-east-1": 1, "us-west-2": 3}


def _policies(home: str, other: str) -> dict[str, RoutingSettings]:
    return {
        "latency": RoutingSettings(),
        "failover": RoutingSettings(policy="failover", primary_region=home),
        "weighted": RoutingSettings(policy="weighted", weights={home: 1, other: 1}),
        "geolocation": RoutingSettings(
            policy="geolocation", locations={other: ("EU",)}, default_region=home
        ),
    }


def _served_by(session: requests.Session, url: str) -> str | None:
    try:
        return session.post(f"{url}/hits", timeout=5).headers.get(SERVED_REGION_HEADER)
    except requests.RequestException:
        return None


def _wait(check: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + LIMIT_SECONDS
    while not check():
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} within {LIMIT_SECONDS} s")
        time.sleep(0.05)


def _failover_seconds(runtime: LocalRuntime, home: str, other: str) -> float:
    """One drill: fail ``home``; seconds until the streak of ``other`` answers began; restore."""
    url = runtime.plan.global_url
    session = requests.Session()
    admin = f"{url}/_local/regions/{home}"
    requests.post(f"{admin}/fail", json={}, timeout=30).raise_for_status()
    started = time.monotonic()
    streak_began, streak = 0.0, 0
    while streak < STREAK:
        if time.monotonic() - started > LIMIT_SECONDS:
            raise RuntimeError(f"{other} did not take over in {LIMIT_SECONDS} s")
        now = time.monotonic()
        if _served_by(session, url) == other:
            streak_began, streak = (streak_began if streak else now), streak + 1
        else:
            streak = 0
    requests.post(f"{admin}/restore", json={}, timeout=30).raise_for_status()
    assert runtime.prober is not None
    prober = runtime.prober
    _wait(lambda: prober.healthy(home), f"{home} did not come back")
    return streak_began - started


def _shares(runtime: LocalRuntime) -> Counter[str]:
    session = requests.Session()
    served = (_served_by(session, runtime.plan.global_url) for _ in range(REQUESTS))
    return Counter(region or "failed" for region in served)


def run() -> list[Result]:
    plan = free_plan("us", scale=SCALE, project_dir=ROOT)
    home = plan.settings.home_region
    other = next(r for r in plan.preference if r != home)
    results: list[Result] = []
    with tempfile.TemporaryDirectory() as logs, LocalRuntime(plan, Path(logs)) as runtime:
        assert runtime.router is not None
        worst = failover_estimate(plan.settings).detection_worst_seconds * SCALE
        for name, routing in _policies(home, other).items():
            settings = dataclasses.replace(plan.settings, routing=routing)
            runtime.router.policy = policy_for(settings, plan.preference)
            drills = [_failover_seconds(runtime, home, other) for _ in range(DRILLS)]
            results.append(
                Result(
                    f"local time to failover, {name} routing (median of {DRILLS})",
                    statistics.median(drills),
                    "s",
                    baseline=worst,
                    baseline_name="model worst case (threshold x interval)",
                    target_ratio=FAILOVER_TARGET,
                )
            )
        settings = dataclasses.replace(
            plan.settings, routing=RoutingSettings(policy="weighted", weights=WEIGHTS)
        )
        runtime.router.policy = policy_for(settings, plan.preference)
        counts = _shares(runtime)
    total = sum(WEIGHTS.values())
    for region, weight in WEIGHTS.items():
        results.append(
            Result(
                f"weighted share served by {region} ({REQUESTS} requests, weight {weight})",
                counts[region] / REQUESTS,
                "share",
                baseline=weight / total,
                baseline_name="configured share",
                target_ratio=SHARE_TARGET,
            )
        )
    return results
