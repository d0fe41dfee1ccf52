"""Route tests for an application: the platform's dispatcher in-process, on a moto table.

::

    from multi_region_api.testing import ApiClient

    APP = {"path": "app", "routers": "notes.routes:ROUTERS"}


    def test_a_note_is_created_once() -> None:
        with ApiClient(app=APP, region="us-east-1") as client:
            created = client.post("/notes", json={"text": "hi"}, headers={"Idempotency-Key": "k1"})
            assert created.status == 201
            assert client.get(f"/notes/{created.json()['id']}").json()["text"] == "hi"

``ApiClient`` validates ``app`` as the component does, builds the environment the component gives
the region's function (``components.environment``), includes the app's routers in the platform's
resolver (``handlers.resolver.create_app``) and answers through the Lambda entry point's own
behaviour (``handlers.app.dispatch``: the guards, ``X-Served-Region``, the error mapping). The
events are the local runtime's (``local_runtime.events``) for the chosen front door;
``MotoTable`` is the component's table (``pk``, the TTL attribute, streams, the app's indexes) in
moto, in every region. moto comes with the ``[local]`` extra.
"""

from __future__ import annotations

import json as jsonlib
import os
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self

from multi_region_api.components.app_args import AppArgs, AppSettings, IndexSettings
from multi_region_api.components.args import MultiRegionApiArgs, resolve_args
from multi_region_api.components.environment import handler_environment
from multi_region_api.components.table_schema import boto3_create_table_kwargs, boto3_ttl_kwargs
from multi_region_api.handlers import contract
from multi_region_api.handlers.contract import FrontDoor
from multi_region_api.local_runtime.event_adapter import LambdaContext, to_http_response
from multi_region_api.local_runtime.events import http_event

if TYPE_CHECKING:
    from aws_lambda_powertools.event_handler.api_gateway import ApiGatewayResolver

    from multi_region_api.handlers.application import Application
    from multi_region_api.handlers.config import Config

__all__ = [
    "DEFAULT_REGIONS",
    "DEFAULT_TABLE",
    "ApiClient",
    "ApiResponse",
    "MotoTable",
    "event",
]

DEFAULT_REGIONS: tuple[str, ...] = ("us-east-1", "us-west-2")
DEFAULT_TABLE = "multi-region-api-test-table"
DOMAIN_NAME = "api.example.com"
HOSTED_ZONE_ID = "Z0123456789TESTKIT"
HEALTH_CHECK_SECRET = "test-kit-health-check-secret"  # noqa: S105 - a fixed test value
# Credentials moto accepts; set only while a request runs, so a developer's real ones never reach
# a test (boto3 would otherwise find them first).
_DUMMY_AWS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}


def event(
    method: str,
    path: str,
    *,
    front_door: FrontDoor | str = FrontDoor.REST,
    base_path: str = "",
    query: Mapping[str, str] | None = None,
    headers: Mapping[str, str] | None = None,
    body: str | bytes | None = None,
    json: Any = None,
) -> dict[str, Any]:
    """The event ``front_door`` (``rest``: REST API v1, ``http``: HTTP API v2, ``alb``) sends the
    function for ``method path``; ``json`` is sent as an ``application/json`` body."""
    merged = dict(headers or {})
    if json is not None:
        body = jsonlib.dumps(json)
        if not any(k.lower() == "content-type" for k in merged):
            merged["Content-Type"] = "application/json"
    return http_event(
        method,
        path,
        shape=FrontDoor(front_door),
        base_path=base_path,
        query=query,
        headers=merged,
        body=body,
    )


@dataclass(frozen=True)
class ApiResponse:
    """What a client receives: the status, the headers (``header()`` ignores case), the body."""

    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes

    def header(self, name: str) -> str | None:
        """The last value of header ``name``, any case; ``None`` without it."""
        wanted = name.lower()
        return next((v for k, v in reversed(self.headers) if k.lower() == wanted), None)

    @property
    def served_region(self) -> str | None:
        """The region that answered (``X-Served-Region``, on every answer)."""
        return self.header(contract.SERVED_REGION_HEADER)

    @property
    def text(self) -> str:
        return self.body.decode()

    def json(self) -> Any:
        """The body parsed as JSON (``ValueError`` when it is not)."""
        return jsonlib.loads(self.body)


class MotoTable:
    """The component's table in moto in each region: key ``pk``, TTL on the platform's attribute,
    a stream, and ``indexes`` (the app's ``indexes``). Regions are separate replicas: moto does
    not replicate, so a write in one region is not read in another.

    ``start()``/``stop()`` or ``with``; moto intercepts every boto3 call in the process meanwhile.
    """

    def __init__(
        self,
        *,
        name: str = DEFAULT_TABLE,
        regions: Sequence[str] = DEFAULT_REGIONS,
        indexes: Sequence[IndexSettings] = (),
    ) -> None:
        self.name = name
        self.regions = tuple(regions)
        self.indexes = tuple(indexes)
        self._mock: Any = None

    def start(self) -> Self:
        from moto import mock_aws  # the [local] extra

        if self._mock is not None:
            return self
        self._mock = mock_aws()
        self._mock.start()
        with _environment(_DUMMY_AWS):
            for region in self.regions:
                dynamodb = self.client(region)
                dynamodb.create_table(**boto3_create_table_kwargs(self.name, self.indexes))
                dynamodb.update_time_to_live(**boto3_ttl_kwargs(self.name))
        return self

    def stop(self) -> None:
        if self._mock is not None:
            self._mock.stop()
            self._mock = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def client(self, region: str) -> Any:
        """A boto3 DynamoDB client of ``region`` (moto's, while the table is started)."""
        import boto3

        return boto3.client(
            "dynamodb",
            region_name=region,
            aws_access_key_id=_DUMMY_AWS["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=_DUMMY_AWS["AWS_SECRET_ACCESS_KEY"],
        )

    def items(self, region: str) -> list[dict[str, Any]]:
        """Every item of ``region``'s replica as plain Python values, sorted by ``pk``."""
        from multi_region_api.runtime.table import from_raw

        pages = self.client(region).get_paginator("scan").paginate(TableName=self.name)
        found = [from_raw(item) for page in pages for item in page["Items"]]
        return sorted(found, key=lambda item: str(item[contract.PARTITION_KEY]))


@contextmanager
def _environment(values: Mapping[str, str]) -> Iterator[None]:
    """``values`` in ``os.environ`` for the block, the previous values back after it."""
    before = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _forget_modules_from_elsewhere(app: AppSettings) -> None:
    """Drop an imported module of the app's top-level name that another directory provided (an
    earlier test's app of the same name): a container imports the app from its own path."""
    spec = app.routers or app.handler or ""
    top = spec.split(":", 1)[0].split(".", 1)[0]
    module = sys.modules.get(top)
    if module is None:
        return
    locations = [getattr(module, "__file__", None), *getattr(module, "__path__", [])]
    root = app.path.resolve()
    if any(loc and Path(loc).resolve().is_relative_to(root) for loc in locations):
        return
    for name in [n for n in sys.modules if n == top or n.startswith(f"{top}.")]:
        del sys.modules[name]


def reset_container() -> None:
    """Forget what a container reads once (settings, tables and clients): a request of another
    region or client must not see them."""
    from multi_region_api.handlers.config import get_config
    from multi_region_api.handlers.dal.heartbeat import heartbeat_table
    from multi_region_api.runtime import deployment, get_table, idempotency

    for cached in (
        get_config,
        deployment,
        get_table,
        heartbeat_table,
        idempotency.persistence_layer,
        idempotency._guarded,
    ):
        cached.cache_clear()


class ApiClient:
    """The dispatcher of ``region`` serving ``app``, called in-process as its front door would.

    ``app`` is what the component's ``app`` argument takes (relative paths against ``base_dir``,
    default the working directory) or an ``AppSettings``; ``None`` serves the platform alone. The
    table is ``table`` when given (share one between clients of several regions), else a
    ``MotoTable`` with the app's indexes that the client starts and ``close()`` stops.
    """

    def __init__(
        self,
        app: AppArgs | AppSettings | None = None,
        *,
        region: str = DEFAULT_REGIONS[0],
        regions: Sequence[str] = DEFAULT_REGIONS,
        home_region: str | None = None,
        front_door: FrontDoor | str = FrontDoor.REST,
        base_path: str = "",
        domain_name: str = DOMAIN_NAME,
        table: MotoTable | None = None,
        base_dir: Path | None = None,
    ) -> None:
        args: MultiRegionApiArgs = {
            "regions": list(regions),
            "domain_name": domain_name,
            "hosted_zone_id": HOSTED_ZONE_ID,
            "front_door": FrontDoor(front_door).value,
        }
        if home_region is not None:
            args["home_region"] = home_region
        if base_path:
            args["base_path"] = base_path
        if isinstance(app, Mapping):
            args["app"] = app
        settings = resolve_args(args, base_dir=base_dir)
        if isinstance(app, AppSettings):
            settings = replace(settings, app=app)
        self.settings = settings
        self.app = settings.app
        self.region = region
        self.front_door = settings.front_door
        self._owns_table = table is None
        self.table = table or MotoTable(
            regions=settings.regions, indexes=self.app.indexes if self.app else ()
        )
        self.environment = {
            **handler_environment(
                settings,
                region=region,
                table_name=self.table.name,
                health_check_secret=HEALTH_CHECK_SECRET,
            ),
            contract.ENV_REGION: region,
            "AWS_DEFAULT_REGION": region,
            **_DUMMY_AWS,
        }
        if self.app is not None:
            if str(self.app.path) not in sys.path:
                sys.path.insert(0, str(self.app.path))  # the archive's root, as on Lambda
            _forget_modules_from_elsewhere(self.app)
        self.table.start()
        self._build()

    def _build(self) -> None:
        with self._container():
            self._config, self._resolver, self._application = _dispatcher_parts(self.environment)
        _newest[0] = self._resolver

    @contextmanager
    def _container(self) -> Iterator[None]:
        """This region's function environment, its once-read state fresh, for one call."""
        with _environment(self.environment):
            reset_container()
            try:
                yield
            finally:
                reset_container()

    def in_region(self, region: str) -> ApiClient:
        """The same deployment's function in ``region``, on the same table (this client's to
        stop)."""
        settings = self.settings
        return ApiClient(
            settings.app,
            region=region,
            regions=settings.regions,
            home_region=settings.home_region,
            front_door=settings.front_door,
            base_path=settings.base_path,
            domain_name=settings.domain_name,
            table=self.table,
        )

    def invoke(self, lambda_event: Mapping[str, Any]) -> dict[str, Any]:
        """The function's raw proxy result for ``lambda_event`` (see ``event()``)."""
        from multi_region_api.handlers.app import dispatch

        if _newest[0] is not self._resolver:
            self._build()  # another client's resolver took the routers since
        context = LambdaContext(function_name=f"test-{self.region}", region=self.region)
        with self._container():
            return dispatch(
                dict(lambda_event),
                context,  # type: ignore[arg-type]  # the attributes Powertools reads
                self._config,
                self._resolver,
                self._application,
            )

    def request(
        self,
        method: str,
        path: str,
        *,
        query: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        body: str | bytes | None = None,
        json: Any = None,
    ) -> ApiResponse:
        """``method path`` (below the base path) through the front door; the HTTP answer."""
        built = event(
            method,
            path,
            front_door=self.front_door,
            base_path=self.settings.base_path,
            query=query,
            headers=headers,
            body=body,
            json=json,
        )
        answer = to_http_response(self.invoke(built), self.front_door)
        return ApiResponse(answer.status, tuple(answer.headers), answer.body)

    def get(self, path: str, **kwargs: Any) -> ApiResponse:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> ApiResponse:
        return self.request("POST", path, **kwargs)

    def put(self, path: str, **kwargs: Any) -> ApiResponse:
        return self.request("PUT", path, **kwargs)

    def patch(self, path: str, **kwargs: Any) -> ApiResponse:
        return self.request("PATCH", path, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> ApiResponse:
        return self.request("DELETE", path, **kwargs)

    def health(self) -> ApiResponse:
        """``/health`` as Route 53's checker calls it (with the secret)."""
        query = {contract.HEALTH_SECRET_PARAM: HEALTH_CHECK_SECRET}
        return self.get(contract.HEALTH_PATH, query=query)

    def close(self) -> None:
        """Stop the table the client started (a shared ``table`` is its owner's to stop)."""
        if self._owns_table:
            self.table.stop()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


# Powertools binds a Router to the newest resolver that includes it: the one built last.
_newest: list[ApiGatewayResolver | None] = [None]


def _dispatcher_parts(
    environ: Mapping[str, str],
) -> tuple[Config, ApiGatewayResolver, Application]:
    """The settings, resolver and application a container builds at init, for ``environ``."""
    from multi_region_api.handlers.application import load_application
    from multi_region_api.handlers.config import load_config
    from multi_region_api.handlers.resolver import create_app, routers_of

    application = load_application(environ)
    config = load_config(environ)
    return config, create_app(config, routers_of(application)), application
