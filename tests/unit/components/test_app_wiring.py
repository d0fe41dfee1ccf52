"""An app reaches every part of the graph: code, environment, role, table; the platform stays."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pulumi
import pytest
from multi_region_api.components import ArgsError, resolve_args
from multi_region_api.components.environment import handler_environment
from multi_region_api.components.naming import replica_arn
from multi_region_api.components.table_schema import boto3_create_table_kwargs
from multi_region_api.handlers import contract

from tests.unit.components.sample_app import SHIPPED_APP_FILES, app_args, write_app
from tests.unit.components.support import Graph, build_graph, stack_args

REGIONS = ("us-east-1", "us-west-2")
UPLOADS = {
    "Sid": "ReadUploads",
    "Effect": "Allow",
    "Action": ["s3:GetObject"],
    "Resource": ["arn:aws:s3:::uploads/*"],
}
INDEXES = [
    {"name": "by-email", "partition_key": "email"},
    {
        "name": "orders-by-day",
        "partition_key": "day",
        "sort_key": "placed_at",
        "sort_key_type": "N",
        "projection": "INCLUDE",
        "non_key_attributes": ["total"],
    },
]


def with_app(app: Path, **overrides: Any) -> dict[str, Any]:
    return {**stack_args("us"), "app": app_args(app, **overrides)}


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_app(tmp_path_factory.mktemp("project"))


@pytest.fixture(scope="module")
def graph(app: Path) -> Graph:
    args = with_app(
        app,
        environment={"GREETING": "hello"},
        policy_statements=[UPLOADS],
        indexes=INDEXES,
    )
    return build_graph(args)  # type: ignore[arg-type]


def test_the_function_runs_the_platform_dispatcher_on_the_apps_archive(graph: Graph) -> None:
    for region in REGIONS:
        inputs = graph.named(f"api-{region}-function").plain_inputs
        assert inputs["handler"] == contract.HANDLER
        files = set(inputs["code"]["archive"])
        assert set(SHIPPED_APP_FILES) <= files
        assert "multi_region_api/handlers/app.py" in files


def test_the_environment_names_the_entry_point_and_adds_the_apps_variables(
    graph: Graph, app: Path
) -> None:
    settings = resolve_args(with_app(app, environment={"GREETING": "hello"}))  # type: ignore[arg-type]
    secret = graph.named("api-health-check-secret").state["result"]
    table = graph.named("api-table").state["name"]
    for region in REGIONS:
        variables = graph.named(f"api-{region}-function").plain_inputs["environment"]["variables"]
        assert variables[contract.ENV_APP_ROUTERS] == "shop.routes:ROUTERS"
        assert contract.ENV_APP_HANDLER not in variables
        assert variables["GREETING"] == "hello"
        assert variables == handler_environment(
            settings, region=region, table_name=table, health_check_secret=secret
        )


def test_a_handler_app_sets_app_handler_only(app: Path) -> None:
    settings = resolve_args(with_app(app, routers=None, handler="proxy.handle"))  # type: ignore[arg-type]
    variables = handler_environment(
        settings, region="us-east-1", table_name="t", health_check_secret="s"
    )
    assert variables[contract.ENV_APP_HANDLER] == "proxy.handle"
    assert contract.ENV_APP_ROUTERS not in variables


def test_without_app_the_environment_has_no_app_variables() -> None:
    args = {k: v for k, v in stack_args("us").items() if k != "app"}
    variables = handler_environment(
        resolve_args(args),  # type: ignore[arg-type]
        region="us-east-1",
        table_name="t",
        health_check_secret="s",
    )
    assert not {contract.ENV_APP_ROUTERS, contract.ENV_APP_HANDLER} & set(variables)


def test_the_apps_statements_are_a_second_policy_and_the_platforms_stays_least_privilege(
    graph: Graph,
) -> None:
    table_arn = graph.named("api-table").state["arn"]
    for region in REGIONS:
        role = graph.named(f"api-{region}-role")
        app_policy = graph.named(f"api-{region}-app-policy").plain_inputs
        assert app_policy["role"] == role.state_id
        assert json.loads(app_policy["policy"]) == {"Version": "2012-10-17", "Statement": [UPLOADS]}
        platform = json.loads(graph.named(f"api-{region}-policy").plain_inputs["policy"])
        (data,) = [s for s in platform["Statement"] if s["Sid"] == "LocalReplicaItems"]
        replica = replica_arn(table_arn, region)
        # The app's indexes by name, on this region's replica only; no index/* wildcard.
        assert data["Resource"] == [
            replica,
            f"{replica}/index/by-email",
            f"{replica}/index/orders-by-day",
        ]
        assert "s3:" not in json.dumps(platform)
        function = graph.named(f"api-{region}-function")
        assert graph.named(f"api-{region}-app-policy").urn in function.dependencies


def test_no_statements_means_no_app_policy(app: Path) -> None:
    graph = build_graph(with_app(app))  # type: ignore[arg-type]
    assert not [r for r in graph.resources if r.name.endswith("-app-policy")]


def test_an_output_in_a_statement_resolves_into_the_policy(app: Path) -> None:
    bucket_arn = "arn:aws:s3:::made-by-another-resource"
    statement = {
        "Effect": "Allow",
        "Action": "s3:PutObject",
        "Resource": [pulumi.Output.from_input(bucket_arn).apply(lambda arn: f"{arn}/*")],
    }
    graph = build_graph(with_app(app, policy_statements=[statement]))  # type: ignore[arg-type]
    policy = json.loads(graph.named("api-us-east-1-app-policy").plain_inputs["policy"])
    assert policy["Statement"][0]["Resource"] == [f"{bucket_arn}/*"]


def test_the_table_carries_the_apps_indexes_and_replicas_inherit_them(graph: Graph) -> None:
    table = graph.named("api-table").plain_inputs
    assert table["attributes"] == [
        {"name": contract.PARTITION_KEY, "type": "S"},
        {"name": "day", "type": "S"},
        {"name": "email", "type": "S"},
        {"name": "placed_at", "type": "N"},
    ]
    assert table["globalSecondaryIndexes"] == [
        {
            "name": "by-email",
            "keySchemas": [{"attributeName": "email", "keyType": "HASH"}],
            "projectionType": "ALL",
        },
        {
            "name": "orders-by-day",
            "keySchemas": [
                {"attributeName": "day", "keyType": "HASH"},
                {"attributeName": "placed_at", "keyType": "RANGE"},
            ],
            "projectionType": "INCLUDE",
            "nonKeyAttributes": ["total"],
        },
    ]
    assert table["billingMode"] == "PAY_PER_REQUEST"  # on-demand: indexes need no capacity
    # Replicas declare no indexes of their own: a global table's replicas get the table's.
    assert all(
        set(r) >= {"regionName"} and "globalSecondaryIndexes" not in r for r in table["replicas"]
    )


def test_without_indexes_the_table_inputs_are_unchanged(updated) -> None:
    graph, _ = updated
    table = graph.named("api-table").plain_inputs
    assert "globalSecondaryIndexes" not in table
    assert table["attributes"] == [{"name": contract.PARTITION_KEY, "type": "S"}]


def test_the_local_tables_get_the_same_indexes(app: Path) -> None:
    settings = resolve_args(with_app(app, indexes=INDEXES))  # type: ignore[arg-type]
    assert settings.app is not None
    kwargs = boto3_create_table_kwargs("t", settings.app.indexes)
    assert [i["IndexName"] for i in kwargs["GlobalSecondaryIndexes"]] == [
        "by-email",
        "orders-by-day",
    ]
    assert kwargs["GlobalSecondaryIndexes"][1]["Projection"] == {
        "ProjectionType": "INCLUDE",
        "NonKeyAttributes": ["total"],
    }
    assert {"AttributeName": "placed_at", "AttributeType": "N"} in kwargs["AttributeDefinitions"]
    assert "GlobalSecondaryIndexes" not in boto3_create_table_kwargs("t")


def test_the_apps_variables_count_against_lambdas_4_kb(app: Path) -> None:
    with pytest.raises(ArgsError, match=r"^MultiRegionApiArgs\.app\.environment: .* over Lambda's"):
        build_graph(with_app(app, environment={"BLOB": "x" * 3900}))  # type: ignore[arg-type]
