"""The component's public arguments: the ``TypedDict``s users write and the provider schema is
inferred from.

Snake_case keys, so the component can be hosted for other Pulumi languages unchanged. No
``from __future__ import annotations``: the component provider reads these annotations at
runtime. Nothing here validates; ``args.resolve_args`` does, once.
"""

from typing import NotRequired, TypedDict

import pulumi

from .app_args import AppArgs


class HealthCheckArgs(TypedDict):
    """Route 53 health-check tuning; every key is optional."""

    interval_seconds: NotRequired[int]
    """Seconds between checks from each checker: 10 (fast, extra cost) or 30."""
    failure_threshold: NotRequired[int]
    """Consecutive failures (1-10) before Route 53 pulls the region out of DNS."""
    regions: NotRequired[list[str]]
    """Route 53 checker regions (at least 3)."""
    deep_ping_percent: NotRequired[int]
    """Share (0-100) of health checks that also read and write the local table replica."""


# A plain ``str`` in the TypedDict: the component provider's schema analyzer takes no Literal.
ROUTING_POLICIES = ("latency", "failover", "weighted", "geolocation")


class RoutingArgs(TypedDict):
    """How Route 53 picks a region for the shared name; every key is optional."""

    policy: NotRequired[str]
    """``latency`` (default), ``failover``, ``weighted`` or ``geolocation``."""
    primary_region: NotRequired[str]
    """failover: the active region (default: the home region)."""
    weights: NotRequired[dict[str, int]]
    """weighted: region -> 0-255 (default: equal). 0 drains a region; not all may be 0."""
    locations: NotRequired[dict[str, list[str]]]
    """geolocation: region -> Route 53 continent codes (EU, NA, ...) or ISO country codes."""
    default_region: NotRequired[str]
    """geolocation: the region for every other location (default: the home region)."""


class AlbNetworkArgs(TypedDict):
    """A region's own VPC for the ``alb`` front door (instead of the minimal one it creates)."""

    vpc_id: str
    """The VPC, e.g. ``vpc-0123456789abcdef0``."""
    subnet_ids: list[str]
    """Public subnets of that VPC in at least two Availability Zones (routes to an internet
    gateway). The ALB is IPv4-only here: whether the subnets have IPv6 is unknown at preview."""


class MultiRegionApiArgs(TypedDict):
    """Inputs of ``MultiRegionApi``."""

    regions: list[str]
    """AWS regions to deploy to (at least 2, no duplicates)."""
    domain_name: str
    """The shared API hostname, e.g. ``api.us.example.com``; regions get ``<region>.<domain>``."""
    hosted_zone_id: str
    """Route 53 hosted zone that holds ``domain_name``."""
    home_region: NotRequired[str]
    """Home of the global table and single writer of catalog data (default: first region)."""
    base_path: NotRequired[str]
    """API base path on the custom domains, without slashes (default: none)."""
    health_check_secret: NotRequired[pulumi.Input[str]]
    """Secret the health checkers send as ``healthCheckerId`` (default: generated, kept secret)."""
    health_check: NotRequired[HealthCheckArgs]
    """Route 53 health-check tuning."""
    force_fail_regions: NotRequired[list[str]]
    """Regions whose /health answers 503: an IaC-managed failover drill."""
    alarm_email: NotRequired[str]
    """Email subscribed to the health-check alarm topic."""
    log_retention_days: NotRequired[int]
    """CloudWatch Logs retention for the Lambda and access logs (default 14)."""
    tags: NotRequired[dict[str, str]]
    """Tags added to every taggable resource."""
    manage_api_gateway_account: NotRequired[bool]
    """Set the per-region API Gateway CloudWatch logging role (default true). Turn off where the
    account already manages that account-wide setting."""
    routing: NotRequired[RoutingArgs]
    """Route 53 routing policy of the shared name (default: latency)."""
    front_door: NotRequired[str]
    """What receives requests in each region: ``rest`` (API Gateway REST API, default), ``http``
    (API Gateway HTTP API) or ``alb`` (Application Load Balancer)."""
    global_accelerator: NotRequired[bool]
    """Put the ALBs behind one Global Accelerator (static anycast IPs, no DNS in the failover
    path); only with ``front_door: alb``. Default false."""
    alb_networks: NotRequired[dict[str, AlbNetworkArgs]]
    """Region -> the VPC and subnets its ALB uses; regions left out get a minimal public VPC."""
    region_switch: NotRequired[bool]
    """Add a Route 53 ARC Region switch plan that fails a region out through DNS, triggered by
    the region's health alarm (default false). Active/passive with ``failover`` routing,
    active/active otherwise; exactly two regions; not with ``global_accelerator``."""
    app: NotRequired[AppArgs]
    """The application the function runs (default: the platform's routes only)."""
