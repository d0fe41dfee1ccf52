"""One error shape for every failure: ``{"error": "<code>", "message": "..."}`` plus context.

Routes and logic raise ``ApiError``; ``app.py`` renders it. Raising (instead of returning an error
body) keeps error bodies out of the response validation of the success model, and means a
rejected request stops before anything is written.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

JSON_HEADERS = {"Content-Type": "application/json"}


class ApiError(Exception):
    """An HTTP error with a stable machine-readable ``code`` and a human ``message``."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        headers: Mapping[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = dict(headers or {})
        self.extra = extra

    def body(self) -> dict[str, Any]:
        return {"error": self.code, "message": self.message, **self.extra}


def not_found(what: str) -> ApiError:
    return ApiError(404, "not_found", f"{what} does not exist")


def wrong_region(
    home_region: str, home_url: str, location: str, what: str = "this record"
) -> ApiError:
    """409 that tells the client where ``what`` may be written (``Location`` is the URL to use)."""
    return ApiError(
        409,
        "wrong_region",
        f"{what} is written only in {home_region}; send the request to {location}",
        headers={"Location": location},
        homeRegion=home_region,
        homeUrl=home_url,
    )


def proxy_response(error: ApiError) -> dict[str, Any]:
    """A raw API Gateway proxy response, for refusals made before the resolver runs."""
    return {
        "statusCode": error.status,
        "headers": {**JSON_HEADERS, **error.headers},
        "body": json.dumps(error.body(), separators=(",", ":")),
        "isBase64Encoded": False,
    }
