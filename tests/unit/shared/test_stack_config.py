"""The stack files on disk are the contract for both the stack program and the local runtime."""

from __future__ import annotations

import re
from enum import StrEnum
from pathlib import Path
from typing import Literal, NotRequired, TypedDict

import pulumi
import pytest
from multi_region_api.components.args import HealthCheckArgs, MultiRegionApiArgs, resolve_args
from multi_region_api.components.stack_config import (
    CONFIG_KEYS,
    StackConfigError,
    args_from_config,
    args_from_pulumi_config,
    camel_case,
    keys_of,
    load_stack_settings,
    read_stack_file,
    stack_file,
)

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize(
    ("stack", "regions", "home"),
    [
        ("us", ("us-east-1", "us-west-2"), "us-east-1"),
        ("eu", ("eu-west-1", "eu-central-1"), "eu-west-1"),
    ],
)
def test_stack_files_resolve_to_their_jurisdiction(
    stack: str, regions: tuple[str, ...], home: str
) -> None:
    settings = resolve_args(args_from_config(read_stack_file(stack_file(stack, ROOT))))
    assert settings.regions == regions
    assert settings.home_region == home
    assert settings.health_check.interval_seconds == 30
    assert settings.health_check.failure_threshold == 3
    assert len(settings.health_check.regions) >= 3


def test_eu_stack_keeps_data_in_eu_regions() -> None:
    settings = resolve_args(args_from_config(read_stack_file(stack_file("eu", ROOT))))
    assert all(region.startswith("eu-") for region in settings.regions)


def test_camel_case_keys_map_to_args_including_nested_health_check() -> None:
    args = args_from_config(
        {
            "regions": ["us-east-1", "us-west-2"],
            "domainName": "api.example.com",
            "hostedZoneId": "Z123",
            "healthCheck": {"intervalSeconds": 10, "deepPingPercent": 0},
            "forceFailRegions": ["us-west-2"],
            "alarmEmail": None,
        }
    )
    assert args == {
        "regions": ["us-east-1", "us-west-2"],
        "domain_name": "api.example.com",
        "hosted_zone_id": "Z123",
        "health_check": {"interval_seconds": 10, "deep_ping_percent": 0},
        "force_fail_regions": ["us-west-2"],
    }


@pytest.mark.parametrize(
    ("values", "named"),
    [
        ({"region": ["us-east-1"]}, "multi-region-api:region"),
        ({"healthCheck": {"interval": 10}}, "multi-region-api:healthCheck.interval"),
    ],
)
def test_unknown_keys_are_named(values: dict[str, object], named: str) -> None:
    with pytest.raises(StackConfigError, match=named):
        args_from_config(values)


def test_pulumi_reader_is_asked_for_every_key_with_its_kind() -> None:
    asked: dict[str, str] = {}

    def get(key: str, kind: str) -> None:
        asked[key] = kind

    args_from_pulumi_config(get)
    assert asked == {key: spec.kind for key, spec in CONFIG_KEYS.items()}
    assert asked["healthCheckSecret"] == "secret"
    assert asked["logRetentionDays"] == "int"
    assert asked["manageApiGatewayAccount"] == "bool"
    assert asked["domainName"] == "str"
    assert asked["healthCheck"] == asked["regions"] == asked["tags"] == "object"


def test_the_key_table_is_every_args_field_in_camel_case() -> None:
    assert {spec.arg for spec in CONFIG_KEYS.values()} == set(MultiRegionApiArgs.__annotations__)
    assert all(key == camel_case(spec.arg) for key, spec in CONFIG_KEYS.items())
    nested = CONFIG_KEYS["healthCheck"].fields
    assert nested is not None
    assert {spec.arg for spec in nested.values()} == set(HealthCheckArgs.__annotations__)
    assert camel_case("manage_api_gateway_account") == "manageApiGatewayAccount"


@pytest.mark.parametrize(
    ("values", "named", "closest"),
    [
        ({"healthChek": {}}, "multi-region-api:healthChek", "healthCheck"),
        ({"domainname": "x"}, "multi-region-api:domainname", "domainName"),
        (
            {"healthCheck": {"intervalSecond": 10}},
            "multi-region-api:healthCheck.intervalSecond",
            "intervalSeconds",
        ),
    ],
)
def test_unknown_keys_name_the_closest_known_one(
    values: dict[str, object], named: str, closest: str
) -> None:
    with pytest.raises(StackConfigError, match=rf"{re.escape(named)} \(did you mean '{closest}'"):
        args_from_config(values)


def test_the_stack_program_rejects_unknown_configured_keys() -> None:
    configured = {"aws:region", "multi-region-api:domainName", "multi-region-api:healthChek"}
    with pytest.raises(StackConfigError, match=r"healthChek \(did you mean 'healthCheck'"):
        args_from_pulumi_config(lambda key, kind: None, configured)
    # Other namespaces (aws:, pulumi:) are not ours to judge.
    assert args_from_pulumi_config(lambda key, kind: None, {"aws:regoin"}) == {}


def test_a_misspelt_key_in_a_stack_file_is_named_with_the_file(tmp_path: Path) -> None:
    path = tmp_path / "Pulumi.x.yaml"
    path.write_text(
        (ROOT / "Pulumi.us.yaml").read_text() + "  multi-region-api:alarmEmial: a@example.com\n"
    )
    with pytest.raises(StackConfigError, match=r"Pulumi\.x\.yaml: .*alarmEmial \(did you mean"):
        load_stack_settings("x", tmp_path)


def test_the_loader_resolves_and_names_missing_stacks(tmp_path: Path) -> None:
    loaded = load_stack_settings("us", ROOT)
    assert loaded.settings == resolve_args(loaded.args)
    assert loaded.path == ROOT / "Pulumi.us.yaml"
    (tmp_path / "Pulumi.a.b.yaml").write_text("config: {}\n")
    with pytest.raises(StackConfigError, match=r"no such stack 'c'.*\(stacks: a\.b\)"):
        load_stack_settings("c", tmp_path)


def test_encrypted_values_are_left_out(tmp_path: Path) -> None:
    path = tmp_path / "Pulumi.x.yaml"
    path.write_text(
        "config:\n"
        "  aws:region: us-east-1\n"
        "  multi-region-api:domainName: api.example.com\n"
        "  multi-region-api:healthCheckSecret:\n"
        "    secure: v1:abc\n"
    )
    assert read_stack_file(path) == {"domainName": "api.example.com"}


@pytest.mark.parametrize(
    ("text", "message"),
    [("config: [1, 2", "not valid YAML"), ("other: {}", "no 'config' mapping")],
)
def test_bad_stack_files_say_what_is_wrong(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "Pulumi.bad.yaml"
    path.write_text(text)
    with pytest.raises(StackConfigError, match=message):
        read_stack_file(path)


def test_missing_stack_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(StackConfigError, match=r"cannot read stack file .*Pulumi\.nope\.yaml"):
        read_stack_file(stack_file("nope", tmp_path))


class _Door(StrEnum):
    REST = "rest"


class _Policy(TypedDict):
    policy: NotRequired[Literal["latency", "weighted"]]
    primary_region: NotRequired[str]
    weights: NotRequired[dict[str, int]]


class _Future(TypedDict):
    """The shape the keys other engineers add will have: one field each, nothing else."""

    front_door: NotRequired[_Door]
    global_accelerator: NotRequired[bool]
    routing: NotRequired[_Policy]
    secret_thing: NotRequired[pulumi.Input[str]]


def test_a_new_field_is_a_new_key_with_its_kind_and_nested_keys() -> None:
    keys = keys_of(_Future)
    assert {k: v.kind for k, v in keys.items()} == {
        "frontDoor": "str",
        "globalAccelerator": "bool",
        "routing": "object",
        "secretThing": "secret",
    }
    nested = keys["routing"].fields
    assert nested is not None
    assert {k: (v.arg, v.kind) for k, v in nested.items()} == {
        "policy": ("policy", "str"),
        "primaryRegion": ("primary_region", "str"),
        "weights": ("weights", "object"),
    }
