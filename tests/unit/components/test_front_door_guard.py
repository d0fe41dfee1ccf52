"""The front door guard: the engine calls its provider's ``check`` with the inputs in the stack's
state and the new ones, and a failure stops ``preview`` (and so ``up``) before anything changes.
"""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest
from multi_region_api.components.front_door_guard import FIELD, GUARD_TYPE, guard_provider
from pulumi.dynamic.dynamic import PROVIDER_KEY, serialize_provider

from tests.unit.components.conftest import cached_graph
from tests.unit.components.support import MODES, STACKS, build_graph, stack_args

REGIONAL_API = "multi-region-api:index:RegionalApi"
COMPONENT = "multi-region-api:index:MultiRegionApi"


def door(value: str | None) -> dict[str, Any]:
    """Inputs as the engine hands them over: the pickled provider next to the door."""
    return {} if value is None else {FIELD: value, PROVIDER_KEY: "pickled provider"}


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (None, "rest"),  # first deploy, or the first up after upgrading to a guarded release
        (None, "http"),
        (None, "alb"),
        ("rest", "rest"),
        ("http", "http"),
        ("rest", "alb"),
        ("alb", "http"),
        ("http", "alb"),
        ("alb", "rest"),
    ],
)
def test_the_guard_passes_what_is_safe_in_one_up(old: str | None, new: str) -> None:
    result = guard_provider().check(door(old), door(new))
    assert result.failures == []
    assert result.inputs == door(new)


@pytest.mark.parametrize(("old", "new"), [("rest", "http"), ("http", "rest")])
def test_the_guard_refuses_rest_and_http_in_one_up(old: str, new: str) -> None:
    (failure,) = guard_provider().check(door(old), door(new)).failures
    assert failure.property == "frontDoor"
    assert failure.reason == (
        f"MultiRegionApiArgs.frontDoor: switching from '{old}' to '{new}' on a live stack is "
        "refused: REST and HTTP API custom domains share one namespace and the new door's would "
        "be created while the old door's still hold the names. Go through 'alb' in two updates: "
        "set frontDoor to 'alb' and run `pulumi up`, then set it to "
        f"'{new}' and run `pulumi up` again (README: Changing options on a live stack)."
    )


def test_the_guard_updates_only_when_the_door_changes() -> None:
    provider = guard_provider()
    same = provider.diff("frontDoor", door("rest"), {**door("rest"), PROVIDER_KEY: "other"})
    assert same.changes is False  # a new pickle of the provider (other paths) is no change
    assert provider.diff("frontDoor", door("rest"), door("alb")).changes is True
    assert provider.diff("frontDoor", door("rest"), door("alb")).replaces is None
    assert provider.create(door("rest")).outs == {FIELD: "rest"}
    assert provider.update("frontDoor", door("rest"), door("alb")).outs == {FIELD: "alb"}


def test_the_pickled_guard_needs_only_pulumi_where_the_engine_loads_it() -> None:
    """Serialized as the SDK does for the resource's ``__provider``, loaded in a fresh interpreter
    as ``python -m pulumi.dynamic`` does, where this package cannot be imported: the class
    travels by value and the loaded ``check`` still refuses."""
    pickled = serialize_provider(guard_provider())
    script = (
        "import base64, sys, dill\n"
        "class Absent:\n"
        "    def find_spec(self, name, *_):\n"
        "        if name.split('.')[0] in ('multi_region_api', 'components', 'handlers'):\n"
        "            raise ImportError(name)\n"
        "sys.meta_path.insert(0, Absent())\n"
        f"provider = dill.loads(base64.b64decode({pickled!r}))\n"
        "result = provider.check({'frontDoor': 'http'}, {'frontDoor': 'rest'})\n"
        "print(result.failures[0].property, result.failures[0].reason.split(':')[0])\n"
    )
    out = subprocess.run(  # noqa: S603 - our interpreter, our own pickle
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd="/"
    ).stdout.splitlines()
    assert out == ["frontDoor MultiRegionApiArgs.frontDoor"]


@pytest.mark.parametrize(("stack", "mode"), [(s, m) for s in STACKS for m in MODES])
def test_each_component_has_one_guard_the_regions_wait_for(stack: str, mode: str) -> None:
    graph = cached_graph(stack, mode)
    (component,) = graph.of_type(COMPONENT)
    (guard,) = graph.of_type(GUARD_TYPE)
    assert guard.name == f"{component.name}-front-door-guard"
    assert guard.parent == component.urn
    assert guard.custom
    assert guard.provider == ""  # the dynamic provider, not an AWS one
    assert {k: v for k, v in guard.plain_inputs.items() if k != PROVIDER_KEY} == {
        FIELD: str(stack_args(stack).get("front_door", "rest"))
    }
    regional = graph.of_type(REGIONAL_API)
    assert regional
    assert all(guard.urn in r.dependencies for r in regional)


@pytest.mark.parametrize("front_door", ["rest", "http", "alb"])
def test_the_guard_holds_the_door_in_use(front_door: str) -> None:
    graph = build_graph({**stack_args("us"), "front_door": front_door}, preview=True)
    (guard,) = graph.of_type(GUARD_TYPE)
    assert guard.plain_inputs[FIELD] == front_door
