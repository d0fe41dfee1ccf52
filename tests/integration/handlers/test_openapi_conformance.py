"""``/openapi.json`` is a valid OpenAPI document and real responses match what it documents.

A later schemathesis run relies on this: every status a route answers is documented for that
operation, and the body validates against the documented schema.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from multi_region_api.handlers import contract
from openapi_schema_validator import OAS31Validator
from openapi_spec_validator import validate
from pydantic import BaseModel

from tests.integration.handlers.support import HOME, PEER, Api, Reply, replicate, rest_event

ORDER = {"customer": "c", "lines": [{"sku": "s", "quantity": 1}]}


class Greeting(BaseModel):
    """The README's example model (module level, as it would be in a route module)."""

    text: str
    region: str


def _operation(doc: dict[str, Any], method: str, path: str) -> dict[str, Any]:
    for template, operations in doc["paths"].items():
        pattern = "^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)) + "$"
        if re.match(pattern, path) and method.lower() in operations:
            return operations[method.lower()]
    raise AssertionError(f"{method} {path} is not documented")


def _check(doc: dict[str, Any], method: str, path: str, reply: Reply) -> None:
    responses = _operation(doc, method, path)["responses"]
    assert str(reply.status) in responses, f"{method} {path} answered undocumented {reply.status}"
    content = responses[str(reply.status)].get("content")
    if content is None:
        assert reply.body is None
        return
    schema = {**content["application/json"]["schema"], "components": doc["components"]}
    OAS31Validator(schema).validate(reply.body)


def test_the_document_is_valid_openapi(api: Api) -> None:
    validate(api.call("GET", "/openapi.json").body)


def test_real_responses_match_the_document(api: Api) -> None:
    doc = api.call("GET", "/openapi.json").body
    order = api.call("POST", "/orders", ORDER).body
    oid = order["id"]
    requests: list[tuple[str, str, dict[str, Any]]] = [
        ("GET", "/hello", {}),
        (
            "GET",
            contract.HEALTH_PATH,
            {"query": {contract.HEALTH_SECRET_PARAM: "s3cret-Route53-checker-value"}},
        ),
        ("GET", contract.HEALTH_PATH, {"query": {contract.HEALTH_SECRET_PARAM: "wrong"}}),
        ("POST", "/hits", {}),
        ("GET", "/hits", {}),
        ("PUT", "/items/a", {"body": json.dumps({"data": {"k": [1, "x", None]}})}),
        ("PUT", "/items/a", {"body": "{"}),
        ("PUT", "/items/a", {"body": json.dumps({"data": {"k": "x" * 20_000}})}),
        ("PUT", "/items/a", {"body": "{}", "headers": {"Content-Type": "text/plain"}}),
        ("GET", "/items/a", {}),
        ("GET", "/items/missing", {}),
        ("GET", "/items/" + "x" * 200, {}),
        ("DELETE", "/items/a", {}),
        ("POST", "/orders", {"body": json.dumps(ORDER)}),
        ("POST", "/orders", {"body": "[]"}),
        ("GET", f"/orders/{oid}", {}),
        ("PATCH", f"/orders/{oid}", {"body": json.dumps({"version": 1, "status": "paid"})}),
        ("PATCH", f"/orders/{oid}", {"body": json.dumps({"version": 1, "note": "n"})}),
        ("PATCH", "/orders/missing", {"body": json.dumps({"version": 1, "note": "n"})}),
        ("PUT", "/catalog/w", {"body": json.dumps({"name": "W", "priceCents": 5})}),
        ("GET", "/catalog", {}),
        ("GET", "/catalog/w", {}),
        ("GET", "/catalog/missing", {}),
        ("GET", "/hello", {"headers": {"X-Pad": "p" * 11_000}}),
        ("GET", "/hello", {"body": "x", "headers": {"Content-Type": "text/plain"}}),
        ("GET", "/catalog", {"body": "y" * 17_000}),
    ]
    for method, path, kwargs in requests:
        _check(doc, method, path, api.send(rest_event(method, path, **kwargs)))

    replicate(HOME, PEER)
    api.use(PEER)
    for method, path, body in (
        ("PATCH", f"/orders/{oid}", {"version": 2, "note": "x"}),
        ("PUT", "/catalog/w", {"name": "W", "priceCents": 6}),
    ):
        reply = api.call(method, path, body)
        assert reply.status == 409
        _check(doc, method, path, reply)


@pytest.mark.parametrize("force_fail", [True, False])
def test_health_failures_match_the_document(api: Api, force_fail: bool) -> None:
    api.use(HOME, force_fail_regions=[HOME] if force_fail else [])
    doc = api.call("GET", "/openapi.json").body
    _check(doc, "GET", contract.HEALTH_PATH, api.health())


def test_a_user_router_is_one_line_away(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    """The README's recipe: a Router module plus one entry in the app's ``ROUTERS``."""
    from aws_lambda_powertools.event_handler.api_gateway import Router
    from food_for_thought.routes import ROUTERS
    from multi_region_api.handlers import app as app_module
    from multi_region_api.handlers import resolver
    from multi_region_api.handlers.config import get_config

    from multi_region_api.runtime import NotFound, deployment

    router = Router()

    @router.get("/greetings/<name>")
    def greet(name: str) -> Greeting:
        if name == "nobody":
            raise NotFound("nobody")
        return Greeting(text=f"Hello, {name}", region=deployment().region)

    monkeypatch.setattr(app_module, "app", resolver.create_app(get_config(), (*ROUTERS, router)))
    assert api.call("GET", "/greetings/ana").body == {"text": "Hello, ana", "region": HOME}
    assert api.call("GET", "/greetings/nobody").body["error"] == "not_found"
    assert "/greetings/{name}" in api.call("GET", "/openapi.json").body["paths"]
