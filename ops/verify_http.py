"""The HTTP client ``verify`` talks to the API with: stdlib only, JSON in and out, injectable.

Certificates are verified (the default context); a transport error is an answer with status 0,
not an exception, so one unreachable region becomes one failed row rather than a traceback.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any, Protocol

USER_AGENT = "multi-region-api-verify"


@dataclass(frozen=True)
class HttpAnswer:
    status: int
    """HTTP status, or 0 when no answer came (DNS, connection, TLS or timeout)."""
    body: Any = None
    """The decoded JSON body, or None."""
    error: str = ""

    def field(self, name: str) -> Any:
        return self.body.get(name) if isinstance(self.body, dict) else None

    def describe(self) -> str:
        return f"HTTP {self.status}" if self.status else f"no answer ({self.error})"


class HttpClient(Protocol):
    def __call__(
        self, method: str, url: str, body: Any = None, *, timeout: float = 10.0
    ) -> HttpAnswer: ...


def urllib_client(method: str, url: str, body: Any = None, *, timeout: float = 10.0) -> HttpAnswer:
    data = None if body is None else json.dumps(body).encode()
    headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
    if data is not None:
        headers["Content-Type"] = "application/json"
    request = urllib.request.Request(url, data=data, method=method, headers=headers)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return HttpAnswer(response.status, _json(response.read()))
    except urllib.error.HTTPError as exc:
        return HttpAnswer(exc.code, _json(exc.read()))
    except urllib.error.URLError as exc:
        return HttpAnswer(0, error=str(exc.reason))
    except (TimeoutError, OSError) as exc:
        return HttpAnswer(0, error=str(exc) or type(exc).__name__)


def _json(raw: bytes) -> Any:
    try:
        return json.loads(raw) if raw else None
    except ValueError:
        return None
