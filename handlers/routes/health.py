"""``GET /health``: the Route 53 health-check target of this region."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Query

from ...runtime.openapi import COMMON_ERRORS, error_responses
from .. import contract
from ..config import get_config
from ..logic import health
from ..models import Health

router = Router()


@router.get(
    contract.HEALTH_PATH,
    summary="Region health for Route 53",
    description="200 when this region can serve; 503 when FORCE_FAIL is set or the deep check "
    "(a read and write on the local replica, DEEP_PING_PERCENT of the calls) fails.",
    responses={
        200: {"description": "Healthy", "content": {"application/json": {"model": Health}}},
        **error_responses(*COMMON_ERRORS, 403),
        503: {
            "description": "Unhealthy (forced or the deep check failed)",
            "content": {"application/json": {"model": Health}},
        },
    },
    tags=["health"],
)
def get_health(
    checker_id: Annotated[
        str | None, Query(alias=contract.HEALTH_SECRET_PARAM, description="the health-check secret")
    ] = None,
) -> Response[Health]:
    config = get_config()
    health.authorize(config, checker_id, router.current_event.raw_event)
    result = health.check(config)
    return Response(
        status_code=200 if result.status == "ok" else 503,
        content_type="application/json",
        body=result,
        headers={"Cache-Control": "no-store"},
    )
