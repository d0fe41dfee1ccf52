"""The handler's environment, computed in one place.

The component feeds it Pulumi outputs (inside ``Output.apply``, which creates no resources); the
local runtime and the handler tests call it with plain values. Variable names are the contract in
DESIGN section 3 and ``handlers/config.py`` reads exactly these.
"""

from __future__ import annotations

import json

from .args import ApiSettings
from .naming import regional_urls

SERVICE_NAME = "multi-region-api"
METRICS_NAMESPACE = "MultiRegionApi"


def handler_environment(
    settings: ApiSettings,
    *,
    region: str,
    table_name: str,
    health_check_secret: str,
    log_level: str = "INFO",
    region_urls: dict[str, str] | None = None,
) -> dict[str, str]:
    """Environment of the dispatcher Lambda in ``region``.

    ``region_urls`` overrides the public regional URLs (the local runtime points them at its
    loopback ports); ``AWS_REGION`` is not set here because Lambda sets it.
    """
    if region not in settings.regions:
        raise ValueError(f"{region!r} is not one of {settings.regions}")
    urls = region_urls or regional_urls(settings.regions, settings.domain_name, settings.base_path)
    return {
        "TABLE_NAME": table_name,
        "HOME_REGION": settings.home_region,
        "REGION_URLS": json.dumps(urls, sort_keys=True, separators=(",", ":")),
        "HEALTH_CHECK_SECRET": health_check_secret,
        "DEEP_PING_PERCENT": str(settings.health_check.deep_ping_percent),
        "FORCE_FAIL": "true" if region in settings.force_fail_regions else "false",
        "POWERTOOLS_SERVICE_NAME": SERVICE_NAME,
        "POWERTOOLS_METRICS_NAMESPACE": METRICS_NAMESPACE,
        "LOG_LEVEL": log_level,
    }
