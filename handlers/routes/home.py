"""``GET /`` of a function deployed without an application: which region served."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.api_gateway import Router

from multi_region_api.runtime.openapi import COMMON_ERRORS, error_responses

from ..config import get_config
from ..models import Served

router = Router()


@router.get(
    "/",
    summary="Say which region answered (no application is deployed)",
    responses={
        200: {
            "description": "The serving region",
            "content": {"application/json": {"model": Served}},
        },
        **error_responses(*COMMON_ERRORS),
    },
    tags=["platform"],
)
def get_home() -> Served:
    region = get_config().region
    return Served(region=region, message=f"multi-region-api: served by {region}; no app deployed")
