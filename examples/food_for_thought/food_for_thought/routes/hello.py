"""``GET /hello``: which region answered (the simplest way to watch failover)."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.api_gateway import Router

from multi_region_api.runtime import COMMON_ERRORS, deployment, error_responses, response

from ..models import Hello

router = Router()


@router.get(
    "/hello",
    summary="Say which region answered",
    responses={**response(200, "Greeting", Hello), **error_responses(*COMMON_ERRORS)},
    tags=["hello"],
)
def get_hello() -> Hello:
    region = deployment().region
    return Hello(message=f"Hello from {region}", region=region)
