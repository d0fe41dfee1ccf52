"""The program's graph under the kit's Pulumi mocks, in preview and update mode."""

from __future__ import annotations

import json
import runpy

import pytest
import yaml

from multi_region_api.testing import run, set_mocks
from tests.conftest import PROJECT

CONFIG = {
    "domainName": "api.example.com",
    "hostedZoneId": "Z0123456789EXAMPLE",
    "regions": json.dumps(["us-east-1", "us-west-2"]),
    "frontDoor": "rest",
}


@pytest.mark.parametrize("preview", [True, False], ids=["preview", "update"])
def test_the_program_deploys_the_app_in_every_region(
    preview: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = yaml.safe_load((PROJECT / "Pulumi.yaml").read_text())["name"]
    monkeypatch.chdir(PROJECT)  # as `pulumi up` runs the program: app paths are relative to it
    registrations = set_mocks(
        project=project,
        stack="dev",
        preview=preview,
        config={f"{project}:{key}": value for key, value in CONFIG.items()},
    )
    exports = run(lambda: runpy.run_path(str(PROJECT / "__main__.py")))
    functions = registrations.of_type("aws:lambda/function:Function")
    assert len(functions) == 2
    if not preview:  # in preview the environment holds unknowns (the table's name)
        for function in functions:
            variables = function.plain_inputs["environment"]["variables"]
            assert "notes.routes:ROUTERS" in variables.values()
    tables = registrations.of_type("aws:dynamodb/table:Table")
    assert any(
        index["name"] == "by_kind"
        for table in tables
        for index in table.plain_inputs.get("globalSecondaryIndexes", [])
    )
    if not preview:
        assert exports["url"] == "https://api.example.com"
