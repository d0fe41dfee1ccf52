"""Least privilege, the function and its layer (the code package: ``test_lambda_package``)."""

from __future__ import annotations

import json

import pytest
from multi_region_api.components.environment import handler_environment
from multi_region_api.components.iam import function_policy_document
from multi_region_api.components.lambda_runtime import (
    powertools_layer_arn,
    powertools_layer_version,
)
from multi_region_api.components.naming import replica_arn
from multi_region_api.handlers import contract
from pulumi.runtime import rpc


def policy(graph, region: str) -> dict:
    return json.loads(graph.named(f"api-{region}-policy").plain_inputs["policy"])


def test_function_policy_grants_only_this_regions_replica(updated) -> None:
    graph, settings = updated
    table_arn = graph.named("api-table").state["arn"]
    for region in settings.regions:
        statements = policy(graph, region)["Statement"]
        for statement in statements:
            assert all("*" not in action for action in statement["Action"]), statement
            assert statement["Effect"] == "Allow"
        data = [s for s in statements if any(a.startswith("dynamodb:") for a in s["Action"])]
        assert len(data) == 1
        replica = replica_arn(table_arn, region)
        assert data[0]["Resource"] == [replica]  # no app indexes: not even index/*
        assert f":dynamodb:{region}:" in replica
        wildcard = [s for s in statements if "*" in s["Resource"]]
        assert [s["Action"] for s in wildcard] == [
            ["xray:PutTelemetryRecords", "xray:PutTraceSegments"]
        ]
        logs = graph.named(f"api-{region}-function-logs").state["arn"]
        assert [s["Resource"] for s in statements if s["Sid"] == "OwnLogGroup"] == [[f"{logs}:*"]]


def test_policy_document_never_names_another_region() -> None:
    arn = "arn:aws:dynamodb:us-east-1:123456789012:table/t"
    text = json.dumps(function_policy_document(arn, "us-west-2", "arn:aws:logs:us-west-2:1:x"))
    assert "us-east-1" not in text


def test_role_is_assumable_by_lambda_only(updated) -> None:
    graph, settings = updated
    for region in settings.regions:
        trust = json.loads(graph.named(f"api-{region}-role").plain_inputs["assumeRolePolicy"])
        assert [s["Principal"] for s in trust["Statement"]] == [{"Service": "lambda.amazonaws.com"}]


def test_lambda_permission_is_scoped_to_this_regions_api(updated) -> None:
    graph, settings = updated
    for region in settings.regions:
        api = graph.named(f"api-{region}-rest-api")
        permission = graph.named(f"api-{region}-invoke-permission").plain_inputs
        assert permission["sourceArn"] == f"{api.state['executionArn']}/*/*"
        assert f":execute-api:{region}:" in permission["sourceArn"]
        assert permission["principal"] == "apigateway.amazonaws.com"
        assert permission["function"] == graph.named(f"api-{region}-function").state["name"]


def test_function_configuration(updated) -> None:
    graph, settings = updated
    secret = graph.named("api-health-check-secret").state["result"]
    table = graph.named("api-table").state["name"]
    for region in settings.regions:
        function = graph.named(f"api-{region}-function")
        inputs = function.plain_inputs
        assert inputs["runtime"] == "python3.13"
        assert inputs["architectures"] == ["arm64"]
        assert inputs["handler"] == contract.HANDLER
        assert inputs["layers"] == [powertools_layer_arn(region)]
        assert inputs["tracingConfig"] == {"mode": "Active"}
        assert 3 < inputs["timeout"] <= 15
        assert (
            inputs["loggingConfig"]["logGroup"]
            == graph.named(f"api-{region}-function-logs").state["name"]
        )
        environment = function.inputs["environment"]
        assert rpc.is_rpc_secret(environment) or rpc.is_rpc_secret(environment["variables"])
        assert inputs["environment"]["variables"] == handler_environment(
            settings, region=region, table_name=table, health_check_secret=secret
        )
        assert inputs["role"] == graph.named(f"api-{region}-role").state["arn"]


def test_force_fail_reaches_only_the_named_regions_handler(stack_args_with) -> None:
    graph = stack_args_with(force_fail_regions=["us-west-2"])
    env = {
        r: graph.named(f"api-{r}-function").plain_inputs["environment"]["variables"]
        for r in ("us-east-1", "us-west-2")
    }
    assert env["us-west-2"][contract.ENV_FORCE_FAIL] == "true"
    assert env["us-east-1"][contract.ENV_FORCE_FAIL] == "false"


def test_powertools_layer_arn_format() -> None:
    assert powertools_layer_arn("eu-central-1") == (
        "arn:aws:lambda:eu-central-1:017000801446:layer:"
        f"AWSLambdaPowertoolsPythonV3-python313-arm64:{powertools_layer_version()}"
    )
    with pytest.raises(ValueError, match="architecture"):
        powertools_layer_arn("eu-central-1", architecture="arm")
