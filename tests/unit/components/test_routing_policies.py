"""Records of each routing policy, what a change of weights or locations does to them, and why a
switch of policy never collides with or orphans the previous policy's records.

Pulumi mocks cannot diff, so replace-vs-update is proven on the registered inputs: a record whose
URN, ``name`` and ``zoneId`` stay is updated in place (pulumi-aws forces a new record only on those
two), and a record whose URN disappears from the program is deleted after the new ones exist.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

import pytest

from tests.unit.components.support import API_GATEWAY_ZONE_IDS, Graph, Registered

RECORD = "aws:route53/record:Record"
DOMAIN = "api.us.example.com"
ZONE = "Z0123456789EXAMPLE"
THREE = ["us-east-1", "us-west-2", "eu-west-1"]
POLICY_KEYS = (
    "latencyRoutingPolicies",
    "failoverRoutingPolicies",
    "weightedRoutingPolicies",
    "geolocationRoutingPolicies",
)


def routed(graph: Graph) -> dict[str, Registered]:
    """Every record with a set identifier (the policy's records), by resource name."""
    return {r.name: r for r in graph.of_type(RECORD) if "setIdentifier" in r.plain_inputs}


def shared(graph: Graph, record_type: str = "a") -> Registered:
    return graph.named(f"api-shared-{record_type}")


def check_id(graph: Graph, region: str) -> str:
    return graph.named(f"api-{region}-health-check").state_id


def alias_of_region(graph: Graph, region: str) -> dict[str, Any]:
    return {
        "name": graph.named(f"api-{region}-domain").state["regionalDomainName"],
        "zoneId": API_GATEWAY_ZONE_IDS[region],
        "evaluateTargetHealth": True,
    }


def policy_kind(record: Registered) -> str:
    (kind,) = [k for k in POLICY_KEYS if k in record.plain_inputs]
    return kind


@pytest.fixture
def with_routing(stack_args_with: Callable[..., Graph]) -> Callable[..., Graph]:
    def build(routing: dict[str, Any] | None, regions: list[str] | None = None) -> Graph:
        overrides: dict[str, Any] = {"regions": regions} if regions else {}
        if routing is not None:
            overrides["routing"] = routing
        return stack_args_with(**overrides)

    return build


def test_the_shared_name_aliases_the_policy_name_after_its_records_exist(with_routing) -> None:
    for policy in ("latency", "failover", "weighted", "geolocation"):
        graph = with_routing({"policy": policy})
        for record_type in ("a", "aaaa"):
            alias = shared(graph, record_type)
            inputs = alias.plain_inputs
            assert inputs["name"] == DOMAIN
            assert inputs["type"] == record_type.upper()
            assert inputs["aliases"] == [
                {"name": f"{policy}.{DOMAIN}", "zoneId": ZONE, "evaluateTargetHealth": True}
            ]
            assert "setIdentifier" not in inputs
            targets = {
                r.urn
                for r in routed(graph).values()
                if r.plain_inputs["name"] == f"{policy}.{DOMAIN}"
                and r.plain_inputs["type"] == record_type.upper()
            }
            assert targets
            assert targets <= set(alias.dependencies), policy


def test_failover_with_two_regions_is_primary_and_secondary(with_routing) -> None:
    graph = with_routing({"policy": "failover", "primary_region": "us-west-2"})
    records = routed(graph)
    assert sorted(records) == [
        "api-failover-primary-a",
        "api-failover-primary-aaaa",
        "api-failover-secondary-a",
        "api-failover-secondary-aaaa",
    ]
    for region, role in (("us-west-2", "PRIMARY"), ("us-east-1", "SECONDARY")):
        inputs = records[f"api-failover-{role.lower()}-a"].plain_inputs
        assert inputs["name"] == f"failover.{DOMAIN}"
        assert inputs["setIdentifier"] == f"{region}/{role.lower()}"
        assert inputs["failoverRoutingPolicies"] == [{"type": role}]
        assert inputs["healthCheckId"] == check_id(graph, region)
        assert inputs["aliases"] == [alias_of_region(graph, region)]


def test_failover_primary_defaults_to_the_home_region(with_routing) -> None:
    records = routed(with_routing({"policy": "failover"}))
    assert records["api-failover-primary-a"].plain_inputs["setIdentifier"] == "us-east-1/primary"


def test_failover_with_three_regions_sends_the_secondary_to_a_latency_set(with_routing) -> None:
    graph = with_routing({"policy": "failover"}, regions=THREE)
    records = routed(graph)
    primary = records["api-failover-primary-a"].plain_inputs
    assert primary["failoverRoutingPolicies"] == [{"type": "PRIMARY"}]
    assert primary["setIdentifier"] == "us-east-1/primary"
    secondary = records["api-failover-secondary-a"]
    assert secondary.plain_inputs["failoverRoutingPolicies"] == [{"type": "SECONDARY"}]
    assert secondary.plain_inputs["aliases"] == [
        {"name": f"secondary.failover.{DOMAIN}", "zoneId": ZONE, "evaluateTargetHealth": True}
    ]
    latency = {
        n: r
        for n, r in records.items()
        if n.endswith("-failover-secondary-a") and n != secondary.name
    }
    assert sorted(latency) == [
        "api-eu-west-1-failover-secondary-a",
        "api-us-west-2-failover-secondary-a",
    ]
    for region in ("eu-west-1", "us-west-2"):
        inputs = latency[f"api-{region}-failover-secondary-a"].plain_inputs
        assert inputs["name"] == f"secondary.failover.{DOMAIN}"
        assert inputs["latencyRoutingPolicies"] == [{"region": region}]
        assert inputs["setIdentifier"] == region
        assert inputs["healthCheckId"] == check_id(graph, region)
    # The SECONDARY alias is created only once the latency set it points at exists.
    assert {r.urn for r in latency.values()} <= set(secondary.dependencies)
    # Route 53 takes exactly one PRIMARY and one SECONDARY per name and type.
    roles = [
        r.plain_inputs["failoverRoutingPolicies"][0]["type"]
        for r in records.values()
        if r.plain_inputs["type"] == "A" and "failoverRoutingPolicies" in r.plain_inputs
    ]
    assert sorted(roles) == ["PRIMARY", "SECONDARY"]


def test_weighted_records_carry_the_weights_and_drained_regions_keep_their_check(
    with_routing,
) -> None:
    graph = with_routing({"policy": "weighted", "weights": {"us-east-1": 0, "us-west-2": 200}})
    records = routed(graph)
    for region, weight in (("us-east-1", 0), ("us-west-2", 200)):
        for record_type in ("a", "aaaa"):
            inputs = records[f"api-{region}-weighted-{record_type}"].plain_inputs
            assert inputs["name"] == f"weighted.{DOMAIN}"
            assert inputs["setIdentifier"] == region
            assert inputs["weightedRoutingPolicies"] == [{"weight": weight}]
            assert inputs["healthCheckId"] == check_id(graph, region)


def test_weights_default_to_equal(with_routing) -> None:
    records = routed(with_routing({"policy": "weighted"}))
    weights = {r.plain_inputs["weightedRoutingPolicies"][0]["weight"] for r in records.values()}
    assert weights == {1}


def test_geolocation_has_a_record_per_location_and_a_default(with_routing) -> None:
    graph = with_routing(
        {
            "policy": "geolocation",
            "locations": {"us-east-1": ["NA", "SA"], "us-west-2": ["OC", "JP"]},
            "default_region": "us-west-2",
        }
    )
    records = {
        n: r.plain_inputs
        for n, r in routed(graph).items()
        if n.endswith("-a") and r.plain_inputs["name"] == f"geolocation.{DOMAIN}"
    }
    expected = {
        "api-geolocation-na-a": ("us-east-1", {"continent": "NA"}),
        "api-geolocation-sa-a": ("us-east-1", {"continent": "SA"}),
        "api-geolocation-oc-a": ("us-west-2", {"continent": "OC"}),
        "api-geolocation-jp-a": ("us-west-2", {"country": "JP"}),
    }
    assert sorted(records) == sorted([*expected, "api-geolocation-default-a"])
    for name, (region, location) in expected.items():
        inputs = records[name]
        assert inputs["geolocationRoutingPolicies"] == [location]
        assert inputs["setIdentifier"] == f"{region}/{name.split('-')[2].upper()}"
        assert inputs["healthCheckId"] == check_id(graph, region)
        assert inputs["aliases"] == [alias_of_region(graph, region)]
    identifiers = [r["setIdentifier"] for r in records.values()]
    assert len(set(identifiers)) == len(identifiers)


def test_the_geolocation_default_fails_over_from_the_default_region(with_routing) -> None:
    """``*`` -> fallback.geolocation.<domain>: PRIMARY the default region, SECONDARY the rest."""
    graph = with_routing({"policy": "geolocation", "default_region": "us-west-2"}, regions=THREE)
    records = routed(graph)
    default = records["api-geolocation-default-a"]
    fallback = f"fallback.geolocation.{DOMAIN}"
    assert default.plain_inputs["geolocationRoutingPolicies"] == [{"country": "*"}]
    assert default.plain_inputs["setIdentifier"] == "us-west-2/*"
    assert default.plain_inputs["aliases"] == [
        {"name": fallback, "zoneId": ZONE, "evaluateTargetHealth": True}
    ]
    primary = records["api-geolocation-fallback-primary-a"].plain_inputs
    assert primary["name"] == fallback
    assert primary["failoverRoutingPolicies"] == [{"type": "PRIMARY"}]
    assert primary["healthCheckId"] == check_id(graph, "us-west-2")
    secondary = records["api-geolocation-fallback-secondary-a"]
    assert secondary.plain_inputs["aliases"][0]["name"] == f"secondary.{fallback}"
    for region in ("eu-west-1", "us-east-1"):
        inputs = records[f"api-{region}-geolocation-fallback-secondary-a"].plain_inputs
        assert inputs["name"] == f"secondary.{fallback}"
        assert inputs["healthCheckId"] == check_id(graph, region)
    assert {records["api-geolocation-fallback-primary-a"].urn, secondary.urn} <= set(
        default.dependencies
    )


def test_geolocation_without_locations_still_answers_everyone(with_routing) -> None:
    records = routed(with_routing({"policy": "geolocation"}))
    located = [r for r in records.values() if "geolocationRoutingPolicies" in r.plain_inputs]
    assert sorted(r.name for r in located) == [
        "api-geolocation-default-a",
        "api-geolocation-default-aaaa",
    ]
    assert located[0].plain_inputs["setIdentifier"] == "us-east-1/*"


def _stays_and_updates(before: Graph, after: Graph) -> dict[str, set[str]]:
    """Per routed record URN in both graphs: the input keys whose values changed."""
    old, new = routed(before), routed(after)
    assert set(old) == set(new), "a record was added or removed"
    changed: dict[str, set[str]] = {}
    for name, record in old.items():
        a, b = record.plain_inputs, new[name].plain_inputs
        assert new[name].urn == record.urn
        assert (a["name"], a["zoneId"]) == (b["name"], b["zoneId"]), "would replace"
        changed[name] = {k for k in a.keys() | b.keys() if a.get(k) != b.get(k)}
    return changed


def test_changing_weights_updates_in_place(with_routing) -> None:
    before = with_routing({"policy": "weighted", "weights": {"us-east-1": 1, "us-west-2": 1}})
    after = with_routing({"policy": "weighted", "weights": {"us-east-1": 0, "us-west-2": 9}})
    changed = _stays_and_updates(before, after)
    assert set().union(*changed.values()) == {"weightedRoutingPolicies"}
    assert shared(before).plain_inputs == shared(after).plain_inputs


def test_moving_a_location_updates_that_locations_record_in_place(with_routing) -> None:
    before = with_routing(
        {"policy": "geolocation", "locations": {"us-east-1": ["NA", "EU"], "us-west-2": ["AS"]}}
    )
    after = with_routing(
        {"policy": "geolocation", "locations": {"us-east-1": ["NA"], "us-west-2": ["AS", "EU"]}}
    )
    changed = _stays_and_updates(before, after)
    assert changed["api-geolocation-eu-a"] == {"setIdentifier", "aliases", "healthCheckId"}
    assert changed["api-geolocation-na-a"] == set()
    assert changed["api-geolocation-as-a"] == set()


def test_changing_the_failover_primary_updates_both_roles_in_place(with_routing) -> None:
    """Two regions swap roles: the PRIMARY and SECONDARY records stay (keyed by role) and change
    target, check and identifier; identifiers carry the role, so the two never coincide."""
    before = with_routing({"policy": "failover", "primary_region": "us-east-1"})
    after = with_routing({"policy": "failover", "primary_region": "us-west-2"})
    changed = _stays_and_updates(before, after)
    assert set().union(*changed.values()) == {"setIdentifier", "aliases", "healthCheckId"}
    old, new = routed(before), routed(after)
    for role in ("primary", "secondary"):
        # Mid-switch one record is updated and the other not yet: identifiers still differ.
        other = "secondary" if role == "primary" else "primary"
        mixed = {
            new[f"api-failover-{role}-a"].plain_inputs["setIdentifier"],
            old[f"api-failover-{other}-a"].plain_inputs["setIdentifier"],
        }
        assert len(mixed) == 2


def test_a_new_primary_among_three_regions_never_makes_a_second_primary(with_routing) -> None:
    before = with_routing({"policy": "failover", "primary_region": "us-east-1"}, regions=THREE)
    after = with_routing({"policy": "failover", "primary_region": "us-west-2"}, regions=THREE)
    old, new = routed(before), routed(after)
    assert old["api-failover-primary-a"].urn == new["api-failover-primary-a"].urn
    union = {**old, **new}  # what exists mid-update: old records not yet deleted, new ones made
    primaries = [
        r
        for r in union.values()
        if r.plain_inputs.get("failoverRoutingPolicies") == [{"type": "PRIMARY"}]
        and r.plain_inputs["type"] == "A"
    ]
    assert len(primaries) == 1
    latency_set = {n for n in new if n.endswith("-failover-secondary-a") and n.count("-") > 4}
    assert latency_set == {
        "api-eu-west-1-failover-secondary-a",
        "api-us-east-1-failover-secondary-a",
    }


def _by_name_and_type(records: list[Registered]) -> dict[tuple[str, str], set[str]]:
    kinds: dict[tuple[str, str], set[str]] = defaultdict(set)
    for record in records:
        kinds[(record.plain_inputs["name"], record.plain_inputs["type"])].add(policy_kind(record))
    return kinds


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("latency", "weighted"),
        ("weighted", "failover"),
        ("failover", "geolocation"),
        ("geolocation", "latency"),
    ],
)
def test_switching_policy_never_collides_and_leaves_no_orphan(with_routing, old, new) -> None:
    """During the switch both policies' records exist (Pulumi deletes the old ones last): they must
    live under different names. Afterwards none of the old records is in the program (Pulumi
    deletes them) and the shared alias, the same resource, points at the new name."""
    before = with_routing({"policy": old}, regions=THREE)
    after = with_routing({"policy": new}, regions=THREE)
    old_records, new_records = routed(before), routed(after)

    # No collision: while both sets exist, no name and type mixes two policies.
    union = list(old_records.values()) + [r for n, r in new_records.items() if n not in old_records]
    for key, kinds in _by_name_and_type(union).items():
        assert len(kinds) == 1, (key, kinds)
    # No orphan: every old record is gone from the program, so Pulumi deletes it.
    assert not set(old_records) & set(new_records)
    # The shared alias is updated in place, after the new records exist.
    assert shared(before).urn == shared(after).urn
    assert shared(after).plain_inputs["aliases"][0]["name"] == f"{new}.{DOMAIN}"
    assert {
        r.urn for r in new_records.values() if r.plain_inputs["name"] == f"{new}.{DOMAIN}"
    } & set(shared(after).dependencies)


def test_set_identifiers_name_the_region_in_every_policy(with_routing) -> None:
    for policy in ("latency", "weighted"):
        for name, record in routed(with_routing({"policy": policy})).items():
            region = name.removeprefix("api-").rsplit(f"-{policy}", 1)[0]
            assert record.plain_inputs["setIdentifier"] == region
    for name, record in routed(with_routing({"policy": "failover"})).items():
        role = name.removeprefix("api-failover-").rsplit("-", 1)[0]
        assert record.plain_inputs["setIdentifier"].endswith(f"/{role}")
        assert record.plain_inputs["setIdentifier"].split("/")[0] in ("us-east-1", "us-west-2")
