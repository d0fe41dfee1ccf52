"""``routing``: defaults per policy, and every bad value rejected naming its field."""

from __future__ import annotations

import re
from typing import Any

import pytest
from multi_region_api.components import ArgsError, resolve_args
from multi_region_api.components.geo_locations import CONTINENTS, COUNTRIES, is_location
from multi_region_api.components.stack_config import StackConfigError, args_from_config

from tests.unit.components.support import stack_args

W = "routing.weights"
L = "routing.locations"
E1, W2, E2 = "us-east-1", "us-west-2", "eu-west-1"


def weighted(**weights: Any) -> dict[str, Any]:
    return {"policy": "weighted", "weights": {k.replace("_", "-"): v for k, v in weights.items()}}


def geo(locations: dict[str, Any]) -> dict[str, Any]:
    return {"policy": "geolocation", "locations": locations}


INVALID: list[tuple[str, Any]] = [
    ("routing", "weighted"),
    ("routing.policy", {"policy": "round-robin"}),
    ("routing.colour", {"policy": "latency", "colour": "blue"}),
    ("routing.primary_region", {"primary_region": "us-east-1"}),  # latency has no primary
    ("routing.weights", {"policy": "failover", "weights": {"us-east-1": 1}}),
    ("routing.primary_region", {"policy": "failover", "primary_region": "eu-west-1"}),
    ("routing.weights", {"policy": "weighted", "weights": {"us-east-1": 0, "us-west-2": 0}}),
    ("routing.weights", {"policy": "weighted", "weights": ["us-east-1"]}),
    (f"{W}.{W2}", weighted(us_east_1=5)),
    (f"{W}.{W2}", weighted(us_east_1=1, us_west_2=256)),
    (f"{W}.{W2}", weighted(us_east_1=1, us_west_2=-1)),
    (f"{W}.{W2}", weighted(us_east_1=1, us_west_2=True)),
    (f"{W}.{E2}", weighted(us_east_1=1, us_west_2=1, eu_west_1=1)),
    (f"{L}.{W2}", geo({W2: ["Europe"]})),
    (f"{L}.{W2}", geo({W2: ["*"]})),
    (f"{L}.{W2}", geo({W2: "EU"})),
    (f"{L}.{W2}", geo({E1: ["EU"], W2: ["EU"]})),
    (f"{L}.{E2}", geo({E2: ["EU"]})),
    ("routing.default_region", {"policy": "geolocation", "default_region": "eu-west-1"}),
]  # fmt: skip


@pytest.mark.parametrize(("field", "routing"), INVALID, ids=[f for f, _ in INVALID])
def test_invalid_routing_names_its_field(field: str, routing: Any) -> None:
    with pytest.raises(ArgsError, match=rf"^MultiRegionApiArgs\.{re.escape(field)}: ") as error:
        resolve_args({**stack_args("us"), "routing": routing})
    assert error.value.field == field


def test_defaults() -> None:
    assert resolve_args(stack_args("us")).routing.policy == "latency"
    args = stack_args("us")
    failover = resolve_args({**args, "routing": {"policy": "failover"}}).routing
    assert failover.primary_region == "us-east-1"
    weighted = resolve_args({**args, "routing": {"policy": "weighted"}}).routing
    assert weighted.weights == {"us-east-1": 1, "us-west-2": 1}
    geo = resolve_args({**args, "routing": {"policy": "geolocation"}}).routing
    assert (geo.default_region, geo.locations) == ("us-east-1", {})


def test_one_drained_region_is_allowed() -> None:
    routing = {"policy": "weighted", "weights": {"us-east-1": 0, "us-west-2": 255}}
    settings = resolve_args({**stack_args("us"), "routing": routing})  # type: ignore[typeddict-item]
    assert settings.routing.weights == {"us-east-1": 0, "us-west-2": 255}


def test_stack_config_keys_are_camel_case() -> None:
    args = args_from_config(
        {"routing": {"policy": "geolocation", "defaultRegion": "us-west-2", "locations": {}}}
    )
    assert args["routing"] == {
        "policy": "geolocation",
        "default_region": "us-west-2",
        "locations": {},
    }
    with pytest.raises(StackConfigError, match=r"multi-region-api:routing\.primary_region"):
        args_from_config({"routing": {"primary_region": "us-east-1"}})


def test_location_codes_follow_route53() -> None:
    assert CONTINENTS == ("AF", "AN", "AS", "EU", "NA", "OC", "SA")
    assert len(COUNTRIES) == 249  # ISO 3166-1 alpha-2 (UA included)
    assert all(is_location(c) for c in ("EU", "UA", "DE", "JP", "US"))
    assert not any(is_location(c) for c in ("*", "UK", "EUR", "us", "", None))
