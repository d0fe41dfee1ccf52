"""``Pulumi.yaml`` is a valid Pulumi project file and its ``pulumi new`` wizard asks for what a
stack needs, under the project's config namespace, with values the component accepts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from multi_region_api.components.args import resolve_args
from multi_region_api.components.stack_config import CONFIG_KEYS, args_from_config
from multi_region_api.handlers import contract

REPO = Path(__file__).resolve().parents[3]
SCHEMA = REPO.parent / "shared" / "reference" / "pulumi-project.schema.json"
WIZARD_KEYS = ("domainName", "hostedZoneId", "regions", "homeRegion", "alarmEmail")


@pytest.fixture(scope="module")
def project() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((REPO / "Pulumi.yaml").read_text())
    return loaded


@pytest.mark.skipif(not SCHEMA.exists(), reason=f"Pulumi's project schema is not at {SCHEMA}")
def test_the_project_file_validates_against_pulumis_schema(project: dict[str, Any]) -> None:
    jsonschema.validate(project, json.loads(SCHEMA.read_text()))


def test_the_wizard_asks_for_each_stack_setting_in_our_namespace(project: dict[str, Any]) -> None:
    asked = project["template"]["config"]
    assert list(asked) == [f"{contract.PROJECT_NAME}:{key}" for key in WIZARD_KEYS]
    for key, prompt in asked.items():
        assert key.split(":", 1)[1] in CONFIG_KEYS
        assert len(prompt["description"]) > 20, f"{key} needs a description a person can act on"


def test_the_wizards_defaults_make_valid_settings(project: dict[str, Any]) -> None:
    """Prompted values are strings; ``regions`` is JSON, as ``Config.get_object`` reads it."""
    values: dict[str, Any] = {}
    for key, prompt in project["template"]["config"].items():
        name = key.split(":", 1)[1]
        default = prompt.get(
            "default",
            {"hostedZoneId": "Z0123456789EXAMPLE", "alarmEmail": "ops@example.com"}.get(name),
        )
        kind = CONFIG_KEYS[name][1]
        values[name] = json.loads(default) if kind == "object" else default
    settings = resolve_args(args_from_config(values))
    assert settings.home_region in settings.regions
    assert len(settings.regions) >= 2
