"""``/hits``: a counter per client IP, per region, summed over every region."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.api_gateway import Router

from multi_region_api.runtime import (
    COMMON_ERRORS,
    IdempotencyKey,
    caller,
    client_ip,
    deployment,
    error_responses,
    request_token,
    response,
)

from ..logic import hits
from ..models import Hits

router = Router()


@router.post(
    "/hits",
    summary="Count a hit for the calling IP",
    description="Counted once however often the request is retried; a client that retries sends "
    "an Idempotency-Key to make its own retries count once too.",
    responses={**response(200, "Counts after this hit", Hits), **error_responses(*COMMON_ERRORS)},
    tags=["hits"],
)
def post_hit(idempotency_key: IdempotencyKey = None) -> Hits:
    event = router.current_event.raw_event
    token = request_token(idempotency_key, caller(event))
    return hits.record_hit(deployment(), client_ip(event), token)


@router.get(
    "/hits",
    summary="Hits of the calling IP, summed over every region",
    responses={**response(200, "Counts", Hits), **error_responses(*COMMON_ERRORS)},
    tags=["hits"],
)
def get_hits() -> Hits:
    return hits.read_hits(deployment(), client_ip(router.current_event.raw_event))
