"""``GET /regions``: the regional URLs, so the page (or any client) can reach each region itself.

The CORS policy that lets the page on the shared name (or on one regional name) call the other
regional names (exactly those origins, never ``*``) is in ``cors.py``, beside the served-region
header every answer carries.
"""

from __future__ import annotations

from aws_lambda_powertools.event_handler.api_gateway import Router
from pydantic import BaseModel, Field

from ..config import get_config
from ..cors import shared_url
from .docs import COMMON, errors, ok

router = Router()


class Regions(BaseModel):
    region: str = Field(description="the region that answered")
    home: str = Field(description="HOME_REGION: where catalog writes go")
    shared: str = Field(description="base URL of the shared (latency-routed) name")
    regions: dict[str, str] = Field(description="region -> base URL of its regional name")


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
