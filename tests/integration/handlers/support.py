"""Helpers for the dispatcher tests: the component's env and table definitions, and events.

The dispatcher serves the example application (``examples/food_for_thought``, routers
``food_for_thought.routes:ROUTERS``) as this repository's stacks deploy it; ``conftest.py`` puts
its path on ``sys.path`` (``EXAMPLE_PATH``), as the archive's root is on Lambda.

The environment comes from ``components.environment.handler_environment`` and the tables from
``components.table_schema``, exactly as the component and the local runtime build them. Events
come from the project's event factory (``local_runtime/events.py``), the same one the local
runtime uses; ``test_event_conformance.py`` checks it against real API Gateway payloads.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3
import pytest
from multi_region_api.components.args import resolve_args
from multi_region_api.components.environment import handler_environment
from multi_region_api.handlers import contract
from multi_region_api.handlers.contract import FrontDoor
from multi_region_api.local_runtime.events import http_event

from multi_region_api.testing.routes import reset_container

EXAMPLE_PATH = Path(__file__).resolve().parents[3] / "examples" / "food_for_thought"
EXAMPLE_ROUTERS = "food_for_thought.routes:ROUTERS"
SECRET = "s3cret-Route53-checker-value"
TABLE = "multi-region-api-table"
HOME, PEER = "us-east-1", "us-west-2"
BASE_PATH = "v1"

# Named requests: the default, one that came through a proxy chain, and an HTTP API (v2) event.
REST_EVENT = "rest"
FORWARDED_EVENT = "forwarded"
V2_EVENT = "http-api-v2"
_PRESETS: dict[str, dict[str, Any]] = {
    REST_EVENT: {},
    FORWARDED_EVENT: {
        "source_ip": "192.168.196.186",
        "headers": {"X-Forwarded-For": "54.240.196.186, 54.182.214.83"},
    },
    V2_EVENT: {"shape": FrontDoor.HTTP, "method": "POST", "path": "/my/path", "body": "{}"},
}


def rest_event(
    method: str,
    path: str,
    *,
    body: str | None = None,
    query: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
    base_path: str = BASE_PATH,
    fixture: str = REST_EVENT,
) -> dict[str, Any]:
    """The REST (v1) event for ``method path`` below the custom domain's base path."""
    preset = dict(_PRESETS[fixture])
    merged_headers = {**preset.pop("headers", {}), **(headers or {})}
    return http_event(
        method,
        path,
        base_path=base_path,
        query=query,
        headers=merged_headers,
        body=body,
        **preset,
    )


def load_event(name: str = REST_EVENT) -> dict[str, Any]:
    """A named request's event as its front door sends it (``GET /`` unless the preset says)."""
    preset = dict(_PRESETS[name])
    method, path = preset.pop("method", "GET"), preset.pop("path", "/")
    return http_event(method, path, base_path=BASE_PATH, **preset)


@dataclass
class FakeContext:
    function_name: str = "multi-region-api-us-east-1-fn"
    memory_limit_in_mb: int = 256
    invoked_function_arn: str = "arn:aws:lambda:us-east-1:123456789012:function:fn"
    aws_request_id: str = "c6af9ac6-7b61-11e6-9a41-93e812345678"

    def get_remaining_time_in_millis(self) -> int:
        return 30_000


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: Any


def region_env(region: str, **overrides: Any) -> dict[str, str]:
    """The env the component gives ``region``'s Lambda, plus what Lambda itself sets."""
    args: dict[str, Any] = {
        "regions": [HOME, PEER],
        "home_region": HOME,
        "domain_name": "api.example.com",
        "hosted_zone_id": "Z0123456789ABC",
        "base_path": overrides.pop("base_path", BASE_PATH),
        "health_check": {"deep_ping_percent": overrides.pop("deep_ping_percent", 0)},
        "force_fail_regions": overrides.pop("force_fail_regions", []),
    }
    if not args["base_path"]:
        del args["base_path"]
    env = handler_environment(
        resolve_args(args),  # type: ignore[arg-type]
        region=region,
        table_name=TABLE,
        health_check_secret=SECRET,
        log_level=overrides.pop("log_level", "INFO"),
    )
    env.update(AWS_REGION=region, AWS_DEFAULT_REGION=region)
    env[contract.ENV_APP_ROUTERS] = overrides.pop("app_routers", EXAMPLE_ROUTERS)
    env[contract.ENV_APP_HANDLER] = overrides.pop("app_handler", "")
    env.update({k: str(v) for k, v in overrides.items()})
    return env


class Api:
    """Invokes ``handlers.app.lambda_handler`` as a given region's Lambda would."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, **env_overrides: Any) -> None:
        self.monkeypatch = monkeypatch
        self.env_overrides = env_overrides
        self.region = ""
        self.use(HOME)

    def use(self, region: str, **env_overrides: Any) -> None:
        """Become ``region``'s container: its env, a fresh config and store (fresh clients)."""
        for key, value in region_env(region, **{**self.env_overrides, **env_overrides}).items():
            self.monkeypatch.setenv(key, value)
        reset_container()
        from multi_region_api.handlers import app as app_module
        from multi_region_api.handlers import resolver
        from multi_region_api.handlers.application import load_application
        from multi_region_api.handlers.config import get_config

        # A resolver per container; routers bind to the newest one, so build it every time.
        application = load_application()
        self.monkeypatch.setattr(app_module, "application", application)
        self.monkeypatch.setattr(
            app_module,
            "app",
            resolver.create_app(get_config(), resolver.routers_of(application)),
        )
        self.region = region

    def raw(self, event: Any) -> dict[str, Any]:
        from multi_region_api.handlers.app import lambda_handler

        return lambda_handler(event, FakeContext())

    def send(self, event: Any) -> Reply:
        answer = self.raw(event)
        headers = {k: v for k, v in (answer.get("headers") or {}).items()}
        for key, values in (answer.get("multiValueHeaders") or {}).items():
            headers[key] = ", ".join(values)
        text = answer.get("body")
        return Reply(answer["statusCode"], headers, json.loads(text) if text else None)

    def call(self, method: str, path: str, json_body: Any = None, **kwargs: Any) -> Reply:
        if json_body is not None:
            kwargs["body"] = json.dumps(json_body)
            kwargs.setdefault("headers", {}).setdefault("Content-Type", "application/json")
        return self.send(rest_event(method, path, **kwargs))

    def health(self, secret: str | None = SECRET) -> Reply:
        query = {contract.HEALTH_SECRET_PARAM: secret} if secret is not None else None
        return self.call("GET", contract.HEALTH_PATH, query=query)


def snapshot(region: str) -> list[dict[str, Any]]:
    """Every item of ``region``'s table, sorted: compared before and after rejected requests."""
    client = boto3.client("dynamodb", region_name=region)
    items = client.scan(TableName=TABLE)["Items"]
    return sorted(items, key=lambda item: item[contract.PARTITION_KEY]["S"])


def snapshots() -> dict[str, list[dict[str, Any]]]:
    return {region: snapshot(region) for region in (HOME, PEER)}


def replicate(source: str, target: str) -> None:
    """What the global table does, by hand: copy every item from ``source`` to ``target``."""
    client = boto3.client("dynamodb", region_name=target)
    for item in snapshot(source):
        client.put_item(TableName=TABLE, Item=item)


def child_env(**extra: str) -> dict[str, str]:
    """Environment for a fresh interpreter acting as a cold Lambda container."""
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "POWERTOOLS_"))}
    return {
        **keep,
        **region_env(HOME),
        "PYTHONPATH": os.pathsep.join(filter(None, (str(EXAMPLE_PATH), keep.get("PYTHONPATH")))),
        "AWS_ACCESS_KEY_ID": "x",
        "AWS_SECRET_ACCESS_KEY": "x",
        **extra,
    }
