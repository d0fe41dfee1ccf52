"""``responses=`` entries for routes: how ``/openapi.json`` documents answers, errors and links.

Every error the dispatcher answers is ``ErrorBody``; ``error_responses(*COMMON_ERRORS, 404)``
documents the refusals any route can produce before its own code runs, plus the route's own.
``response(201, "Created", Order, links={...})`` documents a success and what a client can do
next with it (``link``). Both are plain Powertools ``responses=`` dicts; use them rather than
writing ``{"model": ...}`` by hand: Powertools 3.23 rewrites those dicts in place when it first
documents a route (the model becomes a ``$ref``), so a second resolver including the same router
(tests, an in-process client) would reference the model without defining it. These helpers
record the models (``RESPONSE_MODELS``) and the dispatcher defines the missing ones.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, Field

# Models named in ``responses=`` entries made here, by name.
RESPONSE_MODELS: dict[str, type[BaseModel]] = {}


class ErrorDetail(BaseModel):
    loc: list[str | int]
    type: str
    msg: str


class ErrorBody(BaseModel):
    """Every error response. ``homeRegion``/``homeUrl`` come with ``wrong_region``."""

    error: str = Field(description="stable machine-readable code, e.g. wrong_region")
    message: str
    details: list[ErrorDetail] | None = None
    homeRegion: str | None = None
    homeUrl: str | None = None
    currentVersion: int | None = None


_DESCRIPTIONS = {
    400: "Malformed request: invalid JSON, unsupported event, invalid header",
    403: "Missing or wrong credentials",
    404: "Not found",
    409: "Conflict: wrong region for this write, or a stale version",
    413: "Request body too large",
    415: "Unsupported media type or encoding (send application/json text)",
    422: "Validation error: wrong types, missing or unknown fields, bad ids",
    431: "Request headers too large",
    503: "DynamoDB unavailable",
}
# Refusals any route can produce before its own logic runs (API Gateway passes bodies on GET
# too, and the body guards do not look at the method).
COMMON_ERRORS = (400, 413, 415, 422, 431, 503)


def _content(model: type[BaseModel]) -> dict[str, Any]:
    RESPONSE_MODELS[model.__name__] = model
    return {"application/json": {"model": model}}


def error_responses(*codes: int) -> dict[int, Any]:
    """``{status: response}`` for ``route(responses=...)``, every one with ``ErrorBody``."""
    return {
        code: {"description": _DESCRIPTIONS[code], "content": _content(ErrorBody)}
        for code in sorted(set(codes))
    }


def response(
    status: int,
    description: str,
    model: type[BaseModel],
    links: Mapping[str, Mapping[str, Any]] | None = None,
) -> dict[int, Any]:
    """``{status: response}`` answering ``model``, with OpenAPI ``links`` when given."""
    documented: dict[str, Any] = {"description": description, "content": _content(model)}
    if links:
        documented["links"] = dict(links)
    return {status: documented}


def link(path: str, method: str, parameters: Mapping[str, str]) -> dict[str, Any]:
    """An OpenAPI link to the operation ``method path`` (a template as documented, e.g.
    ``/orders/{order_id}``), its parameters given as runtime expressions
    (``{"order_id": "$response.body#/id"}``)."""
    pointer = path.replace("~", "~0").replace("/", "~1")
    return {"operationRef": f"#/paths/{pointer}/{method}", "parameters": dict(parameters)}
