"""The failover-time model per routing policy: who notices a region's failure, and for how long."""

from __future__ import annotations

from typing import Any

from multi_region_api.components import resolve_args
from multi_region_api.components.estimates.failover import failover_estimate, region_impacts

BASE = {"domain_name": "api.example.com", "hosted_zone_id": "Z0123456789A"}
THREE = ["us-east-1", "us-west-2", "eu-west-1"]


def impacts(routing: dict[str, Any] | None = None, regions: list[str] = THREE) -> dict[str, Any]:
    args: dict[str, Any] = {**BASE, "regions": regions}
    if routing:
        args["routing"] = routing
    settings = resolve_args(args)  # type: ignore[arg-type]
    worst = failover_estimate(settings).worst_case_seconds
    assert worst == 150  # 3 x 30 s detection + 60 s alias TTL, whatever the policy
    return {i.region: (i.affected_share, i.worst_case_seconds) for i in region_impacts(settings)}


def test_latency_every_region_moves_its_own_clients() -> None:
    assert impacts() == {r: (None, 150) for r in THREE}


def test_failover_only_the_primary_moves_clients() -> None:
    assert impacts({"policy": "failover", "primary_region": "us-west-2"}) == {
        "us-east-1": (0.0, 0),
        "us-west-2": (1.0, 150),
        "eu-west-1": (0.0, 0),
    }


def test_weighted_a_region_holds_its_share_of_the_weights() -> None:
    weights = {"us-east-1": 1, "us-west-2": 3, "eu-west-1": 0}
    assert impacts({"policy": "weighted", "weights": weights}) == {
        "us-east-1": (0.25, 150),
        "us-west-2": (0.75, 150),
        "eu-west-1": (0.0, 0),
    }


def test_geolocation_only_regions_on_a_path_matter() -> None:
    routing = {"policy": "geolocation", "locations": {"eu-west-1": ["EU"]}}
    assert impacts(routing) == {
        "us-east-1": (None, 150),  # the default region: the * path fails over
        "us-west-2": (None, 0),  # neither listed nor default: no client is sent there
        "eu-west-1": (None, 150),  # EU clients fall through to the default
    }


def test_the_stack_output_names_the_policy() -> None:
    settings = resolve_args({**BASE, "regions": THREE, "routing": {"policy": "weighted"}})  # type: ignore[typeddict-item]
    assert failover_estimate(settings).as_output()["routingPolicy"] == "weighted"
