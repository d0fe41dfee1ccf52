"""Route 53 alias records: the shared name routed by a policy, and each region's own name.

Records are aliases (A and AAAA, the custom domains are dualstack), never CNAMEs to URLs. Every
record of the shared name carries its region's health check, so a failed region leaves DNS. The
routing policy is a parameter: latency today; failover, weighted or geolocation later implement
``RoutingPolicy`` without changing the record builder.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

import pulumi
import pulumi_aws as aws

from .front_door import CustomDomainTarget
from .naming import child_name

RECORD_TYPES = ("A", "AAAA")


class RoutingPolicy(Protocol):
    """How Route 53 chooses between the regions' records of the shared name."""

    def record_args(self, region: str) -> dict[str, Any]:
        """Extra ``aws.route53.Record`` arguments for ``region``'s record."""
        ...


@dataclass(frozen=True)
class LatencyRouting:
    """Answer with the lowest-latency region among the healthy ones."""

    def record_args(self, region: str) -> dict[str, Any]:
        return {
            "set_identifier": region,
            "latency_routing_policies": [aws.route53.RecordLatencyRoutingPolicyArgs(region=region)],
        }


def _alias(target: CustomDomainTarget) -> list[aws.route53.RecordAliasArgs]:
    return [
        aws.route53.RecordAliasArgs(
            name=target.regional_domain_name,
            zone_id=target.regional_zone_id,
            evaluate_target_health=True,
        )
    ]


def alias_records(
    name: str,
    region: str,
    kind: str,
    *,
    hosted_zone_id: str,
    target: CustomDomainTarget,
    opts: pulumi.ResourceOptions,
    **record_args: Any,
) -> list[aws.route53.Record]:
    """A and AAAA aliases of ``target.hostname`` to ``target``, named ``<kind>-a``/``<kind>-aaaa``;
    ``record_args`` (routing policy, health check) go to both."""
    return [
        aws.route53.Record(
            child_name(name, region, f"{kind}-{record_type.lower()}"),
            zone_id=hosted_zone_id,
            name=target.hostname,
            type=record_type,
            aliases=_alias(target),
            **record_args,
            opts=opts,
        )
        for record_type in RECORD_TYPES
    ]


def shared_records(
    name: str,
    region: str,
    *,
    hosted_zone_id: str,
    target: CustomDomainTarget,
    health_check_id: pulumi.Input[str],
    routing: RoutingPolicy,
    opts: pulumi.ResourceOptions,
) -> list[aws.route53.Record]:
    """``region``'s A and AAAA records of the shared name, health check attached."""
    return alias_records(
        name,
        region,
        "shared",
        hosted_zone_id=hosted_zone_id,
        target=target,
        opts=opts,
        health_check_id=health_check_id,
        **routing.record_args(region),
    )


def regional_records(
    name: str,
    region: str,
    *,
    hosted_zone_id: str,
    target: CustomDomainTarget,
    opts: pulumi.ResourceOptions,
) -> list[aws.route53.Record]:
    """Simple A and AAAA aliases for ``<region>.<domain>``: home pointer and health-check target."""
    return alias_records(
        name, region, "regional", hosted_zone_id=hosted_zone_id, target=target, opts=opts
    )
