"""CORS for the API's own origins: a page on the shared name (or on one regional name) may call
the other regional names. Exactly those origins, never ``*``."""

from __future__ import annotations

from aws_lambda_powertools.event_handler import CORSConfig

from ..runtime.deployment import Deployment
from . import contract

# Headers a page reads from cross-origin answers, and the ones it sends.
EXPOSED_HEADERS = (contract.SERVED_REGION_HEADER, "Location")
ALLOWED_HEADERS = ("Content-Type", "Idempotency-Key")
PREFLIGHT_MAX_AGE_SECONDS = 600


def cors_config(deployment: Deployment) -> CORSConfig:
    first, *extra = deployment.origins
    return CORSConfig(
        allow_origin=first,
        extra_origins=extra,
        allow_headers=list(ALLOWED_HEADERS),
        expose_headers=list(EXPOSED_HEADERS),
        max_age=PREFLIGHT_MAX_AGE_SECONDS,
    )
