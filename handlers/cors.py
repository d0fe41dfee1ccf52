"""The cross-origin policy and the served-region header: what every answer carries, without the
application (``platform.py`` and the application resolver both use them).

The CORS policy lets the page on the shared name (or on one regional name) call the other
regional names: exactly those origins, never ``*``.
"""

from __future__ import annotations

import os
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from aws_lambda_powertools.event_handler import CORSConfig

from . import contract
from .config import Config

# Headers the page reads from cross-origin answers, and the ones it sends.
EXPOSED_HEADERS = (contract.SERVED_REGION_HEADER, "Location")
ALLOWED_HEADERS = ("Content-Type", "Idempotency-Key")
PREFLIGHT_MAX_AGE_SECONDS = 600


def origin(url: str) -> str:
    """``https://host[:port]`` of a URL: what a browser sends in ``Origin``."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def shared_url(config: Config) -> str:
    """The shared name's base URL: ``SHARED_URL`` when set (the local runtime sets it), else the
    home region's URL without its region label (``us-east-1.api.example.com`` -> ``api...``)."""
    explicit = os.environ.get(contract.ENV_SHARED_URL, "").rstrip("/")
    if explicit:
        return explicit
    home = config.url_of(config.home_region)
    parts = urlsplit(home)
    label = f"{config.home_region}."
    host = parts.netloc.removeprefix(label) if parts.netloc.startswith(label) else parts.netloc
    return parts._replace(netloc=host).geturl()


@cache
def allowed_origins(config: Config) -> tuple[str, ...]:
    """Origins the page may be served from: the shared name and every regional name."""
    urls = [shared_url(config), *(config.url_of(r) for r in config.regions)]
    return tuple(dict.fromkeys(origin(u) for u in urls))


def cors_config(config: Config) -> CORSConfig:
    first, *extra = allowed_origins(config)
    return CORSConfig(
        allow_origin=first,
        extra_origins=extra,
        allow_headers=list(ALLOWED_HEADERS),
        expose_headers=list(EXPOSED_HEADERS),
        max_age=PREFLIGHT_MAX_AGE_SECONDS,
    )


def with_served_region(result: dict[str, Any], region: str) -> dict[str, Any]:
    """Name the serving region on a proxy result (REST/ALB ``headers`` or ``multiValueHeaders``),
    unless a route already did: the page reads it from every answer, errors included."""
    if isinstance(result.get("multiValueHeaders"), dict):
        result["multiValueHeaders"].setdefault(contract.SERVED_REGION_HEADER, [region])
    else:
        result.setdefault("headers", {}).setdefault(contract.SERVED_REGION_HEADER, region)
    return result
