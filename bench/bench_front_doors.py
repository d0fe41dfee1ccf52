"""Front doors: always-on cost, local time to failover, warm handler latency per event shape.

1. Always-on monthly cost per region of each front door against the published-examples
   configuration (the cost model; goal ``http`` <= 0.40x).
2. Local time to failover through the global endpoint: DNS routing (the ``rest`` stack) and
   Global Accelerator routing (``alb`` + accelerator, ALB-style health checks), each against its
   model's worst-case detection at the test scale. Neither DNS caching nor Global Accelerator's
   propagation exists locally, so detection is what the drill can measure.
3. Warm in-process latency of ``GET /hello`` for the REST (v1), HTTP API (v2) and ALB events the
   local adapter builds, as ratios to v1. A shape the dispatcher does not serve yet (it answers
   4xx) is reported as such instead of timed.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import os
import statistics
import sys
import tempfile
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import requests
from multi_region_api.components.environment import handler_environment
from multi_region_api.components.estimates.cost import front_door_costs, published_examples_cost
from multi_region_api.components.estimates.failover import failover_estimate
from multi_region_api.handlers.contract import ENV_REGION, FrontDoor
from multi_region_api.local_runtime.event_adapter import LambdaContext, build_event_for
from multi_region_api.local_runtime.global_router import SERVED_REGION_HEADER
from multi_region_api.local_runtime.plan import RuntimePlan
from multi_region_api.local_runtime.supervisor import LocalRuntime, free_plan
from multi_region_api.ops.stack_settings import load_settings

from bench.result import Result

REPO = Path(__file__).resolve().parents[1]
SCALE = 0.05
DRILLS = 3
FAILOVER_LIMIT_SECONDS = 30.0
WARM_CALLS = 2000
HTTP_GOAL = 0.40


def _cost_results() -> list[Result]:
    settings = load_settings("us", REPO)
    published = published_examples_cost(settings).regions[0].usd
    published_stack = published_examples_cost(settings).usd
    return [
        Result(
            f"always-on cost per region, front door {label}",
            cost.regions[0].usd,
            "USD/month",
            baseline=published,
            baseline_name="published examples",
            target_ratio=HTTP_GOAL if label == "http" else None,
        )
        for label, cost in front_door_costs(settings).items()
    ] + [
        Result(
            f"always-on cost per stack (us), front door {label}",
            cost.usd,
            "USD/month",
            baseline=published_stack,
            baseline_name="published examples",
        )
        for label, cost in front_door_costs(settings).items()
    ]


@contextlib.contextmanager
def _runtime(door: FrontDoor, accelerated: bool, log_dir: Path) -> Iterator[RuntimePlan]:
    plan = free_plan("us", scale=SCALE, project_dir=REPO)
    settings = dataclasses.replace(plan.settings, front_door=door, global_accelerator=accelerated)
    plan = dataclasses.replace(plan, settings=settings)
    with LocalRuntime(plan, log_dir=log_dir):
        yield plan


def _served_by(url: str) -> str | None:
    try:
        answer = requests.get(f"{url}/hello", timeout=2)
    except requests.RequestException:
        return None
    return answer.headers.get(SERVED_REGION_HEADER) if answer.ok else None


def _wait_for(url: str, region: str) -> float:
    started = time.monotonic()
    while _served_by(url) != region:
        if time.monotonic() - started > FAILOVER_LIMIT_SECONDS:
            raise RuntimeError(f"{region} did not serve within {FAILOVER_LIMIT_SECONDS} s")
        time.sleep(0.01)
    return time.monotonic() - started


def _failover(door: FrontDoor, accelerated: bool, label: str) -> Result:
    with tempfile.TemporaryDirectory() as logs, _runtime(door, accelerated, Path(logs)) as plan:
        home = plan.settings.home_region
        other = next(r for r in plan.preference if r != home)
        admin = f"{plan.global_url}/_local/regions/{home}"
        _wait_for(plan.global_url, home)
        drills = []
        for _ in range(DRILLS):
            requests.post(f"{admin}/fail", json={}, timeout=30).raise_for_status()
            drills.append(_wait_for(plan.global_url, other))
            requests.post(f"{admin}/restore", json={}, timeout=30).raise_for_status()
            _wait_for(plan.global_url, home)
        model = failover_estimate(plan.settings)
    return Result(
        f"local time to failover, {label} (median of {DRILLS})",
        statistics.median(drills),
        "s",
        baseline=model.detection_worst_seconds * SCALE,
        baseline_name="model worst-case detection at scale",
    )


def _warm_latencies() -> tuple[dict[FrontDoor, float], dict[FrontDoor, int]]:
    settings = load_settings("us", REPO)
    if settings.app is not None and str(settings.app.path) not in sys.path:
        sys.path.insert(0, str(settings.app.path))  # the archive's root on Lambda
    region = settings.home_region
    timings: dict[FrontDoor, float] = {}
    refused: dict[FrontDoor, int] = {}
    for door in FrontDoor:
        env = handler_environment(
            dataclasses.replace(settings, front_door=door),
            region=region,
            table_name="bench-table",
            health_check_secret="bench-secret",  # noqa: S106 - a fake secret, local only
        )
        env |= {ENV_REGION: region, "AWS_ACCESS_KEY_ID": "x", "AWS_SECRET_ACCESS_KEY": "x"}
        saved = dict(os.environ)
        os.environ.update(env)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                from multi_region_api.handlers import app as app_module
                from multi_region_api.handlers import resolver
                from multi_region_api.handlers.application import load_application
                from multi_region_api.handlers.config import get_config

                get_config.cache_clear()
                routers = resolver.routers_of(load_application())  # the example's, APP_ROUTERS
                app_module.app = resolver.create_app(get_config(), routers)
                event = build_event_for(
                    door,
                    method="GET",
                    target="/hello",
                    headers=[("Host", "api.us.example.com"), ("User-Agent", "bench")],
                    body=b"",
                    source_ip="203.0.113.9",
                )
                context = LambdaContext(function_name="bench", region=region)
                times: list[float] = []
                answer: Any = None
                quiet = io.StringIO()  # EMF metrics and refusal logs
                with contextlib.redirect_stdout(quiet), contextlib.redirect_stderr(quiet):
                    for _ in range(WARM_CALLS):
                        started = time.perf_counter()
                        answer = app_module.lambda_handler(event, context)
                        times.append(time.perf_counter() - started)
        finally:
            os.environ.clear()
            os.environ.update(saved)
        status = answer.get("statusCode", 200) if isinstance(answer, dict) else 200
        if status == 200:
            timings[door] = statistics.median(times)
        else:
            refused[door] = status
    return timings, refused


def run() -> list[Result]:
    results = _cost_results()
    results.append(_failover(FrontDoor.REST, False, "DNS routing (rest)"))
    results.append(_failover(FrontDoor.ALB, True, "Global Accelerator routing (alb)"))
    timings, refused = _warm_latencies()
    v1 = timings.get(FrontDoor.REST)
    for door, seconds in timings.items():
        results.append(
            Result(
                f"warm GET /hello, {door.value} event",
                seconds * 1e6,
                "us",
                baseline=v1 * 1e6 if v1 else None,
                baseline_name="REST v1 event",
            )
        )
    for door, status in refused.items():
        print(f"  warm GET /hello, {door.value} event: not served by this dispatcher ({status})")
    return results
