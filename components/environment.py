"""The handler's environment, computed in one place.

The component feeds it Pulumi outputs (inside ``Output.apply``, which creates no resources); the
local runtime and the handler tests call it with plain values. Variable names are the contract in
DESIGN section 3, defined in ``handlers/contract.py``.
"""

from __future__ import annotations

import json

from multi_region_api.handlers import contract

from .args import ApiSettings
from .naming import regional_urls


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
    loopback ports); ``AWS_REGION`` is not set here because Lambda sets it. With an app, its
    entry point (``APP_ROUTERS`` or ``APP_HANDLER``) and its own variables are added.
    """
    if region not in settings.regions:
        raise ValueError(f"{region!r} is not one of {settings.regions}")
    urls = region_urls or regional_urls(settings.regions, settings.domain_name, settings.base_path)
    app = settings.app
    return {
        # The app's own variables first: validation refused every name the platform sets.
        **(app.environment if app else {}),
        **(app.entry_env if app else {}),
        contract.ENV_TABLE_NAME: table_name,
        contract.ENV_HOME_REGION: settings.home_region,
        contract.ENV_REGION_URLS: json.dumps(urls, sort_keys=True, separators=(",", ":")),
        contract.ENV_HEALTH_CHECK_SECRET: health_check_secret,
        contract.ENV_DEEP_PING_PERCENT: str(settings.health_check.deep_ping_percent),
        contract.ENV_FORCE_FAIL: "true" if region in settings.force_fail_regions else "false",
        contract.ENV_SERVICE_NAME: contract.SERVICE_NAME,
        contract.ENV_METRICS_NAMESPACE: contract.METRICS_NAMESPACE,
        contract.ENV_LOG_LEVEL: log_level,
        contract.ENV_FRONT_DOOR: settings.front_door.value,
    }
