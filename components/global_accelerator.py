"""One Global Accelerator in front of every region's ALB: static anycast IPs, no DNS in failover.

Clients connect to the nearest AWS edge, which forwards to the nearest healthy endpoint group
(one per region, the ALB as its endpoint, client IP preservation on so the ALB and the handler
see the caller's address). A region's ALB is unhealthy when its target group's health check
fails: for ALB endpoints Global Accelerator uses the load balancer's health checks, and the
endpoint group's own interval and threshold (set from the stack's ``healthCheck`` for clarity)
only apply to other endpoint types. Each endpoint group has a traffic dial: 100 %, or with
``weighted`` routing the region's weight in proportion to the heaviest (``traffic_dials``).

Global Accelerator's API lives in us-west-2 whatever the endpoints' regions, so everything here
uses a provider pinned there. Route 53 keeps its health checks and alarms on the regional names.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from .alb import HTTP_PORT, HTTPS_PORT, AlbFrontDoor
from .args import ApiSettings
from .aws_limits import accelerator_name
from .computed import output_of, required
from .dns import shared_record_name
from .naming import child_name
from .traffic_dials import traffic_dials

HOSTED_ZONE_ID = "Z2BJ6XQ5FK7U4H"
"""Every accelerator's alias zone (Route 53 alias targets, AWS General Reference)."""
ENDPOINT_WEIGHT = 128  # the default; one endpoint per group


@dataclass(frozen=True)
class AcceleratorMetrics:
    """What the dashboard plots for the accelerator (published in us-west-2)."""

    accelerator_id: str
    regions: tuple[str, ...]


@dataclass(frozen=True)
class Accelerator:
    accelerator: aws.globalaccelerator.Accelerator
    endpoint_groups: dict[str, aws.globalaccelerator.EndpointGroup]
    static_ips: pulumi.Output[list[str]]
    alias_name: pulumi.Output[str]
    dual_stack: bool
    metrics: pulumi.Output[AcceleratorMetrics]


def static_ips(ip_sets: Sequence[aws.globalaccelerator.outputs.AcceleratorIpSet]) -> list[str]:
    return [ip for ip_set in ip_sets for ip in (ip_set.ip_addresses or [])]


def accelerator_id(arn: str) -> str:
    """``arn:aws:globalaccelerator::<account>:accelerator/<id>`` -> ``<id>``, the metrics' key."""
    return arn.rsplit("/", 1)[-1]


def global_accelerator(
    name: str,
    settings: ApiSettings,
    albs: Mapping[str, AlbFrontDoor],
    *,
    tags: dict[str, str],
    opts: pulumi.ResourceOptions,
) -> Accelerator:
    """The accelerator, its listener and an endpoint group per region.

    ``opts`` must carry the us-west-2 provider. Dual-stack when every ALB is.
    """
    dual_stack = all(alb.dual_stack for alb in albs.values())
    accelerator = aws.globalaccelerator.Accelerator(
        f"{name}-accelerator",
        name=accelerator_name(pulumi.get_project(), pulumi.get_stack(), name),
        ip_address_type="DUAL_STACK" if dual_stack else "IPV4",
        enabled=True,
        tags=tags,
        opts=opts,
    )
    listener = aws.globalaccelerator.Listener(
        f"{name}-accelerator-listener",
        accelerator_arn=accelerator.arn,
        protocol="TCP",
        client_affinity="NONE",
        port_ranges=[
            aws.globalaccelerator.ListenerPortRangeArgs(from_port=port, to_port=port)
            for port in (HTTPS_PORT, HTTP_PORT)
        ],
        opts=opts,
    )
    checks = settings.health_check
    dials = traffic_dials(settings)
    groups = {
        region: aws.globalaccelerator.EndpointGroup(
            child_name(name, region, "endpoint-group"),
            listener_arn=listener.arn,
            endpoint_group_region=region,
            health_check_interval_seconds=checks.interval_seconds,
            threshold_count=checks.failure_threshold,
            traffic_dial_percentage=dials[region],
            endpoint_configurations=[
                aws.globalaccelerator.EndpointGroupEndpointConfigurationArgs(
                    endpoint_id=albs[region].load_balancer.arn,
                    client_ip_preservation_enabled=True,
                    weight=ENDPOINT_WEIGHT,
                )
            ],
            opts=opts,
        )
        for region in sorted(albs)
    }
    regions = tuple(sorted(albs))
    return Accelerator(
        accelerator=accelerator,
        endpoint_groups=groups,
        static_ips=accelerator.ip_sets.apply(
            lambda sets: static_ips(required(sets, output_of(accelerator, "ipSets")))
        ),
        alias_name=accelerator.dual_stack_dns_name if dual_stack else accelerator.dns_name,
        dual_stack=dual_stack,
        metrics=accelerator.arn.apply(
            lambda arn: AcceleratorMetrics(
                accelerator_id(required(arn, output_of(accelerator, "arn"))), regions
            )
        ),
    )


def accelerator_records(
    name: str,
    *,
    hosted_zone_id: str,
    hostname: str,
    accelerator: Accelerator,
    opts: pulumi.ResourceOptions,
) -> list[aws.route53.Record]:
    """The shared name as an alias to the accelerator: A, and AAAA when it is dual-stack.

    No routing policy and no Route 53 health check: the accelerator chooses the region. The
    records are the shared name's (``dns.shared_record_name``), so turning the accelerator on or
    off updates them in place; the alias keeps the URNs of stacks deployed before that.
    """
    types = ("A", "AAAA") if accelerator.dual_stack else ("A",)
    return [
        aws.route53.Record(
            shared_record_name(name, record_type),
            zone_id=hosted_zone_id,
            name=hostname,
            type=record_type,
            aliases=[
                aws.route53.RecordAliasArgs(
                    name=accelerator.alias_name,
                    zone_id=accelerator.accelerator.hosted_zone_id,
                    evaluate_target_health=False,
                )
            ],
            opts=pulumi.ResourceOptions.merge(
                opts,
                pulumi.ResourceOptions(
                    aliases=[pulumi.Alias(name=f"{name}-accelerator-{record_type.lower()}")]
                ),
            ),
        )
        for record_type in types
    ]
