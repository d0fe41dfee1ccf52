"""``multi-region-api local``'s discovery: a project's program under the kit's mocks."""

from __future__ import annotations

import sys
import types
from pathlib import Path

import pytest
from multi_region_api.components.stack_config import load_stack_settings
from multi_region_api.local_runtime.project import DiscoveryError, choose, discover

from tests.unit.local_runtime.project_fixture import write_project

ROOT = Path(__file__).resolve().parents[3]


def test_a_projects_components_are_found_with_its_config(tmp_path: Path) -> None:
    project = write_project(tmp_path)
    decoy = types.ModuleType("handlers")
    sys.modules["handlers"] = decoy  # the caller's own module of that name
    path, cwd = list(sys.path), Path.cwd()
    try:
        found = discover(project, "dev")
    finally:
        restored = sys.modules.pop("handlers", None)
    assert restored is decoy
    assert "components" not in sys.modules
    assert (list(sys.path), Path.cwd()) == (path, cwd)
    assert [api.name for api in found] == ["public", "internal"]
    public, internal = found
    assert public.settings.regions == ("eu-west-1", "us-east-1")
    assert public.settings.domain_name == "public.shop.example.com"
    assert public.health_check_secret == "0123456789abcdefghijklmnopqrstuv"
    assert internal.settings.regions == ("eu-west-1", "eu-central-1")
    assert internal.health_check_secret is None
    assert choose(found, "internal") is internal
    with pytest.raises(DiscoveryError, match=r"several components \(public, internal\)"):
        choose(found, None)
    with pytest.raises(DiscoveryError, match="no component named 'x'"):
        choose(found, "x")


def test_this_repositorys_stacks_are_discovered_as_their_stack_files_say() -> None:
    for stack in ("us", "eu"):
        (api,) = discover(ROOT, stack)
        assert api.name == "api"
        assert api.settings == load_stack_settings(stack, ROOT).settings


@pytest.mark.parametrize(
    ("program", "message"),
    [
        (
            "import components\n\nx = 1\nundefined_name()\n",
            "the program of project 'shop' (stack dev) raised NameError: "
            "name 'undefined_name' is not defined (__main__.py:4)",
        ),
        (
            "import pulumi\n",
            "the program of project 'shop' (stack dev) constructs no MultiRegionApi",
        ),
        (
            "import components\ncomponents.build('solo', ['eu-west-1'], None)\n",
            "MultiRegionApiArgs.regions: needs at least 2 regions",
        ),
    ],
    ids=["raises", "no-component", "args-error"],
)
def test_a_broken_program_is_one_line(tmp_path: Path, program: str, message: str) -> None:
    with pytest.raises(DiscoveryError) as raised:
        discover(write_project(tmp_path, program), "dev")
    assert message in str(raised.value)
    assert "\n" not in str(raised.value)
    assert "components" not in sys.modules


def test_missing_project_and_stack(tmp_path: Path) -> None:
    with pytest.raises(DiscoveryError, match=r"no Pulumi\.yaml in"):
        discover(tmp_path, "dev")
    with pytest.raises(DiscoveryError, match=r"no such stack 'prod'.*\(stacks: dev\)"):
        discover(write_project(tmp_path), "prod")
