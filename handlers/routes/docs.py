"""OpenAPI ``responses`` entries shared by the route modules."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from ..models import ErrorBody

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
COMMON = (400, 413, 415, 422, 431, 503)


# Models named only in ``responses=`` (not as a return type). Powertools 3.23 (the pinned layer)
# references them without defining them in ``components/schemas``; ``app.py`` adds them.
RESPONSE_MODELS: dict[str, type[BaseModel]] = {}


def _model(model: type[BaseModel]) -> type[BaseModel]:
    RESPONSE_MODELS[model.__name__] = model
    return model


def errors(*codes: int) -> dict[int, Any]:
    """``{status: response}`` for ``route(responses=...)``, every one with the error model."""
    return {
        code: {
            "description": _DESCRIPTIONS[code],
            "content": {"application/json": {"model": _model(ErrorBody)}},
        }
        for code in sorted(set(codes))
    }


def ok(description: str, model: type[BaseModel], status: int = 200) -> dict[int, Any]:
    content = {"application/json": {"model": _model(model)}}
    return {status: {"description": description, "content": content}}
