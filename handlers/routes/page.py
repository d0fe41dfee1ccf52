"""``GET /``: the Food-for-Thought page, and ``GET /static/<name>`` for its script and styles.

No build step and no external requests: three files shipped in the package, read once per
container. The script and styles are separate files so the Content-Security-Policy needs no
``'unsafe-inline'``; ``connect-src`` names this API's own origins and nothing else.
"""

from __future__ import annotations

from functools import cache
from html import escape
from pathlib import Path
from typing import Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router

from ..config import Config, get_config
from ..cors import allowed_origins
from ..errors import ApiError

router = Router()

STATIC = Path(__file__).resolve().parent.parent / "static"
PAGE = "index.html"
ASSETS = {"app.js": "text/javascript; charset=utf-8", "app.css": "text/css; charset=utf-8"}
# The page polls; a cached copy of the page or its script would outlive a deployment.
CACHE_CONTROL = "no-cache"


@cache
def asset(name: str) -> str:
    """One static file's text (package data of ``handlers``, also inside the Lambda archive)."""
    return (STATIC / name).read_text("utf-8")


def content_security_policy(config: Config) -> str:
    connect = " ".join(("'self'", *allowed_origins(config)))
    return (
        "default-src 'none'; script-src 'self'; style-src 'self'; "
        f"connect-src {connect}; img-src 'self' data:; "
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    )


@cache
def render_page(config: Config) -> str:
    """The page with this deployment's base path (the same on the shared and regional names)."""
    return asset(PAGE).replace("{{base}}", escape(config.base_path))


def _headers(config: Config) -> dict[str, str]:
    return {
        "Cache-Control": CACHE_CONTROL,
        "Content-Security-Policy": content_security_policy(config),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
    }


@router.get("/", include_in_schema=False)
def get_page() -> Response[Any]:
    config = get_config()
    return Response(
        status_code=200,
        content_type="text/html; charset=utf-8",
        body=render_page(config),
        headers=_headers(config),
    )


@router.get("/static/<name>", include_in_schema=False)
def get_asset(name: str) -> Response[Any]:
    if name not in ASSETS:
        raise ApiError(404, "not_found", "no such static file")
    return Response(
        status_code=200,
        content_type=ASSETS[name],
        body=asset(name),
        headers=_headers(get_config()),
    )
