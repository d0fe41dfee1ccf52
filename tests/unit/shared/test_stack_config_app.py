"""``app`` in a stack file: nested camelCase keys, free-form IAM and environment, paths anchored
at the project directory, and the local runtime's view of it."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import yaml
from multi_region_api.components.stack_config import (
    CONFIG_KEYS,
    StackConfigError,
    args_from_config,
    load_stack_settings,
)
from multi_region_api.handlers import contract
from multi_region_api.local_runtime.plan import load_plan
from multi_region_api.local_runtime.supervisor import LocalRuntime

STATEMENT = {
    "Effect": "Allow",
    "Action": ["sqs:SendMessage"],
    "Resource": "arn:aws:sqs:us-east-1:123456789012:jobs",
}
APP = {
    "path": "app",
    "routers": "shop.routes:ROUTERS",
    "policyStatements": [STATEMENT],
    "environment": {"FEATURE_FLAGS": "beta", "someCamelName": "kept as written"},
    "indexes": [{"name": "by-email", "partitionKey": "email", "sortKeyType": "N", "sortKey": "at"}],
}


def test_app_keys_are_camel_case_and_free_form_values_pass_through() -> None:
    args = args_from_config({"app": APP})
    assert args["app"] == {
        "path": "app",
        "routers": "shop.routes:ROUTERS",
        "policy_statements": [STATEMENT],  # IAM's own PascalCase keys, untouched
        "environment": {"FEATURE_FLAGS": "beta", "someCamelName": "kept as written"},
        "indexes": [
            {"name": "by-email", "partition_key": "email", "sort_key_type": "N", "sort_key": "at"}
        ],
    }
    assert CONFIG_KEYS["app"].kind == "object"


@pytest.mark.parametrize(
    ("app", "named", "closest"),
    [
        ({"pathh": "app"}, "app.pathh", "path"),
        ({"policyStatement": []}, "app.policyStatement", "policyStatements"),
        ({"indexes": [{"name": "x", "sortkey": "a"}]}, "app.indexes[0].sortkey", "sortKey"),
    ],
)
def test_unknown_nested_app_keys_are_errors(
    app: dict[str, object], named: str, closest: str
) -> None:
    with pytest.raises(StackConfigError, match=rf"{re.escape(named)} \(did you mean '{closest}'"):
        args_from_config({"app": app})


def write_project(root: Path) -> Path:
    (root / "app" / "shop").mkdir(parents=True)
    (root / "app" / "shop" / "__init__.py").write_text("")
    (root / "app" / "shop" / "routes.py").write_text("ROUTERS = []\n")
    config = {
        f"{contract.PROJECT_NAME}:regions": ["us-east-1", "us-west-2"],
        f"{contract.PROJECT_NAME}:homeRegion": "us-east-1",
        f"{contract.PROJECT_NAME}:domainName": "api.example.com",
        f"{contract.PROJECT_NAME}:hostedZoneId": "Z0123456789EXAMPLE",
        f"{contract.PROJECT_NAME}:app": APP,
    }
    (root / "Pulumi.dev.yaml").write_text(yaml.safe_dump({"config": config}))
    return root


def test_a_stack_files_app_path_resolves_against_the_project_not_the_cwd(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = write_project(tmp_path / "project")
    monkeypatch.chdir(tmp_path)  # elsewhere: no ./app here
    settings = load_stack_settings("dev", project).settings
    assert settings.app is not None
    assert settings.app.path == (project / "app").resolve()
    assert settings.app.indexes[0].sort_key_type == "N"
    assert settings.app.policy_statements == (STATEMENT,)


def test_the_local_runtime_puts_only_the_absolute_app_path_on_pythonpath(tmp_path: Path) -> None:
    """As on Lambda, where the app path is the archive's root: the project directory is not on
    it, so an app importing a project module outside its path fails locally too."""
    project = write_project(tmp_path / "project")
    plan = load_plan("dev", project_dir=project, port=20000)
    assert plan.python_path.split(os.pathsep) == [str((project / "app").resolve())]
    assert [index.name for index in plan.indexes] == ["by-email"]


def test_without_app_pythonpath_is_empty(tmp_path: Path) -> None:
    project = write_project(tmp_path / "project")
    text = (project / "Pulumi.dev.yaml").read_text()
    document = yaml.safe_load(text)
    del document["config"][f"{contract.PROJECT_NAME}:app"]
    (project / "Pulumi.dev.yaml").write_text(yaml.safe_dump(document))
    plan = load_plan("dev", project_dir=project, port=20000)
    assert plan.python_path == ""
    assert plan.indexes == ()


def test_each_region_process_gets_the_apps_environment_and_path(tmp_path: Path) -> None:
    project = write_project(tmp_path / "project")
    plan = load_plan("dev", project_dir=project, port=20000)
    for region in plan.settings.regions:
        env = LocalRuntime(plan).region_env(region)
        assert env["PYTHONPATH"] == plan.python_path
        assert env[contract.ENV_APP_ROUTERS] == "shop.routes:ROUTERS"
        assert env["FEATURE_FLAGS"] == "beta"
