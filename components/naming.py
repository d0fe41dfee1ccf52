"""Naming rules shared by the component, the handler environment, the local runtime, the tests."""

from __future__ import annotations

import hashlib
import re
from urllib.parse import quote

from multi_region_api.handlers.contract import HEALTH_PATH, HEALTH_SECRET_PARAM


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


HASH_LENGTH = 6
"""Hex digits of the hash a shortened or rewritten name keeps: the original stays told apart."""


def fitted_name(wanted: str, max_length: int, allowed: str = "a-zA-Z0-9-", ends: str = "-") -> str:
    """``wanted`` as a physical name AWS takes: at most ``max_length`` characters from ``allowed``
    (a regex character-class body), not starting or ending with a character of ``ends``.

    A name that fits is used as it is. Otherwise characters outside the alphabet become ``-``, the
    name is cut, and a hash of ``wanted`` is appended, so two names that differ only in a replaced
    character or past the cut never become one: deterministic, unlike Pulumi's random suffix, so
    a name is known before the resource exists and never changes between updates.
    """
    safe = re.sub(f"[^{allowed}]", "-", wanted).strip(ends)
    if safe == wanted and len(safe) <= max_length:
        return safe
    digest = hashlib.sha256(wanted.encode()).hexdigest()[:HASH_LENGTH]
    return f"{safe[: max_length - HASH_LENGTH - 1].strip(ends)}-{digest}"


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
