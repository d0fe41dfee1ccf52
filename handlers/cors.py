"""CORS for the API's own origins, and the served-region header every answer carries.

A page on the shared name (or on one regional name) may call the other regional names: exactly
those origins, never ``*``. The application resolver carries the policy; the served-region header
is added to every answer, ``/health``'s (``platform.py``, no resolver) included.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from multi_region_api.runtime.deployment import Deployment

from . import contract

if TYPE_CHECKING:
    from aws_lambda_powertools.event_handler import CORSConfig

# Headers a page reads from cross-origin answers, and the ones it sends.
EXPOSED_HEADERS = (contract.SERVED_REGION_HEADER, "Location")
ALLOWED_HEADERS = ("Content-Type", "Idempotency-Key")
PREFLIGHT_MAX_AGE_SECONDS = 600


def cors_config(deployment: Deployment) -> CORSConfig:
    """The application resolver's policy (imported with it: ``/health`` carries no CORS)."""
    from aws_lambda_powertools.event_handler import CORSConfig

    first, *extra = deployment.origins
    return CORSConfig(
        allow_origin=first,
        extra_origins=extra,
        allow_headers=list(ALLOWED_HEADERS),
        expose_headers=list(EXPOSED_HEADERS),
        max_age=PREFLIGHT_MAX_AGE_SECONDS,
    )


def with_served_region(result: dict[str, Any], region: str) -> dict[str, Any]:
    """Name the serving region on a proxy result (REST/ALB ``headers`` or ``multiValueHeaders``),
    unless a route already did: a page reads it from every answer, errors included."""
    if isinstance(result.get("multiValueHeaders"), dict):
        result["multiValueHeaders"].setdefault(contract.SERVED_REGION_HEADER, [region])
    else:
        headers = result.get("headers")
        if not isinstance(headers, dict):
            headers = result["headers"] = {}
        headers.setdefault(contract.SERVED_REGION_HEADER, region)
    return result
