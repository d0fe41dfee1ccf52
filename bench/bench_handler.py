"""Dispatcher Lambda: cold start and warm latency of ``/health``, before and after the Powertools
upgrade, against same-run baselines. Every number is a ratio to a baseline measured in the same
run on the same interpreter and paths; absolute times on a shared machine mean little.

*Before* is the dispatcher as it was on the previous Powertools release
(``lambda_runtime.PREVIOUS_RELEASE``): the handlers of git ref ``BENCH_BEFORE_REF`` (default: the
last commit on it) on that release's layer. *After* is this archive on the pinned release. Both
layers are built by ``multi_region_api.parity`` (cached per release).

1. Cold start on the runtime-parity tier: a fresh CPython 3.13 process with only the function's
   archive, the Powertools layer's contents and the runtime's boto3 on its path, importing the
   handler and answering the first shallow ``/health`` (process wall time, median of alternating
   runs), against a handler in the style of the published multi-region examples (boto3 resource
   created at import, JSON response). Target ratio <= 1.0 with tracing on, as deployed
   (``LAMBDA_TASK_ROOT`` is set, so the X-Ray SDK is imported as on Lambda); also with
   ``POWERTOOLS_TRACE_DISABLED``, and the deep ``/health`` cold path (a read and write against a
   moto server on 127.0.0.1) in the same alternation.
   *After* is the archive this repository's ``us`` stack deploys: the platform and the example
   application (``APP_ROUTERS=food_for_thought.routes:ROUTERS``), so its first shallow
   ``/health`` is the example's cold start; its first ``GET /regions`` (the validated resolver
   and the example's routers built on that request) is measured too.
2. What the platform adds to an application's cold start, for both kinds of app, first ``GET
   /ping`` in a fresh container: a one-router app through the platform (``APP_ROUTERS``) against
   the same router in a bare Powertools ``APIGatewayRestResolver`` with validation on (what a
   Powertools user writes without the platform), and a plain proxy handler through the platform
   (``APP_HANDLER``) against the same function as the Lambda handler. The overhead, in ms, is the
   median of the differences within each alternation round (the two ran back to back, so machine
   noise cancels): the platform's config, guards, Logger/Metrics (and Tracer: with tracing on,
   the X-Ray SDK's import) and error mapping.
3. Warm shallow ``/health`` inside one parity container (``warm_probe.py``), against a one-route
   Powertools resolver from the same layer (target <= 2x: what this code adds on top of the
   framework: guards, Logger, Metrics, CORS) and a bare handler returning the same JSON; untraced,
   as the target was set, and traced.
"""

from __future__ import annotations

import ast
import contextlib
import io
import json
import logging
import os
import statistics
import subprocess
import tarfile
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from multi_region_api.components.lambda_runtime import POWERTOOLS_VERSION, PREVIOUS_RELEASE
from multi_region_api.handlers import contract
from multi_region_api.local_runtime.events import http_event
from multi_region_api.local_runtime.ports import free_port

from bench.result import Result
from multi_region_api.parity.process import LambdaProcess, lambda_environment
from multi_region_api.parity.runtime import Runtime, ensure_runtime, stack_app, unpack_task

SECRET = "bench-secret"  # noqa: S105 - a fake secret for a local process
REGION = "us-east-1"
TABLE = "bench-table"
COLD_RUNS = 9
WARM_CALLS = 3000
BASELINE_HANDLER = "baseline_handler.handler"
REPO = Path(__file__).resolve().parents[1]
WARM_PROBE = Path(__file__).with_name("warm_probe.py")
BEFORE_REF_ENV = "BENCH_BEFORE_REF"
# What each baseline target of the cold and warm runs is, as the results name it.
COLD_BASELINES = {
    "seed": "boto3-resource-at-import handler",
    "mini bare": "same router, bare Powertools resolver (validation on)",
    "proxy bare": "the same function as the Lambda handler",
}
WARM_BASELINES = {"minimal": "one-route Powertools resolver", "bare": "bare JSON handler"}
# The last commit of the dispatcher on PREVIOUS_RELEASE (3.23.0), before issue 21's work.
BEFORE_REF = "f324b19f69c2a7e507708f1a3cde85a88613d0e5"

BASELINE_MODULE = f"""
import json
import os

import boto3

table = boto3.resource("dynamodb").Table(os.environ["{contract.ENV_TABLE_NAME}"])


def handler(event, context):
    return {{
        "statusCode": 200,
        "headers": {{"Content-Type": "application/json"}},
        "body": json.dumps({{"status": "ok", "region": os.environ["{contract.ENV_REGION}"]}}),
    }}
"""


EXAMPLE_ROUTERS = "food_for_thought.routes:ROUTERS"
MINI_ROUTERS = "mini_app.routes:ROUTERS"
MINI_APP = """
from aws_lambda_powertools.event_handler.api_gateway import Router
from pydantic import BaseModel

router = Router()
ROUTERS = (router,)


class Pong(BaseModel):
    pong: bool


@router.get("/ping")
def ping() -> Pong:
    return Pong(pong=True)
"""
MINI_HANDLER = "mini_proxy.handler"
MINI_PROXY = """
import json


def handler(event, context):
    return {
        "statusCode": 200,
        "headers": {"Content-Type": "application/json"},
        "body": json.dumps({"pong": True}),
    }
"""
BARE_HANDLER = "bare_handler.handler"
BARE_MODULE = """
from aws_lambda_powertools.event_handler import APIGatewayRestResolver

from mini_app.routes import ROUTERS

app = APIGatewayRestResolver(enable_validation=True)
for router in ROUTERS:
    app.include_router(router)


def handler(event, context):
    return app.resolve(event, context)
"""


def _function_env(**extra: str) -> dict[str, str]:
    """What the component gives the function (plus its region), as the handler tests build it."""
    urls = {REGION: "https://us-east-1.api.example.com", "us-west-2": "https://x.example.com"}
    return {
        contract.ENV_REGION: REGION,
        "AWS_DEFAULT_REGION": REGION,
        contract.ENV_TABLE_NAME: TABLE,
        contract.ENV_HOME_REGION: REGION,
        contract.ENV_REGION_URLS: json.dumps(urls),
        contract.ENV_HEALTH_CHECK_SECRET: SECRET,
        contract.ENV_DEEP_PING_PERCENT: "0",
        contract.ENV_FORCE_FAIL: "false",
        contract.ENV_SERVICE_NAME: contract.SERVICE_NAME,
        contract.ENV_METRICS_NAMESPACE: contract.METRICS_NAMESPACE,
        contract.ENV_LOG_LEVEL: "INFO",
        **extra,
    }


def _health_event() -> dict[str, Any]:
    query = {contract.HEALTH_SECRET_PARAM: SECRET}
    event: dict[str, Any] = http_event("GET", contract.HEALTH_PATH, query=query)
    return event


@dataclass(frozen=True)
class Variant:
    """A dispatcher archive on a Powertools layer."""

    label: str
    runtime: Runtime
    task: Path
    handler: str


def _before_task(destination: Path) -> tuple[Path, str]:
    """The handlers of ``BENCH_BEFORE_REF`` as that tree's archive laid them out, and the handler
    setting its own ``contract.py`` names."""
    ref = os.environ.get(BEFORE_REF_ENV, BEFORE_REF)
    tar = subprocess.run(  # noqa: S603 - git of this repository, a ref we name
        ["git", "-C", str(REPO), "archive", "--format=tar", ref, "handlers"],  # noqa: S607
        capture_output=True,
        check=True,
        timeout=60,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(tar)) as archive:
        archive.extractall(destination, filter="data")
    names: dict[str, str] = {}
    tree = ast.parse((destination / "handlers" / "contract.py").read_text())
    for node in tree.body:
        if isinstance(node, ast.AnnAssign | ast.Assign) and isinstance(node.value, ast.Constant):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Name) and isinstance(node.value.value, str):
                    names[target.id] = node.value.value
    return destination, f"{names['HANDLER_MODULE']}.{names['HANDLER_FUNCTION']}"


def _cold(
    runtime: Runtime,
    task: Path,
    handler: str,
    env: dict[str, str],
    log: Path,
    event: dict[str, Any] | None = None,
) -> float:
    """Seconds from starting a fresh container to its answer to the first request (/health)."""
    started = time.perf_counter()
    process = LambdaProcess(runtime, task, lambda_environment(runtime, task, env), log, handler)
    try:
        status = process.send(event or _health_event()).status
    finally:
        elapsed = time.perf_counter() - started
        process.close()
    if status != 200:
        raise RuntimeError(f"{handler} answered {status}; log:\n{log.read_text()[-2000:]}")
    return elapsed


Target = (
    tuple[Runtime, Path, str, dict[str, str]]
    | tuple[Runtime, Path, str, dict[str, str], dict[str, Any]]
)


def _cold_runs(targets: dict[str, Target], logs: Path) -> dict[str, list[float]]:
    """Runs the targets in alternation so machine noise hits them alike; seconds per round."""
    times: dict[str, list[float]] = {name: [] for name in targets}
    for _ in range(COLD_RUNS):
        for name, (runtime, task, handler, env, *event) in targets.items():
            log = logs / f"{name}.log"
            times[name].append(_cold(runtime, task, handler, env, log, *event))
    return times


def _paired_overhead_ms(runs: dict[str, list[float]], name: str, baseline: str) -> float:
    """Median over the rounds of ``name`` minus ``baseline``, run back to back in each round."""
    return statistics.median(a - b for a, b in zip(runs[name], runs[baseline], strict=True)) * 1000


@contextlib.contextmanager
def _moto_dynamodb() -> Iterator[str]:
    import boto3
    from moto.server import ThreadedMotoServer
    from multi_region_api.components.table_schema import boto3_create_table_kwargs

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # one line per request otherwise
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    try:
        client = boto3.client(
            "dynamodb",
            region_name=REGION,
            endpoint_url=endpoint,
            aws_access_key_id="bench",
            aws_secret_access_key="bench",  # noqa: S106 - moto accepts anything
        )
        client.create_table(**boto3_create_table_kwargs(TABLE))
        yield endpoint
    finally:
        server.stop()


def _warm(variant: Variant, *, traced: bool) -> dict[str, float]:
    """Median seconds per call of the handler, a one-route resolver and a bare handler."""
    extra = {} if traced else {"POWERTOOLS_TRACE_DISABLED": "true"}
    extra[contract.ENV_APP_ROUTERS] = EXAMPLE_ROUTERS
    env = lambda_environment(variant.runtime, variant.task, _function_env(**extra))
    answer = {"status": "ok", "region": REGION, "check": "shallow", "reason": None}
    env |= {
        "BENCH_EVENT": json.dumps(_health_event()),
        "BENCH_ANSWER": json.dumps(answer),
        "BENCH_PATH": contract.HEALTH_PATH,
    }
    run = subprocess.run(  # noqa: S603 - the parity interpreter and our probe
        [
            variant.runtime.python,
            "-I",
            "-S",
            "-B",
            str(WARM_PROBE),
            variant.handler,
            str(variant.task),
            str(variant.runtime.layer),
            str(variant.runtime.sdk),
            str(WARM_CALLS),
        ],
        env=env,
        cwd=variant.task,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if run.returncode != 0:
        raise RuntimeError(f"warm probe of {variant.label} failed:\n{run.stderr[-3000:]}")
    medians: dict[str, float] = json.loads(run.stdout.strip().splitlines()[-1])
    return medians


def _cold_result(
    label: str,
    cold: dict[str, float],
    target: str,
    against: str,
    *,
    target_ratio: float | None = None,
) -> Result:
    """``target``'s median cold start in ms, with ``against``'s as the baseline."""
    return Result(
        label,
        cold[target] * 1000,
        "ms",
        baseline=cold[against] * 1000,
        baseline_name=COLD_BASELINES[against],
        target_ratio=target_ratio,
    )


def run() -> list[Result]:
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        before = Variant(
            f"Powertools {PREVIOUS_RELEASE}, before",
            ensure_runtime(release=PREVIOUS_RELEASE, log=True),
            *_before_task(root / "before"),
        )
        after_task = root / "after"
        unpack_task(after_task, stack_app(REPO))  # the platform and the example application
        mini_platform, mini_bare = root / "mini-platform", root / "mini-bare"
        unpack_task(mini_platform)  # the platform alone; the one-router app added at the root
        for task in (mini_platform, mini_bare):
            (task / "mini_app").mkdir(parents=True)
            (task / "mini_app" / "__init__.py").write_text("")
            (task / "mini_app" / "routes.py").write_text(MINI_APP)
            (task / "mini_proxy.py").write_text(MINI_PROXY)
        (mini_bare / "bare_handler.py").write_text(BARE_MODULE)
        after = Variant(
            f"Powertools {POWERTOOLS_VERSION}, after",
            ensure_runtime(log=True),
            after_task,
            contract.HANDLER,
        )
        seed = root / "baseline"
        seed.mkdir()
        (seed / "baseline_handler.py").write_text(BASELINE_MODULE)
        untraced = _function_env(POWERTOOLS_TRACE_DISABLED="true")
        with _moto_dynamodb() as endpoint:
            deep = _function_env(
                **{contract.ENV_DEEP_PING_PERCENT: "100"}, AWS_ENDPOINT_URL_DYNAMODB=endpoint
            )
            targets: dict[str, Target] = {
                "seed": (after.runtime, seed, BASELINE_HANDLER, _function_env()),
            }
            app = {contract.ENV_APP_ROUTERS: EXAMPLE_ROUTERS}
            for key, variant in (("before", before), ("after", after)):
                where = (variant.runtime, variant.task, variant.handler)
                targets[f"{key} traced"] = (*where, _function_env(**app))
                targets[f"{key} untraced"] = (*where, untraced | app)
                targets[f"{key} deep"] = (*where, deep | app)
            targets["after app route"] = (
                after.runtime,
                after.task,
                after.handler,
                _function_env(**app),
                http_event("GET", "/regions"),
            )
            mini = {contract.ENV_APP_ROUTERS: MINI_ROUTERS}
            proxy = {contract.ENV_APP_HANDLER: MINI_HANDLER}
            ping = http_event("GET", "/ping")
            on_platform = (after.runtime, mini_platform, contract.HANDLER)
            for name, app_env, bare in (
                ("mini", mini, BARE_HANDLER),
                ("proxy", proxy, MINI_HANDLER),
            ):
                targets[f"{name} platform"] = (*on_platform, _function_env(**app_env), ping)
                targets[f"{name} platform untraced"] = (*on_platform, untraced | app_env, ping)
                targets[f"{name} bare"] = (after.runtime, mini_bare, bare, _function_env(), ping)
            runs = _cold_runs(targets, root)
            cold = {name: statistics.median(values) for name, values in runs.items()}
        warm = {
            (key, traced): _warm(variant, traced=traced)
            for key, variant in (("before", before), ("after", after))
            for traced in (False, True)
        }
    results = [
        _cold_result(
            f"{after.label}: example app cold start, first GET /regions, tracing on",
            cold,
            "after app route",
            "seed",
        ),
        *(
            _cold_result(
                f"one-router app through the platform: cold start, first GET /ping, {tracing}",
                cold,
                target,
                "mini bare",
            )
            for tracing, target in (
                ("tracing on", "mini platform"),
                ("tracing off", "mini platform untraced"),
            )
        ),
        _cold_result(
            "plain proxy handler through the platform: cold start, first GET /ping, tracing on",
            cold,
            "proxy platform",
            "proxy bare",
        ),
    ]
    for kind, platform, bare in (
        ("routers", "mini platform", "mini bare"),
        ("handler", "proxy platform", "proxy bare"),
    ):
        for tracing, suffix in (("tracing on", ""), ("tracing off", " untraced")):
            results.append(
                Result(
                    f"platform's cold-start overhead for a {kind} app ({tracing}), "
                    "median paired ms added",
                    _paired_overhead_ms(runs, platform + suffix, bare),
                    "ms",
                )
            )
    for key, variant in (("before", before), ("after", after)):
        results += [
            _cold_result(
                f"{variant.label}: cold start, first {what}, tracing {tracing}",
                cold,
                f"{key} {kind}",
                "seed",
                target_ratio=1.0 if kind == "traced" else None,
            )
            for kind, what, tracing in (
                ("traced", "shallow /health", "on"),
                ("untraced", "shallow /health", "off"),
                ("deep", "deep /health (moto)", "on"),
            )
        ]
        for traced in (False, True):
            medians = warm[(key, traced)]
            results += [
                Result(
                    f"{variant.label}: warm shallow /health, tracing "
                    f"{'on' if traced else 'off'}, median per call",
                    medians["handler"] * 1e6,
                    "us",
                    baseline=medians[against] * 1e6,
                    baseline_name=WARM_BASELINES[against],
                    target_ratio=2.0 if against == "minimal" and not traced else None,
                )
                for against in WARM_BASELINES
            ]
    return results
