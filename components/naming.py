"""Naming rules shared by the component, the handler environment, the local runtime, the tests."""

from __future__ import annotations

from urllib.parse import quote

from ..handlers.contract import HEALTH_PATH, HEALTH_SECRET_PARAM


def regional_hostname(region: str, domain_name: str) -> str:
    """The per-region name: the health-check target and the home pointer for home-region writes."""
    return f"{region}.{domain_name}"


def base_url(hostname: str, base_path: str = "") -> str:
    return f"https://{hostname}/{base_path}" if base_path else f"https://{hostname}"


def regional_urls(
    regions: tuple[str, ...] | list[str], domain_name: str, base_path: str = ""
) -> dict[str, str]:
    """Region -> https base URL of its regional name, in sorted region order."""
    return {r: base_url(regional_hostname(r, domain_name), base_path) for r in sorted(regions)}


def health_resource_path(base_path: str, secret: str) -> str:
    """Path the Route 53 checkers request: ``/<base_path>/health?healthCheckerId=<secret>``."""
    prefix = f"/{base_path}" if base_path else ""
    return f"{prefix}{HEALTH_PATH}?{HEALTH_SECRET_PARAM}={quote(secret, safe='')}"


def child_name(component: str, region: str, suffix: str) -> str:
    """Every per-region child is ``<component>-<region>-<suffix>``: stable when regions change."""
    return f"{component}-{region}-{suffix}"


def replica_arn(table_arn: str, region: str) -> str:
    """The ARN of a global table's replica in ``region``: the same ARN with the region swapped."""
    parts = table_arn.split(":")
    if len(parts) < 6 or parts[2] != "dynamodb":
        raise ValueError(f"not a DynamoDB table ARN: {table_arn!r}")
    parts[3] = region
    return ":".join(parts)
