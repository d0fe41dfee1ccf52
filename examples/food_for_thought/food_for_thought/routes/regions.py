"""``GET /regions``: the regional URLs, so the page (or any client) can reach each region itself."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.api_gateway import Router
from pydantic import BaseModel, Field

from multi_region_api.runtime import COMMON_ERRORS, deployment, error_responses, response

router = Router()


class Regions(BaseModel):
    region: str = Field(description="the region that answered")
    home: str = Field(description="HOME_REGION: where catalog writes go")
    shared: str = Field(description="base URL of the shared (latency-routed) name")
    regions: dict[str, str] = Field(description="region -> base URL of its regional name")


@router.get(
    "/regions",
    summary="The regional URLs, the home region and the shared URL",
    responses={
        **response(200, "Where each region answers", Regions),
        **error_responses(*COMMON_ERRORS),
    },
    tags=["regions"],
)
def get_regions() -> Regions:
    here = deployment()
    return Regions(
        region=here.region,
        home=here.home_region,
        shared=here.shared_url,
        regions={r: here.url_of(r) for r in here.regions},
    )
