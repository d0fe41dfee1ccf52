"""Dispatcher Lambda: cold start and warm latency of ``/health``, against same-run baselines.

1. Cold start on the runtime-parity tier: a fresh CPython 3.13 process with only the function's
   archive, the Powertools layer's contents and the runtime's boto3 on its path (``tests/parity``),
   importing the handler and answering the first shallow ``/health`` (process wall time, median of
   alternating runs), against a minimal handler in the style of the published multi-region
   examples (boto3 resource created at import, JSON response) on the same interpreter and paths.
   Target ratio <= 1.0. The function is deployed with active tracing, so ``LAMBDA_TASK_ROOT`` is
   set and the X-Ray SDK is imported, as on Lambda; a second row shows the cold start with
   ``POWERTOOLS_TRACE_DISABLED``.
2. Cold start followed by a deep ping against a moto server on 127.0.0.1 (absolute).
3. Warm shallow ``/health`` in-process against a bare handler returning the same JSON: target
   <= 3x, median in microseconds. The Powertools resolver alone costs far more than a bare
   ``json.dumps``, so a second row compares against a one-route resolver: what this code adds
   (validation, Logger, Metrics, guards) on top of the framework.
"""

from __future__ import annotations

import contextlib
import copy
import io
import json
import logging
import os
import socket
import statistics
import tempfile
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from multi_region_api.handlers import contract
from multi_region_api.local_runtime.events import http_event

from bench.result import Result
from multi_region_api.parity.process import LambdaProcess, lambda_environment
from multi_region_api.parity.runtime import Runtime, ensure_runtime, unpack_task

SECRET = "bench-secret"  # noqa: S105 - a fake secret for a local process
REGION = "us-east-1"
TABLE = "bench-table"
COLD_RUNS = 9
WARM_CALLS = 3000
BASELINE_HANDLER = "baseline_handler.handler"

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
    return http_event("GET", contract.HEALTH_PATH, query=query)


def _cold(runtime: Runtime, task: Path, handler: str, env: dict[str, str], log: Path) -> float:
    """Seconds from starting a fresh container to its answer to the first shallow /health."""
    started = time.perf_counter()
    process = LambdaProcess(runtime, task, lambda_environment(runtime, task, env), log, handler)
    try:
        status = process.send(_health_event()).status
    finally:
        elapsed = time.perf_counter() - started
        process.close()
    if status != 200:
        raise RuntimeError(f"{handler} answered {status}")
    return elapsed


def _cold_medians(
    runtime: Runtime, targets: dict[str, tuple[Path, str, dict[str, str]]], logs: Path
) -> dict[str, float]:
    """Runs the targets in alternation so machine noise hits them alike; median seconds each."""
    times: dict[str, list[float]] = {name: [] for name in targets}
    for _ in range(COLD_RUNS):
        for name, (task, handler, env) in targets.items():
            times[name].append(_cold(runtime, task, handler, env, logs / f"{name}.log"))
    return {name: statistics.median(values) for name, values in times.items()}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextlib.contextmanager
def _moto_dynamodb() -> Iterator[str]:
    import boto3
    from moto.server import ThreadedMotoServer
    from multi_region_api.components.table_schema import boto3_create_table_kwargs

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # one line per request otherwise
    port = _free_port()
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


@contextlib.contextmanager
def _patched_environ(values: dict[str, str]) -> Iterator[None]:
    saved = dict(os.environ)
    os.environ.update(values)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def _warm() -> tuple[float, float, float]:
    """Median seconds per call: the real handler, a bare one returning the same JSON, and a
    one-route Powertools resolver without validation, Logger or Metrics (the framework's floor).
    """
    env = {**_function_env(), "AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench"}
    event = _health_event()
    with _patched_environ(env), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from multi_region_api.handlers import app as app_module
        from multi_region_api.handlers.config import get_config

        get_config.cache_clear()
        app_module.app = app_module.create_app(get_config())
        context = type(
            "Context",
            (),
            {
                "function_name": "fn",
                "memory_limit_in_mb": 256,
                "aws_request_id": "r",
                "invoked_function_arn": "arn:aws:lambda:us-east-1:123456789012:function:fn",
                "get_remaining_time_in_millis": lambda self: 30000,
            },
        )()
        body = json.dumps({"status": "ok", "region": REGION, "check": "shallow", "reason": None})

        def bare(event: dict[str, Any], context: Any) -> dict[str, Any]:
            return {
                "statusCode": 200,
                "headers": {"Content-Type": "application/json"},
                "body": body,
            }

        def median_call(handler: Any) -> float:
            # Lambda hands every invocation a fresh event (Powertools' validation normalises the
            # query parameters of the one it gets in place), so each call gets its own copy.
            events = [copy.deepcopy(event) for _ in range(WARM_CALLS)]
            times = []
            with contextlib.redirect_stdout(io.StringIO()):  # EMF metrics go to stdout
                for fresh in events:
                    started = time.perf_counter()
                    answer = handler(fresh, context)
                    times.append(time.perf_counter() - started)
            if answer["statusCode"] != 200:
                raise RuntimeError(f"warm /health answered {answer['statusCode']}")
            return statistics.median(times)

        from aws_lambda_powertools.event_handler import APIGatewayRestResolver

        minimal = APIGatewayRestResolver()

        @minimal.get(contract.HEALTH_PATH)
        def health() -> dict[str, Any]:
            return {"status": "ok", "region": REGION, "check": "shallow", "reason": None}

        median_call(app_module.lambda_handler)  # warm-up: first-call caches
        return (
            median_call(app_module.lambda_handler),
            median_call(bare),
            median_call(minimal.resolve),
        )


def run() -> list[Result]:
    runtime = ensure_runtime(log=True)
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        task, baseline_task = root / "task", root / "baseline"
        unpack_task(task)
        baseline_task.mkdir()
        (baseline_task / "baseline_handler.py").write_text(BASELINE_MODULE)
        untraced = _function_env(POWERTOOLS_TRACE_DISABLED="true")
        cold = _cold_medians(
            runtime,
            {
                "baseline": (baseline_task, BASELINE_HANDLER, _function_env()),
                "handler": (task, contract.HANDLER, _function_env()),
                "untraced": (task, contract.HANDLER, untraced),
            },
            root,
        )
        with _moto_dynamodb() as endpoint:
            deep_env = _function_env(
                **{contract.ENV_DEEP_PING_PERCENT: "100"}, AWS_ENDPOINT_URL_DYNAMODB=endpoint
            )
            deep = _cold_medians(runtime, {"deep": (task, contract.HANDLER, deep_env)}, root)
    warm, bare, minimal = _warm()
    baseline_name = "boto3-resource-at-import handler"
    return [
        Result(
            "parity cold start, first shallow /health (process wall time, tracing on)",
            cold["handler"] * 1000,
            "ms",
            baseline=cold["baseline"] * 1000,
            baseline_name=baseline_name,
            target_ratio=1.0,
        ),
        Result(
            "parity cold start with POWERTOOLS_TRACE_DISABLED",
            cold["untraced"] * 1000,
            "ms",
            baseline=cold["baseline"] * 1000,
            baseline_name=baseline_name,
        ),
        Result("parity cold start + deep /health against moto server", deep["deep"] * 1000, "ms"),
        Result(
            "warm shallow /health, median per call",
            warm * 1e6,
            "us",
            baseline=bare * 1e6,
            baseline_name="bare JSON handler",
            target_ratio=3.0,
        ),
        Result(
            "warm shallow /health, median per call",
            warm * 1e6,
            "us",
            baseline=minimal * 1e6,
            baseline_name="one-route Powertools resolver",
        ),
    ]
