"""The user's program: two APIs on the same application code, one per way in."""

import pulumi

import components  # the project's own package of that name, not the platform's
from multi_region_api import MultiRegionApi

config = pulumi.Config()
common = {
    "regions": config.require_object("regions"),
    "home_region": "us-east-1",
    "hosted_zone_id": "Z0123456789EXAMPLE",
}
app = {"path": "app", "requirements": "app-requirements.txt"}

notes = MultiRegionApi(
    "notes",
    {
        **common,
        "domain_name": config.require("domainName"),
        "tags": components.TAGS,
        "app": {
            **app,
            "routers": "service:ROUTERS",
            "environment": {"NOTES_PAGE_SIZE": "25"},
            "policy_statements": [components.READ_SETTINGS],
            "indexes": [{"name": "by-tag", "partition_key": "tag", "sort_key": "createdAt"}],
        },
    },
)
legacy = MultiRegionApi(
    "legacy",
    {
        **common,
        "domain_name": f"legacy.{config.require('domainName')}",
        "app": {**app, "handler": "handlers.proxy.handle"},
    },
)
pulumi.export("url", notes.url)
pulumi.export("legacyUrl", legacy.url)
