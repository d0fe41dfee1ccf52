"""``GET /regions``: the regional URLs, so the page (or any client) can reach each region itself.

Also the CORS policy that lets the page on the shared name (or on one regional name) call the
other regional names: exactly those origins, never ``*``.
"""

from __future__ import annotations

import os
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from aws_lambda_powertools.event_handler import CORSConfig
from aws_lambda_powertools.event_handler.api_gateway import Router
from pydantic import BaseModel, Field

from .. import contract
from ..config import Config, get_config
from .docs import COMMON, errors, ok

router = Router()

# Headers the page reads from cross-origin answers, and the ones it sends.
EXPOSED_HEADERS = (contract.SERVED_REGION_HEADER, "Location")
ALLOWED_HEADERS = ("Content-Type", "Idempotency-Key")
PREFLIGHT_MAX_AGE_SECONDS = 600


class Regions(BaseModel):
    region: str = Field(description="the region that answered")
    home: str = Field(description="HOME_REGION: where catalog writes go")
    shared: str = Field(description="base URL of the shared (latency-routed) name")
    regions: dict[str, str] = Field(description="region -> base URL of its regional name")


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


@router.get(
    "/regions",
    summary="The regional URLs, the home region and the shared URL",
    responses={**ok("Where each region answers", Regions), **errors(*COMMON)},
    tags=["regions"],
)
def get_regions() -> Regions:
    config = get_config()
    return Regions(
        region=config.region,
        home=config.home_region,
        shared=shared_url(config),
        regions={r: config.url_of(r) for r in config.regions},
    )
