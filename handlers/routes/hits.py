"""``/hits``: a counter per client IP, per region, summed over every region."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.api_gateway import Router

from ..config import get_config
from ..logic import hits
from ..logic.tokens import request_token
from ..models import Hits
from .docs import COMMON, errors, ok
from .identity import IdempotencyKey, caller, client_ip

router = Router()


@router.post(
    "/hits",
    summary="Count a hit for the calling IP",
    description="Counted once however often the request is retried; a client that retries sends "
    "an Idempotency-Key to make its own retries count once too.",
    responses={**ok("Counts after this hit", Hits), **errors(*COMMON)},
    tags=["hits"],
)
def post_hit(idempotency_key: IdempotencyKey = None) -> Hits:
    token = request_token(idempotency_key, caller(router))
    return hits.record_hit(get_config(), client_ip(router), token)


@router.get(
    "/hits",
    summary="Hits of the calling IP, summed over every region",
    responses={**ok("Counts", Hits), **errors(*COMMON)},
    tags=["hits"],
)
def get_hits() -> Hits:
    return hits.read_hits(get_config(), client_ip(router))
