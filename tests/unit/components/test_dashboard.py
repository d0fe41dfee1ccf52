"""The dashboard body names every region's resources; the Pulumi resource carries it as JSON."""

from __future__ import annotations

import json
from typing import Any

import pulumi
import pytest
from multi_region_api.components.dashboard import create_dashboard, dashboard_body, dashboard_url
from multi_region_api.handlers import contract

REGIONS = ("us-west-2", "us-east-1", "eu-west-1")
FUNCTIONS = {r: f"api-{r}-fn" for r in REGIONS}
APIS = {r: f"api-{r}-rest" for r in REGIONS}
CHECKS = {r: f"hc-{r}" for r in REGIONS}


def body() -> dict[str, Any]:
    return dashboard_body(
        home_region="us-east-1",
        function_names=FUNCTIONS,
        api_names=APIS,
        stage_name="live",
        health_check_ids=CHECKS,
        table_name="api-table",
    )


def metrics_of(widget: dict[str, Any]) -> list[list[Any]]:
    return widget["properties"]["metrics"]


def test_body_is_json_with_a_row_per_region_home_first() -> None:
    document = json.loads(json.dumps(body()))
    headers = [w["properties"]["markdown"] for w in document["widgets"] if w["type"] == "text"]
    assert headers == [
        "## us-east-1 (home region: global table)",
        "## eu-west-1 (replica region)",
        "## us-west-2 (replica region)",
    ]
    for widget in document["widgets"]:
        assert widget["x"] + widget["width"] <= 24


@pytest.mark.parametrize("region", REGIONS)
def test_every_regions_resources_are_on_the_dashboard(region: str) -> None:
    widgets = [w for w in body()["widgets"] if w["type"] == "metric"]
    row = [w for w in widgets if w["properties"]["title"].startswith(region)]
    lambda_w, api_w, health_w, replication_w, handler_w = row
    peers = sorted(set(REGIONS) - {region})

    assert lambda_w["properties"]["region"] == region
    assert [m[1] for m in metrics_of(lambda_w)] == ["Errors", "Throttles", "Duration"]
    assert all(m[2:4] == ["FunctionName", FUNCTIONS[region]] for m in metrics_of(lambda_w))
    assert metrics_of(lambda_w)[2][-1]["stat"] == "p99"

    assert [m[1] for m in metrics_of(api_w)] == ["4XXError", "5XXError", "Latency"]
    assert all(m[2:6] == ["ApiName", APIS[region], "Stage", "live"] for m in metrics_of(api_w))

    assert health_w["properties"]["region"] == "us-east-1"
    assert metrics_of(health_w)[0] == [
        "AWS/Route53",
        "HealthCheckStatus",
        "HealthCheckId",
        CHECKS[region],
    ]

    assert replication_w["properties"]["region"] == region
    assert sorted(m[5] for m in metrics_of(replication_w)) == peers
    assert all(
        m[1:4] == ["ReplicationLatency", "TableName", "api-table"]
        for m in metrics_of(replication_w)
    )

    handler = metrics_of(handler_w)
    assert handler[0][:4] == [
        contract.METRICS_NAMESPACE,
        contract.METRIC_DEEP_PING_LATENCY,
        contract.DIMENSION_SERVICE,
        contract.SERVICE_NAME,
    ]
    assert handler[1][:2] == [contract.METRICS_NAMESPACE, contract.METRIC_DEEP_PING_FAILURE]
    assert sorted(m[5] for m in handler[2:]) == peers
    assert {(m[1], m[4]) for m in handler[2:]} == {
        (contract.METRIC_PEER_HEARTBEAT_AGE, contract.DIMENSION_PEER_REGION)
    }


def test_mismatched_regions_are_rejected() -> None:
    with pytest.raises(ValueError, match="api_names names regions"):
        dashboard_body(
            home_region="us-east-1",
            function_names=FUNCTIONS,
            api_names={"us-east-1": "x"},
            stage_name="live",
            health_check_ids=CHECKS,
            table_name="t",
        )


class Mocks(pulumi.runtime.Mocks):
    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str, dict[str, Any]]:
        return f"{args.name}-id", args.inputs

    def call(self, args: pulumi.runtime.MockCallArgs) -> tuple[dict[str, Any], None]:
        return {}, None


@pytest.fixture
def mocks() -> None:
    pulumi.runtime.set_mocks(Mocks(), preview=False)


@pulumi.runtime.test
def test_create_dashboard_serialises_outputs(mocks: None) -> pulumi.Output[Any]:
    dashboard, url = create_dashboard(
        "api-dashboard",
        dashboard_name="multi-region-api-us",
        home_region="us-east-1",
        function_names=pulumi.Output.from_input(FUNCTIONS),
        api_names=APIS,
        stage_name=pulumi.Output.from_input("live"),
        health_check_ids=CHECKS,
        table_name=pulumi.Output.from_input("api-table"),
        opts=pulumi.ResourceOptions(),
    )

    def check(values: list[Any]) -> None:
        document, link = values
        assert json.loads(document) == body()
        assert link == dashboard_url("us-east-1", "multi-region-api-us")
        assert link.startswith(
            "https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1"
        )

    return pulumi.Output.all(dashboard.dashboard_body, url).apply(check)
