"""Route 53 alias records: the shared name routed by the stack's policy, and each region's name.

Records are aliases (A and AAAA, the custom domains are dualstack), never CNAMEs to URLs.

**Layout.** The shared name ``<domain>`` is one simple alias (per record type) to the policy's own
name ``<policy>.<domain>`` (``latency.``, ``failover.``, ``weighted.``, ``geolocation.``), with
``evaluate_target_health``. Under the policy's name every region has its record, set identifier =
region (failover: ``<region>/primary`` and ``<region>/secondary``, geolocation:
``<region>/<location>``), its health check attached, aliasing the region's custom domain.
Failover with more than two regions adds ``secondary.failover.<domain>``: the non-primary regions
by latency, each with its health check, which the SECONDARY failover record aliases.
Geolocation's ``*`` default record aliases ``fallback.geolocation.<domain>``, a failover pair from
the default region to the others.

**Why the indirection.** Route 53 refuses records of two routing policies under one name and type
("cannot be created as a non-weighted set exists with the same name and type"), and Pulumi creates
new resources before it deletes removed ones. Records under the shared name itself could therefore
not change policy in one ``pulumi up`` without first deleting every record (clients then get
NXDOMAIN, cached for the zone's negative TTL). With a name per policy, a switch creates the new
policy's records (no collision: another name), then updates the shared alias in place (one atomic
Route 53 change batch; it ``depends_on`` the new records, so it never points at a name without
records) and deletes the old policy's records last: no gap, no orphan.

**Replace semantics** of ``aws.route53.Record`` (pulumi-aws 7 bridges terraform-provider-aws'
``aws_route53_record``, whose schema marks only ``name`` and ``zone_id`` ForceNew): a change of
``name`` or ``zone_id`` replaces the record; every other property (``type``, ``set_identifier``,
``aliases``, ``health_check_id``, the ``*_routing_policies``) is an in-place update, applied as one
DELETE+CREATE change batch that Route 53 validates and applies atomically. Weights, locations, the
failover primary and the geolocation default are such properties here, so changing them updates in
place: geolocation records are keyed by location and failover records by role, so moving a
location or the primary updates that record instead of creating a second record for the same
location or a second PRIMARY, which Route 53 would refuse.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pulumi
import pulumi_aws as aws

from .args import RoutingSettings
from .front_door import CustomDomainTarget
from .geo_locations import DEFAULT_LOCATION, is_continent
from .naming import child_name

RECORD_TYPES = ("A", "AAAA")


def record_types(dual_stack: bool) -> tuple[str, ...]:
    """A and AAAA for a dual-stack target; A only for an IPv4-only one (an AAAA alias to it would
    answer nothing, and ``verify`` would report the name broken)."""
    return RECORD_TYPES if dual_stack else ("A",)


SECONDARY_LABEL = "secondary"
FALLBACK_LABEL = "fallback"


def policy_hostname(policy: str, domain_name: str) -> str:
    """The name that holds ``policy``'s records; the shared name aliases it."""
    return f"{policy}.{domain_name}"


def secondary_hostname(hostname: str) -> str:
    """Failover with 3+ regions: the non-primary regions by latency, the SECONDARY's target."""
    return f"{SECONDARY_LABEL}.{hostname}"


def fallback_hostname(domain_name: str) -> str:
    """Geolocation's ``*`` record target: the default region, then the others (failover)."""
    return f"{FALLBACK_LABEL}.{policy_hostname('geolocation', domain_name)}"


def shared_record_name(component: str, record_type: str) -> str:
    """The logical name of the shared name's record of ``record_type``, whatever it aliases.

    One name for the policy's alias and the accelerator's: toggling ``global_accelerator`` then
    updates the record in place. Two names would make Pulumi create the new record (same name and
    type) while the old one still exists, which Route 53 refuses.
    """
    return f"{component}-shared-{record_type.lower()}"


@dataclass(frozen=True)
class RegionEndpoint:
    """One region as the shared name's records see it: its custom domain and health check."""

    target: CustomDomainTarget
    health_check_id: pulumi.Input[str]


@dataclass(frozen=True)
class RecordSpec:
    """One routed record (A and AAAA are made from it), as plain data: everything but the zone,
    the type and the regions' Pulumi outputs, so the Region switch plan can read the same layout.
    """

    logical_name: str
    """Prefix of the resource names; the type (``-a``/``-aaaa``) is appended."""
    hostname: str
    set_identifier: str
    policy_args: dict[str, Any]
    region: str | None = None
    """The region whose custom domain the record aliases, with that region's health check."""
    alias_to: str | None = None
    """Else: another name in the zone that the record aliases (no health check of its own)."""
    after: tuple[str, ...] = field(default=())
    """Logical names of records that must exist first (an alias to their name)."""


def _to_region(
    component: str, region: str, policy_label: str, hostname: str, policy_args: dict[str, Any]
) -> RecordSpec:
    return RecordSpec(
        logical_name=child_name(component, region, policy_label),
        hostname=hostname,
        set_identifier=region,
        policy_args=policy_args,
        region=region,
    )


def _latency_args(region: str) -> dict[str, Any]:
    return {"latency_routing_policies": [aws.route53.RecordLatencyRoutingPolicyArgs(region=region)]}


def latency_specs(component: str, domain_name: str, regions: Sequence[str]) -> list[RecordSpec]:
    """Every region by latency, health check attached."""
    hostname = policy_hostname("latency", domain_name)
    return [
        _to_region(component, r, "latency", hostname, _latency_args(r)) for r in sorted(regions)
    ]


def _role(component: str, label: str, kind: str, hostname: str, region: str) -> RecordSpec:
    """A failover record keyed by its role, not its region (see ``_failover_pair``)."""
    return RecordSpec(
        logical_name=f"{component}-{label}-{kind.lower()}",
        hostname=hostname,
        set_identifier=f"{region}/{kind.lower()}",
        policy_args=_failover_args(kind),
        region=region,
    )


def _failover_args(kind: str) -> dict[str, Any]:
    return {"failover_routing_policies": [aws.route53.RecordFailoverRoutingPolicyArgs(type=kind)]}


def _failover_pair(
    component: str,
    label: str,
    hostname: str,
    primary: str,
    regions: Sequence[str],
) -> list[RecordSpec]:
    """At ``hostname``: PRIMARY = ``primary``; SECONDARY = the other region, or with 3+ regions an
    alias to ``secondary.<hostname>`` where the others answer by latency.

    Route 53 takes exactly one PRIMARY and one SECONDARY per name and type, so the two records are
    keyed by role: a new primary updates the PRIMARY record in place (its target, health check and
    set identifier ``<region>/primary`` change in one atomic batch) instead of creating a second
    PRIMARY next to the old one. The set identifier carries the role so that, while two regions
    swap roles, the two records never hold the same identifier.
    """
    specs = [_role(component, label, "PRIMARY", hostname, primary)]
    others = sorted(r for r in regions if r != primary)
    if len(others) == 1:
        (other,) = others
        return [*specs, _role(component, label, "SECONDARY", hostname, other)]
    secondary = secondary_hostname(hostname)
    latency = [
        _to_region(component, r, f"{label}-{SECONDARY_LABEL}", secondary, _latency_args(r))
        for r in others
    ]
    return [
        *specs,
        *latency,
        RecordSpec(
            logical_name=f"{component}-{label}-{SECONDARY_LABEL}",
            hostname=hostname,
            set_identifier=SECONDARY_LABEL,
            policy_args=_failover_args("SECONDARY"),
            alias_to=secondary,
            after=tuple(s.logical_name for s in latency),
        ),
    ]


def failover_specs(
    component: str, domain_name: str, regions: Sequence[str], routing: RoutingSettings
) -> list[RecordSpec]:
    """The primary region while it is healthy, then the others (by latency if several)."""
    hostname = policy_hostname("failover", domain_name)
    return _failover_pair(component, "failover", hostname, routing.primary_region, regions)


def weighted_specs(
    component: str, domain_name: str, regions: Sequence[str], routing: RoutingSettings
) -> list[RecordSpec]:
    """Each region with its weight; weight 0 keeps the record (and its health check) but drains."""
    hostname = policy_hostname("weighted", domain_name)
    return [
        _to_region(
            component,
            r,
            "weighted",
            hostname,
            {
                "weighted_routing_policies": [
                    aws.route53.RecordWeightedRoutingPolicyArgs(weight=routing.weights[r])
                ]
            },
        )
        for r in sorted(regions)
    ]


def _geo_args(code: str) -> dict[str, Any]:
    if code == DEFAULT_LOCATION:
        location = aws.route53.RecordGeolocationRoutingPolicyArgs(country=DEFAULT_LOCATION)
    elif is_continent(code):
        location = aws.route53.RecordGeolocationRoutingPolicyArgs(continent=code)
    else:
        location = aws.route53.RecordGeolocationRoutingPolicyArgs(country=code)
    return {"geolocation_routing_policies": [location]}


def geolocation_specs(
    component: str, domain_name: str, regions: Sequence[str], routing: RoutingSettings
) -> list[RecordSpec]:
    """A record per listed location, keyed by the location, and the ``*`` default record.

    Set identifier: ``<region>/<location>`` (unique per name and type, as Route 53 requires, and it
    names the region). The default record aliases ``fallback.geolocation.<domain>``, a failover
    pair of the default region and the others: Route 53 answers a client whose location's region
    is unhealthy with the default record, and an unhealthy default record would leave it no answer
    at all, so the default itself fails over. No client ever gets an empty answer while any region
    is healthy."""
    hostname = policy_hostname("geolocation", domain_name)
    specs = []
    for region, codes in sorted(routing.locations.items()):
        for code in codes:
            specs.append(
                RecordSpec(
                    logical_name=f"{component}-geolocation-{code.lower()}",
                    hostname=hostname,
                    set_identifier=f"{region}/{code}",
                    policy_args=_geo_args(code),
                    region=region,
                )
            )
    fallback = _failover_pair(
        component,
        "geolocation-fallback",
        fallback_hostname(domain_name),
        routing.default_region,
        regions,
    )
    default = RecordSpec(
        logical_name=f"{component}-geolocation-default",
        hostname=hostname,
        set_identifier=f"{routing.default_region}/{DEFAULT_LOCATION}",
        policy_args=_geo_args(DEFAULT_LOCATION),
        alias_to=fallback_hostname(domain_name),
        after=tuple(
            s.logical_name for s in fallback if s.hostname == fallback_hostname(domain_name)
        ),
    )
    return [*specs, *fallback, default]


def policy_specs(
    component: str, domain_name: str, regions: Sequence[str], routing: RoutingSettings
) -> list[RecordSpec]:
    """The records of the stack's policy (everything but the shared alias)."""
    if routing.policy == "failover":
        return failover_specs(component, domain_name, regions, routing)
    if routing.policy == "weighted":
        return weighted_specs(component, domain_name, regions, routing)
    if routing.policy == "geolocation":
        return geolocation_specs(component, domain_name, regions, routing)
    return latency_specs(component, domain_name, regions)


@dataclass(frozen=True)
class RegionRecord:
    """A record that aliases a region and carries its health check (what ARC maps to a region)."""

    hostname: str
    set_identifier: str
    region: str


def region_records(
    component: str, domain_name: str, regions: Sequence[str], routing: RoutingSettings
) -> dict[str, list[RegionRecord]]:
    """Record name -> the policy's records there that alias a region."""
    by_name: dict[str, list[RegionRecord]] = {}
    for spec in policy_specs(component, domain_name, regions, routing):
        if spec.region is not None:
            by_name.setdefault(spec.hostname, []).append(
                RegionRecord(spec.hostname, spec.set_identifier, spec.region)
            )
    return by_name


def _alias(
    spec: RecordSpec, endpoints: Mapping[str, RegionEndpoint], zone_id: str
) -> tuple[pulumi.Input[str], pulumi.Input[str], dict[str, Any]]:
    """Alias name, its zone, and the health check: the region's, or another name in the zone."""
    if spec.region is not None:
        endpoint = endpoints[spec.region]
        return (
            endpoint.target.regional_domain_name,
            endpoint.target.regional_zone_id,
            {"health_check_id": endpoint.health_check_id},
        )
    assert spec.alias_to is not None
    return spec.alias_to, zone_id, {}


def routed_records(
    component: str,
    *,
    domain_name: str,
    hosted_zone_id: str,
    endpoints: Mapping[str, RegionEndpoint],
    routing: RoutingSettings,
    dual_stack: bool = True,
    opts: pulumi.ResourceOptions,
) -> dict[str, aws.route53.Record]:
    """The policy's records and the shared name's alias to them; logical name -> record.

    AAAA only when every region is ``dual_stack``: an IPv6 client must be routed like an IPv4
    one, never steered away from a region only because it has no IPv6 address.
    """
    types = record_types(dual_stack)
    made: dict[str, aws.route53.Record] = {}
    specs = policy_specs(component, domain_name, sorted(endpoints), routing)
    for spec in specs:
        alias_name, alias_zone_id, extra = _alias(spec, endpoints, hosted_zone_id)
        for record_type in types:
            suffix = f"-{record_type.lower()}"
            made[spec.logical_name + suffix] = aws.route53.Record(
                spec.logical_name + suffix,
                zone_id=hosted_zone_id,
                name=spec.hostname,
                type=record_type,
                set_identifier=spec.set_identifier,
                aliases=[
                    aws.route53.RecordAliasArgs(
                        name=alias_name, zone_id=alias_zone_id, evaluate_target_health=True
                    )
                ],
                **spec.policy_args,
                **extra,
                opts=pulumi.ResourceOptions.merge(
                    opts,
                    pulumi.ResourceOptions(depends_on=[made[a + suffix] for a in spec.after]),
                ),
            )
    for record_type in types:
        suffix = f"-{record_type.lower()}"
        made[shared_record_name(component, record_type)] = aws.route53.Record(
            shared_record_name(component, record_type),
            zone_id=hosted_zone_id,
            name=domain_name,
            type=record_type,
            aliases=[
                aws.route53.RecordAliasArgs(
                    name=policy_hostname(routing.policy, domain_name),
                    zone_id=hosted_zone_id,
                    evaluate_target_health=True,
                )
            ],
            opts=pulumi.ResourceOptions.merge(
                opts,
                pulumi.ResourceOptions(
                    depends_on=[
                        made[s.logical_name + suffix]
                        for s in specs
                        if s.hostname == policy_hostname(routing.policy, domain_name)
                    ]
                ),
            ),
        )
    return made


def regional_records(
    name: str,
    region: str,
    *,
    hosted_zone_id: str,
    target: CustomDomainTarget,
    dual_stack: bool = True,
    opts: pulumi.ResourceOptions,
) -> list[aws.route53.Record]:
    """Simple A (and, ``dual_stack``, AAAA) aliases for ``<region>.<domain>``: home pointer and
    health-check target."""
    return [
        aws.route53.Record(
            child_name(name, region, f"regional-{record_type.lower()}"),
            zone_id=hosted_zone_id,
            name=target.hostname,
            type=record_type,
            aliases=[
                aws.route53.RecordAliasArgs(
                    name=target.regional_domain_name,
                    zone_id=target.regional_zone_id,
                    evaluate_target_health=True,
                )
            ],
            opts=opts,
        )
        for record_type in record_types(dual_stack)
    ]
