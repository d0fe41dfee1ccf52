"""Events of the three front doors, built from scratch (no fixture files needed).

``rest`` follows a REST API's AWS_PROXY integration behind a custom domain, ``http`` an HTTP
API's payload v2 (lower-case comma-joined headers, ``cookies``, ``rawPath`` with the API mapping's
base path), ``alb`` an Application Load Balancer target group's Lambda event (query values still
URL-encoded, ``multiValueHeaders`` only when the target group enables them, the load balancer's
own entry last in ``X-Forwarded-For``). ``ShapedApi`` invokes the handler with one of them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from multi_region_api.handlers import contract
from multi_region_api.handlers.contract import FrontDoor

from tests.integration.handlers.support import BASE_PATH, Api, Reply

CLIENT_IP = "192.0.2.10"
ACCOUNT = "123456789012"
TARGET_GROUP = f"arn:aws:elasticloadbalancing:us-east-1:{ACCOUNT}:targetgroup/api/49e9d65c45c6791a"

EventBuilder = Callable[..., dict[str, Any]]


def rest(
    method: str,
    path: str,
    *,
    body: str | None = None,
    query: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    header_map = {"Host": "us-east-1.api.example.com", **(headers or {})}
    return {
        "resource": "/{proxy+}",
        "path": path,
        "httpMethod": method,
        "headers": header_map,
        "multiValueHeaders": {k: [v] for k, v in header_map.items()},
        "queryStringParameters": dict(query) if query else None,
        "multiValueQueryStringParameters": {k: [v] for k, v in query.items()} if query else None,
        "pathParameters": {"proxy": path.lstrip("/")},
        "stageVariables": None,
        "requestContext": {
            "accountId": ACCOUNT,
            "apiId": "restapi01",
            "httpMethod": method,
            "path": path,
            "resourcePath": "/{proxy+}",
            "stage": "prod",
            "requestId": "rest-request-id",
            "identity": {"sourceIp": CLIENT_IP, "userAgent": "tests"},
        },
        "body": body,
        "isBase64Encoded": False,
    }


def http(
    method: str,
    path: str,
    *,
    body: str | None = None,
    query: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    event: dict[str, Any] = {
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": path,
        "rawQueryString": urlencode(query or {}),
        "headers": {k.lower(): v for k, v in {"Host": "api", **(headers or {})}.items()},
        "requestContext": {
            "accountId": ACCOUNT,
            "apiId": "httpapi01",
            "domainName": "us-east-1.api.example.com",
            "http": {
                "method": method,
                "path": path,
                "protocol": "HTTP/1.1",
                "sourceIp": CLIENT_IP,
                "userAgent": "tests",
            },
            "requestId": "http-request-id",
            "routeKey": "$default",
            "stage": "$default",
            "timeEpoch": 1_700_000_000_000,
        },
        "isBase64Encoded": False,
    }
    if query:
        event["queryStringParameters"] = dict(query)
    if body is not None:
        event["body"] = body
    return event


def _alb(
    method: str,
    path: str,
    *,
    body: str | None = None,
    query: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
    multi_value: bool,
) -> dict[str, Any]:
    header_map = {
        "host": "us-east-1.api.example.com",
        "x-forwarded-for": CLIENT_IP,
        "x-forwarded-proto": "https",
        "x-amzn-trace-id": "Root=1-5c536348-3d683b8b04734faae651f476",
        **{k.lower(): v for k, v in (headers or {}).items()},
    }
    encoded = {quote(k, safe=""): quote(v, safe="") for k, v in (query or {}).items()}
    event: dict[str, Any] = {
        "requestContext": {"elb": {"targetGroupArn": TARGET_GROUP}},
        "httpMethod": method,
        "path": path,
        "body": body or "",
        "isBase64Encoded": False,
    }
    if multi_value:
        event["multiValueHeaders"] = {k: [v] for k, v in header_map.items()}
        event["multiValueQueryStringParameters"] = {k: [v] for k, v in encoded.items()}
    else:
        event["headers"] = header_map
        event["queryStringParameters"] = encoded
    return event


def alb(method: str, path: str, **kwargs: Any) -> dict[str, Any]:
    return _alb(method, path, multi_value=False, **kwargs)


def alb_multi_value(method: str, path: str, **kwargs: Any) -> dict[str, Any]:
    return _alb(method, path, multi_value=True, **kwargs)


# Event variants per front door: the ALB sends either header view, depending on its target group.
BUILDERS: dict[str, tuple[FrontDoor, EventBuilder]] = {
    "rest": (FrontDoor.REST, rest),
    "http": (FrontDoor.HTTP, http),
    "alb": (FrontDoor.ALB, alb),
    "alb-multi-value": (FrontDoor.ALB, alb_multi_value),
}


class ShapedApi(Api):
    """``Api`` whose events are those of one front door, with ``FRONT_DOOR`` set to match."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, variant: str) -> None:
        self.door, self.build = BUILDERS[variant]
        super().__init__(monkeypatch, **{contract.ENV_FRONT_DOOR: self.door.value})

    def event(self, method: str, path: str, json_body: Any = None, **kwargs: Any) -> dict[str, Any]:
        if json_body is not None:
            kwargs["body"] = json.dumps(json_body)
            kwargs["headers"] = {"Content-Type": "application/json", **kwargs.get("headers", {})}
        return self.build(method, f"/{BASE_PATH}{path}", **kwargs)

    def call(self, method: str, path: str, json_body: Any = None, **kwargs: Any) -> Reply:
        return self.send(self.event(method, path, json_body, **kwargs))
