"""A misspelt key names itself and the closest known one at every nesting, in the component's
args (``MultiRegionApiArgs.routing.polcy``) and in the stack config
(``multi-region-api:routing.polcy``). The nestings are walked from the config key table, which is
derived from the ``TypedDict``s, so a new nested argument is covered without a new case."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from multi_region_api.components import ArgsError, resolve_args
from multi_region_api.components.args_error import closest
from multi_region_api.components.stack_config import (
    CONFIG_KEYS,
    NAMESPACE,
    ConfigKey,
    StackConfigError,
    args_from_config,
    args_from_pulumi_config,
)

from tests.unit.components.sample_app import app_args, write_app
from tests.unit.components.support import stack_args

REGION = "us-east-1"  # one of the "us" stack's regions
Step = tuple[str, str | int]  # ("field", name) | ("each", region) | ("item", index)


def nestings(
    keys: Mapping[str, ConfigKey], path: tuple[Step, ...] = ()
) -> Iterator[tuple[tuple[Step, ...], Mapping[str, ConfigKey]]]:
    """Every object with a fixed set of keys: where it sits, and its keys."""
    yield path, keys
    for key, spec in keys.items():
        if spec.fields is not None:
            yield from nestings(spec.fields, (*path, ("field", key)))
        if spec.each is not None:
            yield from nestings(spec.each, (*path, ("field", key), ("each", REGION)))
        if spec.items is not None:
            yield from nestings(spec.items, (*path, ("field", key), ("item", 0)))


def typo(key: str) -> str:
    """``key`` with its middle character dropped: ``policy`` -> ``polcy``."""
    middle = len(key) // 2
    return key[:middle] + key[middle + 1 :]


def arg_name(path: tuple[Step, ...], key: str) -> str:
    """The snake_case argument a config ``key`` under ``path`` fills."""
    keys: Mapping[str, ConfigKey] = CONFIG_KEYS
    for kind, name in path:
        if kind == "field":
            spec = keys[str(name)]
            keys = spec.fields or spec.each or spec.items or {}
    return keys[key].arg


def nest(
    path: tuple[Step, ...], inner: dict[str, Any], *, snake: bool
) -> tuple[dict[str, Any], str]:
    """``inner`` placed at ``path`` and the dotted name of that place."""
    value: Any = inner
    for index in range(len(path) - 1, -1, -1):
        kind, name = path[index]
        if kind == "field":
            value = {arg_name(path[:index], str(name)) if snake else str(name): value}
        elif kind == "each":
            value = {str(name): value}
        else:
            value = [value]
    dotted = ""
    for index, (kind, name) in enumerate(path):
        if kind == "item":
            dotted += f"[{name}]"
        else:
            shown = arg_name(path[:index], str(name)) if snake and kind == "field" else str(name)
            dotted += f".{shown}" if dotted else shown
    return value, dotted


CASES = [
    (path, key)
    for path, keys in nestings(CONFIG_KEYS)
    for key in keys
    if len(key) > 3  # too short for a one-character typo to stay recognisable
]
IDS = [".".join(filter(None, (nest(path, {}, snake=False)[1], key))) for path, key in CASES]


def test_every_nesting_is_walked() -> None:
    places = {nest(path, {}, snake=True)[1] for path, _ in nestings(CONFIG_KEYS)}
    assert places >= {
        "",
        "health_check",
        "routing",
        f"alb_networks.{REGION}",
        "app",
        "app.indexes[0]",
    }


@pytest.mark.parametrize(("path", "key"), CASES, ids=IDS)
def test_a_misspelt_config_key_names_the_closest_one(path: tuple[Step, ...], key: str) -> None:
    wrong = typo(key)
    values, place = nest(path, {wrong: 1}, snake=False)
    named = f"{NAMESPACE}:{place}.{wrong}" if place else f"{NAMESPACE}:{wrong}"
    with pytest.raises(StackConfigError, match=rf"{re.escape(named)} \(did you mean '{key}'\?\)"):
        args_from_config(values)


@pytest.mark.parametrize(("path", "key"), CASES, ids=IDS)
def test_a_misspelt_argument_names_the_closest_one(
    path: tuple[Step, ...], key: str, tmp_path: Path
) -> None:
    arg = arg_name(path, key)
    wrong = typo(arg)
    values, place = nest(path, {wrong: 1}, snake=True)
    if "app" in values and path[1:]:  # inside app: a valid app around the misspelt key
        values["app"] = {**app_args(write_app(tmp_path)), **values["app"]}
    args = {**stack_args("us"), **values}
    field = f"{place}.{wrong}" if place else wrong
    message = rf"^MultiRegionApiArgs\.{re.escape(field)}: .*; did you mean '{arg}'\?$"
    with pytest.raises(ArgsError, match=message) as error:
        resolve_args(args)  # type: ignore[arg-type]
    assert error.value.field == field


def test_the_stack_program_names_a_nested_misspelt_key() -> None:
    """``pulumi up`` reads objects through ``pulumi.Config``; the nested key is named in full."""
    objects: dict[str, Any] = {"routing": {"polcy": "failover"}}
    with pytest.raises(
        StackConfigError, match=rf"{NAMESPACE}:routing\.polcy \(did you mean 'policy'\?\)"
    ):
        args_from_pulumi_config(lambda key, kind: objects.get(key))
    objects = {"albNetworks": {REGION: {"vpcIdd": "vpc-0123abcd"}}}
    with pytest.raises(
        StackConfigError, match=rf"albNetworks\.{REGION}\.vpcIdd \(did you mean 'vpcId'\?\)"
    ):
        args_from_pulumi_config(lambda key, kind: objects.get(key))


REGION_KEYED: list[tuple[str, dict[str, Any], str]] = [
    (
        "routing.weights.us-eats-1",
        {"routing": {"policy": "weighted", "weights": {"us-eats-1": 1, "us-west-2": 1}}},
        "us-east-1",
    ),
    (
        "routing.locations.us-wset-2",
        {"routing": {"policy": "geolocation", "locations": {"us-wset-2": ["EU"]}}},
        "us-west-2",
    ),
    (
        "alb_networks.us-wset-2",
        {"front_door": "alb", "alb_networks": {"us-wset-2": {}}},
        "us-west-2",
    ),
    (
        "routing.primary_region",
        {"routing": {"policy": "failover", "primary_region": "us-east1"}},
        "us-east-1",
    ),
    ("home_region", {"home_region": "us-west2"}, "us-west-2"),
    ("force_fail_regions", {"force_fail_regions": ["us-est-1"]}, "us-east-1"),
    ("routing.policy", {"routing": {"policy": "latncy"}}, "latency"),
]


@pytest.mark.parametrize(
    ("field", "override", "meant"), REGION_KEYED, ids=[f for f, _, _ in REGION_KEYED]
)
def test_a_region_not_in_regions_names_the_closest_region(
    field: str, override: dict[str, Any], meant: str
) -> None:
    with pytest.raises(
        ArgsError, match=rf"^MultiRegionApiArgs\.{re.escape(field)}: .*did you mean '{meant}'\?$"
    ):
        resolve_args({**stack_args("us"), **override})  # type: ignore[arg-type]


def test_a_misspelt_iam_statement_element_names_the_closest_one(tmp_path: Path) -> None:
    statement = {"Effect": "Allow", "Actoin": "s3:GetObject", "Resource": "*"}
    app = {**app_args(write_app(tmp_path)), "policy_statements": [statement]}
    with pytest.raises(
        ArgsError,
        match=r"^MultiRegionApiArgs\.app\.policy_statements\[0\]: 'Actoin' "
        r".*did you mean 'Action'\?$",
    ):
        resolve_args({**stack_args("us"), "app": app})  # type: ignore[typeddict-item]


def test_nothing_is_suggested_when_nothing_is_close() -> None:
    assert closest("zzz", ["policy", "weights"]) is None
    with pytest.raises(ArgsError, match=r"routing\.zzz: is not a known argument$"):
        resolve_args({**stack_args("us"), "routing": {"zzz": 1}})  # type: ignore[typeddict-item]
