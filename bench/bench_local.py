"""The local multi-region runtime: failover time, replication lag, global-endpoint overhead.

One runtime of the ``us`` stack at scale 0.05 (30 s health checks every 1.5 s), started with
``python -m local_runtime`` as a user starts it, so the load generated here does not share the
runtime's interpreter:
- time to failover: from the drill switch (``/fail`` returning, so ``/health`` answers 503) to the
  first answer from the other region, against the model's worst case (threshold x interval at
  the local scale; best case is one interval less), median of a few drills;
- replication lag p50/p99 (stream record time -> applied in the other region) as
  ``/_local/status`` reports it, once for one client writing in both regions in turn (a
  developer's load) and once, on a fresh runtime, for 8 concurrent clients, which saturate a
  2-core machine (the replicator then queues behind moto, the regions and the clients);
- requests per second through the global endpoint against calls straight to the home region,
  same load in the same run (the ratio is the proxy's cost; higher is better here);
- p99 latency of ``GET /hello`` from 32 concurrent clients through the global endpoint against
  straight to the home region (the proxy's queueing: listen backlog, threads, connections);
- a soak (``local_runtime/soak.py``) of 5,000 mixed writes through the global endpoint, a third
  of them catalog transactions: moto's RSS and the write p50 at the end against after the first 100.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import requests
from multi_region_api.components.estimates.failover import failover_estimate
from multi_region_api.local_runtime.global_router import SERVED_REGION_HEADER
from multi_region_api.local_runtime.plan import RuntimePlan
from multi_region_api.local_runtime.soak import soak
from multi_region_api.local_runtime.supervisor import free_plan

from bench.result import Result

ROOT = Path(__file__).resolve().parents[1]
SCALE = 0.05
DRILLS = 3
WORKERS = 8
REQUESTS = 400
WRITES = 300
FAILOVER_LIMIT_SECONDS = 30.0
STARTUP_SECONDS = 30.0
FAILOVER_TARGET = 1.25
"""Measured failover may exceed the worst case by a probe's timeout and the proxy's scheduling."""
BURST_CLIENTS = 32
BURST_REQUESTS = 25
"""Per client."""
P99_TARGET = 1.5
SOAK_WRITES = 5_000
SOAK_WINDOW = 100
SOAK_TIME_CAP_SECONDS = 600.0
SOAK_TARGET = 1.2
LAG_P99_TARGET_MS = 500.0


@contextmanager
def _runtime(log_dir: Path) -> Iterator[RuntimePlan]:
    """The CLI in a child process on a free block of ports; stopped with SIGTERM."""
    plan = free_plan("us", scale=SCALE, project_dir=ROOT)
    process = subprocess.Popen(  # noqa: S603 - our interpreter and module
        [
            sys.executable,
            "-m",
            "multi_region_api.local_runtime",
            "--port",
            str(plan.port),
            "--scale",
            str(SCALE),
            "--log-dir",
            str(log_dir),
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while not _status(plan):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the local runtime did not start; see {log_dir}")
            time.sleep(0.2)
        yield plan
    finally:
        process.terminate()
        process.wait(timeout=STARTUP_SECONDS)


def _status(plan: RuntimePlan) -> dict[str, Any] | None:
    try:
        answer = requests.get(f"{plan.global_url}/_local/status", timeout=2)
    except requests.RequestException:
        return None
    return answer.json() if answer.ok else None


def _requests_per_second(url: str) -> float:
    sessions = [requests.Session() for _ in range(WORKERS)]

    def worker(n: int) -> None:
        session = sessions[n]
        for _ in range(REQUESTS // WORKERS):
            session.get(url, timeout=10).raise_for_status()

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        list(pool.map(worker, range(WORKERS)))
    return REQUESTS / (time.perf_counter() - started)


def _lag_after_writes(plan: RuntimePlan, workers: int) -> dict[str, Any]:
    """Write ``WRITES`` items from ``workers`` clients alternating regions; the lag statistics."""
    urls = list(plan.region_urls.values())

    def put(n: int) -> None:
        url = f"{urls[n % len(urls)]}/items/bench-{n % 50}"
        requests.put(url, json={"data": {"n": n}}, timeout=10).raise_for_status()

    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(put, range(WRITES)))
    time.sleep(2.0)  # let the replicator drain
    status = _status(plan)
    assert status is not None
    return dict(status["replication"]["lagMs"])


def _served_by(url: str) -> str | None:
    try:
        return requests.get(f"{url}/hello", timeout=2).headers.get(SERVED_REGION_HEADER)
    except requests.RequestException:
        return None


def _failover_seconds(plan: RuntimePlan, home: str, other: str) -> float:
    """One drill: fail ``home``, time until ``other`` serves, restore and wait for failback."""
    url = plan.global_url
    admin = f"{url}/_local/regions/{home}"
    requests.post(f"{admin}/fail", json={}, timeout=30).raise_for_status()
    started = time.monotonic()
    while _served_by(url) != other:
        if time.monotonic() - started > FAILOVER_LIMIT_SECONDS:
            raise RuntimeError(f"{other} did not take over in {FAILOVER_LIMIT_SECONDS} s")
        time.sleep(0.01)
    elapsed = time.monotonic() - started
    requests.post(f"{admin}/restore", json={}, timeout=30).raise_for_status()
    restored = time.monotonic()
    while _served_by(url) != home:
        if time.monotonic() - restored > FAILOVER_LIMIT_SECONDS:
            raise RuntimeError(f"{home} did not come back in {FAILOVER_LIMIT_SECONDS} s")
        time.sleep(0.05)
    return elapsed


def _p99_ms(url: str) -> float:
    """p99 of ``BURST_CLIENTS`` clients each sending ``BURST_REQUESTS`` GETs at once."""
    latencies: list[float] = []

    def client(_: int) -> list[float]:
        session, mine = requests.Session(), []
        for _ in range(BURST_REQUESTS):
            started = time.perf_counter()
            session.get(url, timeout=30).raise_for_status()
            mine.append((time.perf_counter() - started) * 1000)
        return mine

    with ThreadPoolExecutor(max_workers=BURST_CLIENTS) as pool:
        for mine in pool.map(client, range(BURST_CLIENTS)):
            latencies += mine
    ordered = sorted(latencies)
    return ordered[int(0.99 * (len(ordered) - 1))]


def _pids(plan: RuntimePlan) -> dict[str, int]:
    status = _status(plan)
    assert status is not None
    return {name: p["pid"] for name, p in status["processes"].items() if p.get("pid")}


def _soak_results(plan: RuntimePlan) -> list[Result]:
    pids = _pids(plan)
    result = soak(plan.global_url, pids, SOAK_WRITES, SOAK_TIME_CAP_SECONDS, window=SOAK_WINDOW)
    if result.errors:
        raise RuntimeError(f"soak: {len(result.errors)} failed writes, first: {result.errors[0]}")
    label = f"after {result.writes} writes ({result.seconds:.0f} s)"
    return [
        Result(
            f"moto RSS {label}",
            result.rss_end["moto"] / 2**20,
            "MB",
            baseline=result.rss_start["moto"] / 2**20,
            baseline_name=f"after {SOAK_WINDOW}",
            target_ratio=SOAK_TARGET,
        ),
        *(
            Result(
                f"{name} RSS {label}",
                result.rss_end[name] / 2**20,
                "MB",
                baseline=result.rss_start[name] / 2**20,
                baseline_name=f"after {SOAK_WINDOW}",
            )
            for name in pids
            if name != "moto"
        ),
        Result(
            f"write p50, last {SOAK_WINDOW} of {result.writes}",
            result.p50_ms(first=False),
            "ms",
            baseline=result.p50_ms(first=True),
            baseline_name=f"first {SOAK_WINDOW}",
            target_ratio=SOAK_TARGET,
        ),
    ]


def _lag_results(label: str, lag: dict[str, Any]) -> list[Result]:
    return [
        Result(f"replication lag {p}, {label} ({lag['samples']} changes)", lag[p], "ms")
        for p in ("p50", "p99")
    ]


def run() -> list[Result]:
    with tempfile.TemporaryDirectory() as logs, _runtime(Path(logs)) as plan:
        home = plan.settings.home_region
        other = next(r for r in plan.preference if r != home)
        direct = _requests_per_second(f"{plan.region_urls[home]}/hello")
        routed = _requests_per_second(f"{plan.global_url}/hello")
        p99_direct = _p99_ms(f"{plan.region_urls[home]}/hello")
        p99_routed = _p99_ms(f"{plan.global_url}/hello")
        light = _lag_after_writes(plan, workers=1)
        drills = [_failover_seconds(plan, home, other) for _ in range(DRILLS)]
    with tempfile.TemporaryDirectory() as logs, _runtime(Path(logs)) as plan:
        saturated = _lag_after_writes(plan, workers=WORKERS)
    with tempfile.TemporaryDirectory() as logs, _runtime(Path(logs)) as plan:
        soaked = _soak_results(plan)
    model = failover_estimate(plan.settings)
    worst = model.detection_worst_seconds * SCALE
    best = model.detection_best_seconds * SCALE
    return [
        Result(
            f"local time to failover (median of {DRILLS}, best case {best:.2f} s)",
            statistics.median(drills),
            "s",
            baseline=worst,
            baseline_name="model worst case (threshold x interval)",
            target_ratio=FAILOVER_TARGET,
        ),
        *_lag_results("1 client", light),
        *_lag_results(f"{WORKERS} clients", saturated),
        Result(
            f"replication lag p99, {WORKERS} clients, against the target",
            saturated["p99"],
            "ms",
            baseline=LAG_P99_TARGET_MS,
            baseline_name="target",
            target_ratio=1.0,
        ),
        Result(
            f"GET /hello p99 through the global endpoint ({BURST_CLIENTS} clients)",
            p99_routed,
            "ms",
            baseline=p99_direct,
            baseline_name="straight to the home region",
            target_ratio=P99_TARGET,
        ),
        *soaked,
        Result(
            f"requests/s through the global endpoint ({WORKERS} clients, GET /hello)",
            routed,
            "req/s",
            baseline=direct,
            baseline_name="straight to the home region",
        ),
    ]
