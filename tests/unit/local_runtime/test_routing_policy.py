"""The local router's policies answer like the component's Route 53 records would."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import pytest
from multi_region_api.components import resolve_args
from multi_region_api.local_runtime.routing_policy import (
    FailoverPolicy,
    GeolocationPolicy,
    LatencyPolicy,
    WeightedPolicy,
    parse_client_location,
    policy_for,
)

E1, W2, EU = "us-east-1", "us-west-2", "eu-west-1"
ALL = (E1, W2, EU)


def up(*regions: str) -> Callable[[str], bool]:
    return lambda region: region in regions


def test_latency_is_the_first_healthy_in_preference_and_fails_open() -> None:
    policy = LatencyPolicy(ALL)
    assert policy.choose(up(*ALL)) == E1
    assert policy.choose(up(W2, EU)) == W2
    assert policy.choose(up()) == E1


def test_failover_is_the_primary_then_the_others_by_preference() -> None:
    policy = FailoverPolicy(W2, ALL)
    assert policy.choose(up(*ALL)) == W2
    assert policy.choose(up(E1, EU)) == E1
    assert policy.choose(up(EU)) == EU
    assert policy.choose(up()) == W2  # fail open: Route 53 answers with the primary


def test_weighted_shares_follow_the_weights_and_are_repeatable() -> None:
    weights = {E1: 1, W2: 3, EU: 0}
    policy = WeightedPolicy(weights, seed=7)
    draws = [policy.choose(up(*ALL)) for _ in range(4000)]
    counts = Counter(draws)
    assert counts[EU] == 0  # drained
    assert 0.70 < counts[W2] / 4000 < 0.80
    again = WeightedPolicy(weights, seed=7)
    assert [again.choose(up(*ALL)) for _ in range(4000)] == draws


def test_weighted_moves_a_failed_regions_share_and_uses_drained_regions_last() -> None:
    policy = WeightedPolicy({E1: 1, W2: 3, EU: 0}, seed=1)
    assert {policy.choose(up(E1, EU)) for _ in range(200)} == {E1}
    assert {policy.choose(up(EU)) for _ in range(50)} == {EU}  # only the drained one is healthy
    assert {policy.choose(up()) for _ in range(200)} == {E1, W2}  # fail open, by weight


def test_geolocation_matches_most_specific_first_and_falls_through_to_the_default() -> None:
    policy = GeolocationPolicy({W2: ("NA",), EU: ("DE",)}, default_region=E1, preference=ALL)
    assert policy.choose(up(*ALL), ("DE", "EU")) == EU
    assert policy.choose(up(*ALL), ("US", "NA")) == W2
    assert policy.choose(up(*ALL), ("FR", "EU")) == E1  # no record: the * default
    assert policy.choose(up(*ALL)) == E1
    assert policy.choose(up(E1, W2), ("DE", "EU")) == E1  # unhealthy -> default
    assert policy.choose(up(W2, EU), ()) == W2  # default unhealthy -> fallback order
    assert policy.choose(up(), ("DE",)) == EU  # fail open


def test_client_location_parsing() -> None:
    assert parse_client_location(" de, EU ,") == ("DE", "EU")
    assert parse_client_location("") == ()
    assert parse_client_location(None) == ()


@pytest.mark.parametrize(
    ("routing", "kind"),
    [
        (None, LatencyPolicy),
        ({"policy": "failover", "primary_region": "us-west-2"}, FailoverPolicy),
        ({"policy": "weighted"}, WeightedPolicy),
        ({"policy": "geolocation", "locations": {"us-west-2": ["EU"]}}, GeolocationPolicy),
    ],
)
def test_policy_for_the_stack(routing, kind) -> None:
    args = {"regions": [E1, W2], "domain_name": "api.example.com", "hosted_zone_id": "Z0123456789A"}
    if routing:
        args["routing"] = routing
    policy = policy_for(resolve_args(args), (E1, W2))  # type: ignore[arg-type]
    assert isinstance(policy, kind)
    assert policy.name == (routing or {"policy": "latency"})["policy"]
