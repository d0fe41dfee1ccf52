"""Every option a user can change on a live stack, built before and after: nothing the update
creates may claim a physical identity that a resource the same update deletes still holds.

Pulumi creates new resources (new URNs) before it deletes removed ones, so such a claim fails the
``up`` half-way (API Gateway: the domain name exists; Route 53: a record of that name and type
exists; ELB: a load balancer of that name exists). A change of the same URN is an update or a
replacement, which the providers order themselves (``delete_before_replace`` where an identity
must be free first); this test is about the engine's create-then-delete of different URNs.

Each toggle is ``in place`` (one ``pulumi up``, no collision) or ``refused`` (it collides, so the
component's front door guard refuses it at preview, and the docs' "Changing options on a live
stack" (docs/deploying.md) documents the two ``up``s, each of them ``in place``): that table and
this list must agree. The guard's ``check`` is called with the two graphs' guard inputs, as the
engine calls it with the stack's state and the new program's.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from multi_region_api.components.front_door_guard import FIELD, GUARD_TYPE, guard_provider

from tests.matrix.combinations import (
    EXTRA_BUILDS,
    POLICIES,
    Build,
    Combination,
    built,
    variant,
)
from tests.unit.components.support import Graph, Registered, plain

README = Path(__file__).resolve().parents[2] / "docs" / "deploying.md"
IN_PLACE, REFUSED = "in place", "refused"


def combo(door: str = "rest", policy: str = "latency", regions: int = 2, switch: bool = False):
    return Combination("us", door, policy, regions, switch)


def builds(before: Build, after: Build) -> tuple[Build, Build]:
    EXTRA_BUILDS.extend(b for b in (before, after) if b.overrides)
    return before, after


def both_ways(label: str, a: Build, b: Build, how: str) -> list[tuple[str, str, Build, Build]]:
    return [(label, how, *builds(a, b)), (label, how, *builds(b, a))]


REST, HTTP, ALB, ACCELERATED = combo(), combo("http"), combo("alb"), combo("alb+accelerator")
TOGGLES: list[tuple[str, str, Build, Build]] = [
    *both_ways("`frontDoor` between `rest` and `http`", Build(REST), Build(HTTP), REFUSED),
    *both_ways("`frontDoor` to or from `alb`", Build(REST), Build(ALB), IN_PLACE),
    *both_ways("`frontDoor` to or from `alb`", Build(HTTP), Build(ALB), IN_PLACE),
    *both_ways("`globalAccelerator`", Build(ALB), Build(ACCELERATED), IN_PLACE),
    *both_ways(
        "`globalAccelerator`",
        Build(combo("alb", "weighted", 3)),
        Build(combo("alb+accelerator", "weighted", 3)),
        IN_PLACE,
    ),
    *(
        toggle
        for door in ("rest", "http", "alb")
        for i, old in enumerate(POLICIES)
        for new in POLICIES[i + 1 :]
        for toggle in both_ways(
            "`routing` (any policy, weights, locations, primary)",
            Build(combo(door, old)),
            Build(combo(door, new)),
            IN_PLACE,
        )
    ),
    *(
        toggle
        for door in ("rest", "http", "alb")
        for policy in POLICIES
        for toggle in both_ways(
            "`regionSwitch`",
            Build(combo(door, policy)),
            Build(combo(door, policy, switch=True)),
            IN_PLACE,
        )
    ),
    *(
        toggle
        for door in ("rest", "http", "alb", "alb+accelerator")
        for policy in POLICIES
        if door != "alb+accelerator" or policy in ("latency", "weighted")
        for toggle in both_ways(
            "`regions` (adding or removing one)",
            Build(combo(door, policy, 2)),
            Build(combo(door, policy, 3)),
            IN_PLACE,
        )
    ),
    *(
        toggle
        for door in ("rest", "http", "alb")
        for toggle in both_ways(
            "`basePath`", Build(combo(door)), variant(combo(door), base_path="v2"), IN_PLACE
        )
    ),
    *(
        toggle
        for door in ("rest", "alb+accelerator")
        for toggle in both_ways(
            "`healthCheck`",
            Build(combo(door)),
            variant(
                combo(door),
                health_check={
                    "interval_seconds": 10,
                    "failure_threshold": 2,
                    "regions": ["us-west-1", "eu-west-1", "ap-southeast-2"],
                    "deep_ping_percent": 50,
                },
            ),
            IN_PLACE,
        )
    ),
    *both_ways(
        "`albNetworks`",
        Build(ALB),
        variant(
            ALB,
            alb_networks={
                "us-west-2": {
                    "vpc_id": "vpc-0123456789abcdef0",
                    "subnet_ids": ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"],
                }
            },
        ),
        IN_PLACE,
    ),
    *both_ways(
        "`forceFailRegions`, `logRetentionDays`, `tags`, `alarmEmail`",
        Build(REST),
        variant(
            REST,
            force_fail_regions=["us-west-2"],
            log_retention_days=30,
            tags={"team": "orders"},
            alarm_email="ops@example.com",
        ),
        IN_PLACE,
    ),
    *both_ways(
        "`manageApiGatewayAccount`",
        Build(REST),
        variant(REST, manage_api_gateway_account=False),
        IN_PLACE,
    ),
]


@dataclass(frozen=True)
class Identity:
    """What AWS keeps unique, and what else it refuses next to it."""

    namespace: tuple[str, ...]
    key: str | None = None
    """Route 53: the set identifier (``None``: a simple record, which excludes every other)."""

    def collides(self, other: Identity) -> bool:
        if self.namespace != other.namespace:
            return False
        return self.key is None or other.key is None or self.key == other.key


def identities(graph: Graph) -> Iterator[tuple[Registered, Identity]]:
    regions = graph.aws_providers()
    for resource in graph.resources:
        state: dict[str, Any] = plain(resource.state)
        region = regions.get(resource.provider_urn, "")
        match resource.type:
            case "aws:route53/record:Record":
                name = state["name"].rstrip(".").lower()
                yield (
                    resource,
                    Identity(
                        ("route53", state["zoneId"], name, state["type"]),
                        state.get("setIdentifier"),
                    ),
                )
            # One namespace for REST (v1) and HTTP (v2) custom domains, and for their mappings.
            case "aws:apigateway/domainName:DomainName" | "aws:apigatewayv2/domainName:DomainName":
                yield resource, Identity(("apigateway-domain", region, state["domainName"]))
            case "aws:apigateway/basePathMapping:BasePathMapping":
                key = state.get("basePath") or ""
                yield resource, Identity(("apigateway-mapping", region, state["domainName"], key))
            case "aws:apigatewayv2/apiMapping:ApiMapping":
                key = state.get("apiMappingKey") or ""
                yield resource, Identity(("apigateway-mapping", region, state["domainName"], key))
            case "aws:lb/loadBalancer:LoadBalancer":
                yield resource, Identity(("elb-load-balancer", region, state["name"]))
            case "aws:lb/targetGroup:TargetGroup":
                yield resource, Identity(("elb-target-group", region, state["name"]))
            case "aws:arcregionswitch/plan:Plan":
                yield resource, Identity(("arc-plan", state["name"]))
            case "aws:cloudwatch/dashboard:Dashboard":
                yield resource, Identity(("dashboard", region, state["dashboardName"]))
            # Accelerator names need not be unique; autonamed resources get a new random suffix.


def guard_refusals(before: Graph, after: Graph) -> list[tuple[str, str]]:
    """(property, reason) of each failure of the guard's ``check`` for this update."""
    (old,) = before.of_type(GUARD_TYPE)
    (new,) = after.of_type(GUARD_TYPE)
    result = guard_provider().check(old.plain_inputs, new.plain_inputs)
    return [(f.property, f.reason) for f in result.failures]


def collisions(before: Graph, after: Graph) -> list[tuple[str, str]]:
    """(created, deleted) logical names whose identities clash."""
    created = after.urns() - before.urns()
    deleted = before.urns() - after.urns()
    new = [(r, i) for r, i in identities(after) if r.urn in created]
    old = [(r, i) for r, i in identities(before) if r.urn in deleted]
    return sorted({(n.name, o.name) for n, ni in new for o, oi in old if ni.collides(oi)})


@pytest.mark.parametrize(
    ("label", "how", "before", "after"),
    TOGGLES,
    ids=[
        f"{b.combination.id}{dict(b.overrides)}->{a.combination.id}{dict(a.overrides)}"
        for _, _, b, a in TOGGLES
    ],
)
def test_a_switch_claims_no_identity_that_the_same_update_still_holds(
    label: str, how: str, before: Build, after: Build
) -> None:
    old, new = built(before), built(after)
    clashes, refusals = collisions(old, new), guard_refusals(old, new)
    if how == IN_PLACE:
        assert clashes == [], f"{label}: created while the old still exists: {clashes}"
        assert refusals == [], f"{label}: the front door guard refuses a safe switch"
    else:
        assert clashes, f"{label} no longer collides: make it in place (README and TOGGLES)"
        assert [p for p, _ in refusals] == [FIELD], f"{label}: the guard lets it through"
        assert "Go through 'alb' in two updates" in refusals[0][1]


def test_the_two_step_goes_through_switches_that_are_in_place() -> None:
    """``rest`` -> ``alb`` -> ``http`` (and back): each ``up`` of the documented two-step, which
    the guard lets through."""
    for before, after in ((REST, ALB), (ALB, HTTP), (HTTP, ALB), (ALB, REST)):
        old, new = built(Build(before)), built(Build(after))
        assert collisions(old, new) == []
        assert guard_refusals(old, new) == []


def readme_table() -> dict[str, str]:
    text = README.read_text()
    section = text[text.index("## Changing options on a live stack") :]
    section = section.split("\n#", 1)[0]
    rows: dict[str, str] = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[1] in (IN_PLACE, REFUSED):
            rows[cells[0]] = cells[1]
    return rows


def test_the_readme_table_says_what_the_switches_do() -> None:
    pinned = {label: how for label, how, _, _ in TOGGLES}
    assert {k: v for k, v in readme_table().items() if k in pinned} == pinned


def test_a_deployed_accelerator_stack_keeps_its_shared_records() -> None:
    """Before the records took the shared name's identity they were ``<name>-accelerator-<type>``:
    the alias keeps those URNs, so upgrading such a stack changes no record."""
    for combination in (ACCELERATED, combo("alb+accelerator", "weighted", 3)):
        records = {
            r.name: r.alias_names
            for r in built(Build(combination)).of_type("aws:route53/record:Record")
            if r.name.startswith("api-shared-")
        }
        assert records == {
            "api-shared-a": ("api-accelerator-a",),
            "api-shared-aaaa": ("api-accelerator-aaaa",),
        }
