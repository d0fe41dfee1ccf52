"""Every invalid argument fails eagerly, before any resource exists, naming its field."""

from __future__ import annotations

import re
from typing import Any

import pytest
from multi_region_api.components import ArgsError, resolve_args

from tests.unit.components.support import build_graph, stack_args

INVALID: list[tuple[str, dict[str, Any]]] = [
    ("regions", {"regions": ["us-east-1"]}),
    ("regions", {"regions": ["us-east-1", "us-west-2", "us-east-1"]}),
    ("regions", {"regions": ["us-east-1", "US_WEST_2"]}),
    ("regions", {"regions": "us-east-1,us-west-2"}),
    ("home_region", {"home_region": "eu-west-1"}),
    ("domain_name", {"domain_name": "https://api.example.com"}),
    ("domain_name", {"domain_name": "localhost"}),
    ("hosted_zone_id", {"hosted_zone_id": "zone-1"}),
    ("base_path", {"base_path": "/v1"}),
    ("base_path", {"base_path": "v1/beta"}),
    ("health_check.interval_seconds", {"health_check": {"interval_seconds": 20}}),
    ("health_check.failure_threshold", {"health_check": {"failure_threshold": 0}}),
    ("health_check.failure_threshold", {"health_check": {"failure_threshold": 11}}),
    ("health_check.regions", {"health_check": {"regions": ["us-east-1", "eu-west-1"]}}),
    ("health_check.regions", {"health_check": {"regions": ["us-east-1", "eu-west-1", "xx"]}}),
    ("force_fail_regions", {"force_fail_regions": ["eu-west-1"]}),
    ("alarm_email", {"alarm_email": "not-an-email"}),
    ("log_retention_days", {"log_retention_days": 10}),
    ("tags", {"tags": {"team": 1}}),
    ("manage_api_gateway_account", {"manage_api_gateway_account": "yes"}),
    ("colour", {"colour": "blue"}),
]


@pytest.mark.parametrize(("field", "override"), INVALID, ids=[f for f, _ in INVALID])
def test_invalid_arg_names_its_field(field: str, override: dict[str, Any]) -> None:
    args = {**stack_args("us"), **override}
    with pytest.raises(ArgsError, match=f"^MultiRegionApiArgs\\.{re.escape(field)}: ") as error:
        resolve_args(args)  # type: ignore[arg-type]
    assert error.value.field == field


@pytest.mark.parametrize("missing", ["regions", "domain_name", "hosted_zone_id"])
def test_required_args(missing: str) -> None:
    args = {k: v for k, v in stack_args("us").items() if k != missing}
    with pytest.raises(ArgsError, match=f"MultiRegionApiArgs.{missing}: is required"):
        resolve_args(args)  # type: ignore[arg-type]


def test_the_component_validates_before_creating_anything() -> None:
    with pytest.raises(ArgsError, match=r"MultiRegionApiArgs\.home_region"):
        build_graph({**stack_args("us"), "home_region": "eu-west-1"})


def test_home_region_defaults_to_the_first_region() -> None:
    args = {k: v for k, v in stack_args("eu").items() if k != "home_region"}
    assert resolve_args(args).home_region == "eu-west-1"  # type: ignore[arg-type]


def test_a_misspelt_argument_names_the_closest_known_one() -> None:
    with pytest.raises(ArgsError, match=r"health_check\.interval_second: .*'interval_seconds'"):
        resolve_args({**stack_args("us"), "health_check": {"interval_second": 10}})  # type: ignore[typeddict-item]
    with pytest.raises(ArgsError, match=r"MultiRegionApiArgs\.domain: .*'domain_name'"):
        resolve_args({**stack_args("us"), "domain": "x"})  # type: ignore[typeddict-item]
