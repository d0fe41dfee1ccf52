"""The program: your API (``app/``) in every region of ``regions``, behind ``domainName``."""

import pulumi
from app_config import APP

from multi_region_api import MultiRegionApi

config = pulumi.Config()
api = MultiRegionApi(
    "api",
    {
        "regions": config.require_object("regions"),
        "domain_name": config.require("domainName"),
        "hosted_zone_id": config.require("hostedZoneId"),
        "front_door": config.get("frontDoor") or "rest",
        "app": APP,
    },
)

pulumi.export("url", api.url)
pulumi.export("regionalUrls", api.regional_urls)
