"""One error shape for every failure: ``{"error": "<code>", "message": "..."}`` plus context.

``ApiError`` is the HTTP side: the guards raise it before routing, and ``app.py`` turns every
domain error (``multi_region_api.runtime.errors``) into one. Raising (instead of returning an
error body) keeps error bodies out of the response validation of the success model, and means a
rejected request stops before anything is written.
"""

from __future__ import annotations

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
