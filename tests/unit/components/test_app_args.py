"""The ``app`` argument: every mistake is an ``ArgsError`` naming its field, found statically."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from multi_region_api.components import ArgsError, resolve_args
from multi_region_api.components.app_args import RESERVED_NAMES, find_module, resolve_app
from multi_region_api.handlers import contract

from tests.unit.components.sample_app import SIDE_EFFECT, app_args, write_app
from tests.unit.components.support import build_graph, stack_args


@pytest.fixture
def app(tmp_path: Path) -> Path:
    return write_app(tmp_path)


def resolve(app: Path, **overrides: Any) -> Any:
    raw = {k: v for k, v in app_args(app, **overrides).items() if v is not None}
    return resolve_app(raw, app.parent)


def test_a_valid_app_resolves_to_frozen_settings(app: Path) -> None:
    (app.parent / "requirements.txt").write_text("six==1.17.0\n")
    settings = resolve(
        app,
        path="app",  # relative to the base directory
        requirements="requirements.txt",
        environment={"GREETING": "hi"},
        policy_statements=[{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}],
        indexes=[{"name": "by-email", "partition_key": "email"}],
    )
    assert settings.path == app.resolve()
    assert settings.requirements == (app.parent / "requirements.txt").resolve()
    assert settings.routers == "shop.routes:ROUTERS"
    assert settings.handler is None
    assert settings.entry_env == {contract.ENV_APP_ROUTERS: "shop.routes:ROUTERS"}
    assert settings.indexes[0].attributes == (("email", "S"),)
    with pytest.raises(AttributeError):
        settings.routers = "x:Y"  # type: ignore[misc]


def test_relative_paths_resolve_against_the_programs_working_directory(
    app: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(app.parent)
    settings = resolve_args({**stack_args("us"), "app": {"path": "app", "handler": "proxy.handle"}})
    assert settings.app is not None
    assert settings.app.path == app.resolve()
    assert settings.app.entry_env == {contract.ENV_APP_HANDLER: "proxy.handle"}


def test_without_app_there_are_no_app_settings() -> None:
    args = {k: v for k, v in stack_args("us").items() if k != "app"}
    assert resolve_args(args).app is None  # type: ignore[arg-type]


def test_this_repositorys_stacks_deploy_the_example_app() -> None:
    for stack in ("us", "eu"):
        app = resolve_args(stack_args(stack)).app
        assert app is not None
        assert app.path.name == "food_for_thought"
        assert app.entry_env == {contract.ENV_APP_ROUTERS: "food_for_thought.routes:ROUTERS"}


INVALID: list[tuple[str, dict[str, Any], str]] = [
    ("app.path", {"path": "nowhere"}, "does not exist"),
    ("app.path", {"path": "app/proxy.py"}, "is not a directory"),
    ("app.routers", {"routers": None}, r"neither given"),
    ("app.routers", {"handler": "proxy.handle"}, r"both given"),
    ("app.routers", {"routers": "shop.routes.ROUTERS"}, "is not 'module:ATTR'"),
    ("app.routers", {"routers": "shop routes:ROUTERS"}, "is not 'module:ATTR'"),
    ("app.routers", {"routers": "shop.missing:ROUTERS"}, "module 'shop.missing' not found"),
    ("app.routers", {"routers": "proxy.handle:X"}, "module 'proxy.handle' not found"),
    ("app.routers", {"routers": "shop.routes:ROUTES"}, r"not defined .*did you mean 'ROUTERS'"),
    ("app.handler", {"routers": None, "handler": "proxy"}, "is not 'module.function'"),
    ("app.handler", {"routers": None, "handler": "proxy.handler"}, "'handler' is not defined"),
    ("app.handler", {"routers": None, "handler": "nope.handle"}, "module 'nope' not found"),
    ("app.requirements", {"requirements": "missing.txt"}, "is not a file"),
    ("app.routes", {"routes": "x"}, "did you mean 'routers'"),
    ("app.environment.TABLE_NAME", {"environment": {contract.ENV_TABLE_NAME: "x"}}, "platform"),
    ("app.environment.APP_ROUTERS", {"environment": {contract.ENV_APP_ROUTERS: "x"}}, ""),
    ("app.environment.AWS_REGION", {"environment": {contract.ENV_REGION: "x"}}, "platform"),
    ("app.environment.AWS_LAMBDA_X", {"environment": {"AWS_LAMBDA_X": "x"}}, "platform"),
    ("app.environment.LAMBDA_TASK_ROOT", {"environment": {"LAMBDA_TASK_ROOT": "/"}}, ""),
    ("app.environment.POWERTOOLS_DEV", {"environment": {"POWERTOOLS_DEV": "1"}}, ""),
    ("app.environment.TZ", {"environment": {"TZ": "UTC"}}, "platform"),
    ("app.environment.PYTHONPATH", {"environment": {"PYTHONPATH": "/x"}}, ""),
    ("app.environment._HANDLER", {"environment": {"_HANDLER": "x"}}, "not a Lambda variable"),
    ("app.environment.MY-VAR", {"environment": {"MY-VAR": "x"}}, "not a Lambda variable"),
    ("app.environment.COUNT", {"environment": {"COUNT": 3}}, "must be a string"),
    ("app.environment", {"environment": ["A=1"]}, "must map names"),
    ("app.indexes", {"indexes": {"name": "x"}}, "must be a list"),
    ("app.indexes[0].name", {"indexes": [{"name": "ab", "partition_key": "a"}]}, "3-255"),
    ("app.indexes[0].name", {"indexes": [{"name": "by email", "partition_key": "a"}]}, "3-255"),
    ("app.indexes[0].partition_key", {"indexes": [{"name": "abc"}]}, "attribute name"),
    (
        "app.indexes[0].partition_key",
        {"indexes": [{"name": "abc", "partition_key": contract.PARTITION_KEY}]},
        "the table's own key",
    ),
    (
        "app.indexes[0].sort_key",
        {"indexes": [{"name": "abc", "partition_key": "a", "sort_key": "a"}]},
        "must differ",
    ),
    (
        "app.indexes[0].sort_key_type",
        {"indexes": [{"name": "abc", "partition_key": "a", "sort_key_type": "N"}]},
        "without sort_key",
    ),
    (
        "app.indexes[0].partition_key_type",
        {"indexes": [{"name": "abc", "partition_key": "a", "partition_key_type": "BOOL"}]},
        "S, N, B",
    ),
    (
        "app.indexes[0].projection",
        {"indexes": [{"name": "abc", "partition_key": "a", "projection": "SOME"}]},
        "ALL, KEYS_ONLY, INCLUDE",
    ),
    (
        "app.indexes[0].non_key_attributes",
        {"indexes": [{"name": "abc", "partition_key": "a", "projection": "INCLUDE"}]},
        "required with projection INCLUDE",
    ),
    (
        "app.indexes[0].non_key_attributes",
        {"indexes": [{"name": "abc", "partition_key": "a", "non_key_attributes": ["x"]}]},
        "only then",
    ),
    (
        "app.indexes[0].sortkey",
        {"indexes": [{"name": "abc", "partition_key": "a", "sortkey": "b"}]},
        "did you mean 'sort_key'",
    ),
    (
        "app.indexes[1].name",
        {"indexes": [{"name": "abc", "partition_key": "a"}, {"name": "abc", "partition_key": "b"}]},
        "used twice",
    ),
    (
        "app.indexes[1]",
        {
            "indexes": [
                {"name": "abc", "partition_key": "a"},
                {"name": "def", "partition_key": "a", "partition_key_type": "N"},
            ]
        },
        "typed N here but S",
    ),
    (
        "app.indexes[0]",
        {
            "indexes": [
                {
                    "name": "abc",
                    "partition_key": "a",
                    "sort_key": contract.PARTITION_KEY,
                    "sort_key_type": "N",
                }
            ]
        },
        "typed N here but S",  # the table's own key is a string
    ),
    (
        "app.indexes",
        {"indexes": [{"name": f"index{i}", "partition_key": f"a{i}"} for i in range(21)]},
        "allows 20 per table",
    ),
    (
        "app.indexes",
        {
            "indexes": [
                {
                    "name": f"index{i}",
                    "partition_key": "a",
                    "projection": "INCLUDE",
                    "non_key_attributes": [f"x{j}" for j in range(30)],
                }
                for i in range(4)
            ]
        },
        "project 120 non-key attributes",
    ),
]


@pytest.mark.parametrize(
    ("field", "override", "message"),
    INVALID,
    ids=[f"{f}-{i}" for i, (f, _, _) in enumerate(INVALID)],
)
def test_invalid_app_names_its_field(
    app: Path, field: str, override: dict[str, Any], message: str
) -> None:
    with pytest.raises(ArgsError) as error:
        resolve(app, **override)
    assert str(error.value).startswith(f"MultiRegionApiArgs.{field}: "), str(error.value)
    assert re.search(message, str(error.value)), str(error.value)
    assert error.value.field == field


def test_app_must_be_a_mapping_with_a_path(app: Path) -> None:
    with pytest.raises(ArgsError, match=r"^MultiRegionApiArgs\.app: must be a mapping"):
        resolve_app("app", app.parent)
    with pytest.raises(ArgsError, match=r"^MultiRegionApiArgs\.app\.path: is required"):
        resolve_app({"routers": "shop.routes:ROUTERS"}, app.parent)


def test_every_contract_variable_is_reserved() -> None:
    names = {v for k, v in vars(contract).items() if k.startswith("ENV_")}
    assert {contract.ENV_APP_ROUTERS, contract.ENV_APP_HANDLER, contract.ENV_TABLE_NAME} <= names
    assert names <= RESERVED_NAMES


def test_the_entry_point_is_checked_without_importing_app_code(app: Path) -> None:
    (app / "eager.py").write_text(SIDE_EFFECT)
    settings = resolve(app, routers="eager:ROUTERS")
    assert settings.routers == "eager:ROUTERS"
    assert not (app / "IMPORTED").exists()
    with pytest.raises(ArgsError, match="'ROUTER' is not defined"):
        resolve(app, routers="eager:ROUTER")
    assert not (app / "IMPORTED").exists()


def test_names_bound_in_top_level_blocks_and_imports_count(app: Path) -> None:
    (app / "variants.py").write_text(
        "import json as codec\n"
        "from os import path as where\n"
        "try:\n    import ujson\nexcept ImportError:\n    FALLBACK = True\n"
        "if codec:\n    ROUTERS: list = []\nelse:\n    OTHER = 1\n"
        "a, (b, c) = 1, (2, 3)\n"
        "def later():\n    INNER = 1\n"
    )
    for attr in ("codec", "where", "ujson", "FALLBACK", "ROUTERS", "OTHER", "a", "c", "later"):
        assert resolve(app, routers=f"variants:{attr}").routers == f"variants:{attr}"
    with pytest.raises(ArgsError, match="'INNER' is not defined"):
        resolve(app, routers="variants:INNER")


def test_star_imports_and_module_getattr_cannot_be_checked_so_they_pass(app: Path) -> None:
    (app / "star.py").write_text("from shop.routes import *\n")
    (app / "lazy.py").write_text("def __getattr__(name):\n    return []\n")
    assert resolve(app, routers="star:ROUTERS").routers == "star:ROUTERS"
    assert resolve(app, routers="lazy:ANYTHING").routers == "lazy:ANYTHING"


def test_a_module_that_does_not_parse_is_named(app: Path) -> None:
    (app / "broken.py").write_text("def oops(:\n")
    with pytest.raises(ArgsError, match=r"app\.routers: .*broken\.py does not parse"):
        resolve(app, routers="broken:ROUTERS")


def test_modules_are_found_as_lambda_would_find_them(app: Path) -> None:
    # A namespace package (no __init__.py) imports on Lambda too.
    (app / "ns" / "inner").mkdir(parents=True)
    (app / "ns" / "inner" / "mod.py").write_text("ROUTERS = []\n")
    assert resolve(app, routers="ns.inner.mod:ROUTERS").routers == "ns.inner.mod:ROUTERS"
    found = find_module(app, "shop.routes")
    assert found is not None
    assert found.origin == str(app / "shop" / "routes.py")
    # The platform's own packages are not under the app's path, whatever sys.path holds.
    assert find_module(app, "multi_region_api.handlers") is None


def test_the_component_refuses_a_bad_app_before_creating_anything(app: Path) -> None:
    with pytest.raises(ArgsError, match=r"MultiRegionApiArgs\.app\.routers: module 'nope'"):
        build_graph({**stack_args("us"), "app": app_args(app, routers="nope:ROUTERS")})
