"""``GET /health``: the Route 53 health-check target of this region."""

from __future__ import annotations

from typing import Annotated, Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Query

from multi_region_api.runtime.openapi import COMMON_ERRORS, error_responses

from .. import contract, platform
from ..config import get_config
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
    """Documents ``/health`` on the application resolver; the dispatcher answers a ``GET /health``
    itself (``platform.answer``) before any resolver sees it. ``Forbidden`` reaches the
    resolver's domain-error mapping (403)."""
    event = router.current_event.raw_event
    result = platform.health_result(get_config(), checker_id, event)
    answer: Response[Any] = Response(  # the body is the model's shape, as a plain dict
        status_code=200 if result.status == "ok" else 503,
        content_type="application/json",
        body=result.body(),
        headers=platform.NO_STORE,
    )
    return answer
