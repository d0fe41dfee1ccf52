"""Explicit AWS providers: one per region, plus one pinned to us-east-1 for global resources.

Every resource gets one of these, so nothing can fall back to the default provider (the stack files
also disable it). Providers are keyed by region name, never by list position, so adding a region
adds a provider and changes none. Route 53 health-check metrics exist only in us-east-1, which is
why health checks, their alarms, the alarm topic and the Route 53 records share the global one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from .args import ApiSettings
from .naming import child_name

GLOBAL_REGION = "us-east-1"
GLOBAL_KEY = "global"
ACCELERATOR_REGION = "us-west-2"  # Global Accelerator's API exists only there
ACCELERATOR_KEY = "accelerator"


@dataclass(frozen=True)
class Providers:
    regional: dict[str, aws.Provider]
    global_: aws.Provider
    accelerator: aws.Provider | None = None
    """Pinned to us-west-2; only when the stack has a Global Accelerator."""


def make_providers(
    name: str,
    settings: ApiSettings,
    parent: pulumi.Resource,
    supplied: Mapping[str, aws.Provider] | None = None,
) -> Providers:
    """Use the caller's provider for a region (cross-account, assume-role) or create one."""
    supplied = dict(supplied or {})
    unknown = sorted(set(supplied) - {*settings.regions, GLOBAL_KEY, ACCELERATOR_KEY})
    if unknown:
        raise ValueError(
            f"providers: {unknown[0]!r} is neither one of regions {list(settings.regions)} "
            f"nor {GLOBAL_KEY!r} nor {ACCELERATOR_KEY!r}"
        )
    opts = pulumi.ResourceOptions(parent=parent)
    regional = {
        region: supplied.get(region)
        or aws.Provider(child_name(name, region, "provider"), region=region, opts=opts)
        for region in sorted(settings.regions)
    }
    global_ = supplied.get(GLOBAL_KEY) or aws.Provider(
        f"{name}-global-provider", region=GLOBAL_REGION, opts=opts
    )
    accelerator = None
    if settings.global_accelerator:
        accelerator = supplied.get(ACCELERATOR_KEY) or aws.Provider(
            f"{name}-accelerator-provider", region=ACCELERATOR_REGION, opts=opts
        )
    return Providers(regional=regional, global_=global_, accelerator=accelerator)
