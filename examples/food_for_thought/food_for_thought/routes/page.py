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

from multi_region_api.runtime import Deployment, NotFound, deployment

router = Router()

STATIC = Path(__file__).resolve().parent.parent / "static"
PAGE = "index.html"
ASSETS = {"app.js": "text/javascript; charset=utf-8", "app.css": "text/css; charset=utf-8"}
# The page polls; a cached copy of the page or its script would outlive a deployment.
CACHE_CONTROL = "no-cache"


@cache
def asset(name: str) -> str:
    """One static file's text (shipped next to the package, also inside the Lambda archive)."""
    return (STATIC / name).read_text("utf-8")


def content_security_policy(here: Deployment) -> str:
    connect = " ".join(("'self'", *here.origins))
    return (
        "default-src 'none'; script-src 'self'; style-src 'self'; "
        f"connect-src {connect}; img-src 'self' data:; "
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    )


@cache
def render_page(here: Deployment) -> str:
    """The page with this deployment's base path (the same on the shared and regional names)."""
    return asset(PAGE).replace("{{base}}", escape(here.base_path))


def _headers(here: Deployment) -> dict[str, str]:
    return {
        "Cache-Control": CACHE_CONTROL,
        "Content-Security-Policy": content_security_policy(here),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
    }


@router.get("/", include_in_schema=False)
def get_page() -> Response[Any]:
    here = deployment()
    return Response(
        status_code=200,
        content_type="text/html; charset=utf-8",
        body=render_page(here),
        headers=_headers(here),
    )


@router.get("/static/<name>", include_in_schema=False)
def get_asset(name: str) -> Response[Any]:
    if name not in ASSETS:
        raise NotFound(f"static file {name}")
    return Response(
        status_code=200,
        content_type=ASSETS[name],
        body=asset(name),
        headers=_headers(deployment()),
    )
