"""Dispatcher Lambda: cold start and warm latency of ``/health``, against same-run baselines.

1. Cold start: a fresh interpreter imports the handler and answers the first shallow ``/health``
   (whole process wall time, median of alternating runs), against a minimal handler in the style
   of the published multi-region examples (boto3 resource created at import, JSON response).
   Target ratio <= 1.0. Tracing is off, as outside Lambda; a second row shows the cold start with
   Powertools tracing on (the X-Ray SDK import), which is what a traced Lambda pays.
2. Cold start followed by a deep ping against a moto server on 127.0.0.1 (absolute).
3. Warm shallow ``/health`` in-process against a bare handler returning the same JSON: target
   <= 3x, median in microseconds. The Powertools resolver alone costs far more than a bare
   ``json.dumps``, so a second row compares against a one-route resolver: what this code adds
   (validation, Logger, Metrics, guards) on top of the framework.
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from multi_region_api.handlers import contract

from bench.result import Result

REPO = Path(__file__).resolve().parents[1]
FIXTURE = (
    REPO.parent / "shared" / "fixtures" / "apigw-events" / "powertools_apiGatewayProxyEvent.json"
)
SECRET = "bench-secret"  # noqa: S105 - a fake secret for a local process
REGION = "us-east-1"
TABLE = "bench-table"
COLD_RUNS = 9
WARM_CALLS = 3000

BASELINE_MODULE = """
import json
import os

import boto3

table = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])


def handler(event, context):
    return {
        "statusCode": 200,
        "headers": {"Content-Type": "application/json"},
        "body": json.dumps({"status": "ok", "region": os.environ["AWS_REGION"]}),
    }
"""

RUNNER = """
import json, sys
module, attribute = sys.argv[1].split(":")
event = json.loads(sys.stdin.read())
context = type("Context", (), {
    "function_name": "fn", "memory_limit_in_mb": 256, "aws_request_id": "r",
    "invoked_function_arn": "arn:aws:lambda:us-east-1:123456789012:function:fn",
    "get_remaining_time_in_millis": lambda self: 30000,
})()
handler = getattr(__import__(module, fromlist=[attribute]), attribute)
answer = handler(event, context)
sys.stderr.write(json.dumps({"status": answer["statusCode"], "body": answer["body"]}) + "\\n")
"""


def _env(**extra: str) -> dict[str, str]:
    urls = {REGION: "https://us-east-1.api.example.com", "us-west-2": "https://x.example.com"}
    return {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": str(REPO),
        contract.ENV_REGION: REGION,
        "AWS_DEFAULT_REGION": REGION,
        "AWS_ACCESS_KEY_ID": "bench",
        "AWS_SECRET_ACCESS_KEY": "bench",
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
    event = json.loads(FIXTURE.read_text())
    event.update(httpMethod="GET", path=contract.HEALTH_PATH, body=None)
    event["queryStringParameters"] = {contract.HEALTH_SECRET_PARAM: SECRET}
    event["multiValueQueryStringParameters"] = {contract.HEALTH_SECRET_PARAM: [SECRET]}
    return event


def _cold(target: str, env: dict[str, str], cwd: Path) -> tuple[float, int]:
    started = time.perf_counter()
    run = subprocess.run(  # noqa: S603 - our interpreter, our script
        [sys.executable, "-c", RUNNER, target],
        input=json.dumps(_health_event()),
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    elapsed = time.perf_counter() - started
    return elapsed, json.loads(run.stderr.strip().splitlines()[-1])["status"]


def _cold_medians(targets: dict[str, tuple[str, dict[str, str]]], cwd: Path) -> dict[str, float]:
    """Runs the targets in alternation so machine noise hits them alike; median seconds each."""
    times: dict[str, list[float]] = {name: [] for name in targets}
    for _ in range(COLD_RUNS):
        for name, (target, env) in targets.items():
            elapsed, status = _cold(target, env, cwd)
            if status not in (200,):
                raise RuntimeError(f"{name} answered {status}")
            times[name].append(elapsed)
    return {name: statistics.median(values) for name, values in times.items()}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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


def _cold_deep(endpoint: str) -> float:
    env = _env(DEEP_PING_PERCENT="100", AWS_ENDPOINT_URL_DYNAMODB=endpoint)
    times = []
    for _ in range(COLD_RUNS):
        elapsed, status = _cold("handlers.app:lambda_handler", env, REPO)
        if status != 200:
            raise RuntimeError(f"deep /health answered {status}")
        times.append(elapsed)
    return statistics.median(times)


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
    env = {k: v for k, v in _env().items() if k not in ("PATH", "PYTHONPATH")}
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
            times = []
            with contextlib.redirect_stdout(io.StringIO()):  # EMF metrics go to stdout
                for _ in range(WARM_CALLS):
                    started = time.perf_counter()
                    answer = handler(event, context)
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
    with tempfile.TemporaryDirectory() as scratch:
        (Path(scratch) / "baseline_handler.py").write_text(BASELINE_MODULE)
        baseline_env = {**_env(), "PYTHONPATH": f"{scratch}{os.pathsep}{REPO}"}
        cold = _cold_medians(
            {
                "baseline": ("baseline_handler:handler", baseline_env),
                "handler": ("handlers.app:lambda_handler", _env()),
                "traced": (
                    "handlers.app:lambda_handler",
                    _env(LAMBDA_TASK_ROOT=str(REPO), AWS_XRAY_CONTEXT_MISSING="IGNORE_ERROR"),
                ),
            },
            REPO,
        )
    with _moto_dynamodb() as endpoint:
        deep = _cold_deep(endpoint)
    warm, bare, minimal = _warm()
    baseline_name = "boto3-resource-at-import handler"
    return [
        Result(
            "cold start, first shallow /health (process wall time)",
            cold["handler"] * 1000,
            "ms",
            baseline=cold["baseline"] * 1000,
            baseline_name=baseline_name,
            target_ratio=1.0,
        ),
        Result(
            "cold start with Powertools tracing on (X-Ray SDK)",
            cold["traced"] * 1000,
            "ms",
            baseline=cold["baseline"] * 1000,
            baseline_name=baseline_name,
        ),
        Result("cold start + deep /health against moto server", deep * 1000, "ms"),
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
