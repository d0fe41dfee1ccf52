"""Fixtures of the runtime-parity tier: the runtime (built or cached), the task directory, a moto
server on 127.0.0.1 with the component's table in both regions, and Lambda containers on demand.

With no CPython 3.13 the tier fails with one line saying how to get one: a skipped tier would let
exactly the bug it exists for (a handler that does not import on Lambda) ship silently.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto.server import ThreadedMotoServer
from multi_region_api.components.app_args import AppSettings
from multi_region_api.components.table_schema import boto3_create_table_kwargs, boto3_ttl_kwargs
from multi_region_api.handlers.contract import FrontDoor
from multi_region_api.local_runtime.events import SHAPES
from multi_region_api.local_runtime.ports import free_port

from multi_region_api.parity.process import LambdaProcess, lambda_environment
from multi_region_api.parity.runtime import (
    NoParityPython,
    Runtime,
    ensure_runtime,
    stack_app,
    unpack_task,
)
from tests.integration.handlers.support import HOME, PEER, TABLE, region_env
from tests.parity.api import ParityApi

StartLambda = Callable[..., LambdaProcess]


def dynamodb(endpoint: str, region: str) -> Any:
    return boto3.client(
        "dynamodb",
        region_name=region,
        endpoint_url=endpoint,
        aws_access_key_id="parity",
        aws_secret_access_key="parity",
    )


@pytest.fixture(scope="session")
def parity_runtime() -> Runtime:
    try:
        return ensure_runtime()
    except NoParityPython as missing:
        pytest.fail(str(missing), pytrace=False)


ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def app() -> AppSettings:
    """The application this repository's ``us`` stack deploys (the example, as routers)."""
    settings = stack_app(ROOT)
    assert settings is not None, "the us stack deploys the example application"
    return settings


@pytest.fixture(scope="session")
def task_dir(tmp_path_factory: pytest.TempPathFactory, app: AppSettings) -> Path:
    """``/var/task``: the function's archive (the platform and the app's files), unpacked."""
    task = tmp_path_factory.mktemp("lambda") / "task"
    unpack_task(task, app)
    return task


@pytest.fixture(scope="session")
def moto_endpoint() -> Iterator[str]:
    """The dev venv's moto as a server; one table per region, as the global table has."""
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=free_port(), verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    try:
        for region in (HOME, PEER):
            client = dynamodb(endpoint, region)
            client.create_table(**boto3_create_table_kwargs(TABLE))
            client.update_time_to_live(**boto3_ttl_kwargs(TABLE))
        yield endpoint
    finally:
        server.stop()


@pytest.fixture(scope="session")
def start_lambda(
    parity_runtime: Runtime,
    task_dir: Path,
    moto_endpoint: str,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[StartLambda]:
    """``start_lambda(region, **env)``: a cold container, reused for the same arguments."""
    started: dict[tuple[Any, ...], LambdaProcess] = {}
    fresh_ones: list[LambdaProcess] = []
    logs = tmp_path_factory.mktemp("lambda-logs")

    def start(region: str = HOME, *, fresh: bool = False, **env: str) -> LambdaProcess:
        key = (region, tuple(sorted(env.items())))
        if fresh or key not in started:
            function_env = region_env(region, **env)
            function_env.setdefault("AWS_ENDPOINT_URL_DYNAMODB", moto_endpoint)
            process = LambdaProcess(
                parity_runtime,
                task_dir,
                lambda_environment(parity_runtime, task_dir, function_env),
                logs / f"{region}-{len(started) + len(fresh_ones)}.log",
            )
            if fresh:
                fresh_ones.append(process)
                return process
            started[key] = process
        return started[key]

    yield start
    every = [*fresh_ones, *started.values()]
    for process in every:  # all exit at once: interpreter shutdown takes a while each
        process.stop()
    for process in every:
        process.close()


@pytest.fixture(scope="session", params=SHAPES, ids=[s.value for s in SHAPES])
def shape(request: pytest.FixtureRequest, start_lambda: StartLambda) -> FrontDoor:
    """Every event shape the factory builds; every one is a front door the component ships.

    A shape the dispatcher refuses with ``unsupported_event`` fails the tier (it used to be
    skipped, which would let a front door ship that its own function cannot answer).
    """
    shape: FrontDoor = request.param
    probe = ParityApi(start_lambda(HOME, FRONT_DOOR=shape.value), shape).call("GET", "/hello")
    if probe.status == 400 and probe.body.get("error") == "unsupported_event":
        pytest.fail(
            f"the dispatcher refuses {shape.value!r} front-door events, a shape the component "
            "ships",
            pytrace=False,
        )
    return shape


@pytest.fixture(scope="session")
def api_for(start_lambda: StartLambda, shape: FrontDoor) -> Callable[..., ParityApi]:
    """``api_for(region, **env)``: the container for ``region`` fed events of ``shape``."""

    def make(region: str = HOME, **env: str) -> ParityApi:
        return ParityApi(start_lambda(region, FRONT_DOOR=shape.value, **env), shape)

    return make


@pytest.fixture
def replicate(moto_endpoint: str) -> Callable[[str, str], None]:
    """What the global table does, by hand: copy every item of one region's table to another."""

    def copy(source: str, target: str) -> None:
        items = dynamodb(moto_endpoint, source).scan(TableName=TABLE)["Items"]
        for item in items:
            dynamodb(moto_endpoint, target).put_item(TableName=TABLE, Item=item)

    return copy
