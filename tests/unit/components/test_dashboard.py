"""The dashboard body names every region's resources; the Pulumi resource carries it as JSON."""

from __future__ import annotations

import json
from typing import Any

import pulumi
import pytest
from multi_region_api.components.alb import alb_metrics
from multi_region_api.components.dashboard import create_dashboard, dashboard_body, dashboard_url
from multi_region_api.components.front_door import rest_metrics
from multi_region_api.components.global_accelerator import AcceleratorMetrics
from multi_region_api.components.http_api import http_metrics
from multi_region_api.handlers import contract

REGIONS = ("us-west-2", "us-east-1", "eu-west-1")
FUNCTIONS = {r: f"api-{r}-fn" for r in REGIONS}
APIS = {r: f"api-{r}-rest" for r in REGIONS}
DOORS = {r: rest_metrics(APIS[r], "live") for r in REGIONS}
CHECKS = {r: f"hc-{r}" for r in REGIONS}


def body() -> dict[str, Any]:
    return dashboard_body(
        home_region="us-east-1",
        function_names=FUNCTIONS,
        front_doors=DOORS,
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
    with pytest.raises(ValueError, match="front_doors names regions"):
        dashboard_body(
            home_region="us-east-1",
            function_names=FUNCTIONS,
            front_doors={"us-east-1": DOORS["us-east-1"]},
            health_check_ids=CHECKS,
            table_name="t",
        )


@pytest.mark.parametrize(
    ("door", "expected"),
    [
        (
            http_metrics("a1b2c3d4e5"),
            (
                "AWS/ApiGateway",
                ["4xx", "5xx", "Latency"],
                ["ApiId", "a1b2c3d4e5", "Stage", "$default"],
            ),
        ),
        (
            alb_metrics("app/api-alb/50dc6c495c0c9188"),
            (
                "AWS/ApplicationELB",
                [
                    "HTTPCode_ELB_4XX_Count",
                    "HTTPCode_Target_5XX_Count",
                    # A Lambda error, timeout or throttle reaches clients as the ALB's own 5xx.
                    "HTTPCode_ELB_5XX_Count",
                    "HTTPCode_ELB_502_Count",
                    "HTTPCode_ELB_503_Count",
                    "HTTPCode_ELB_504_Count",
                    "TargetResponseTime",
                ],
                ["LoadBalancer", "app/api-alb/50dc6c495c0c9188"],
            ),
        ),
    ],
    ids=["http", "alb"],
)
def test_the_front_door_widget_plots_that_front_doors_metrics(door: Any, expected: Any) -> None:
    namespace, names, dimensions = expected
    document = dashboard_body(
        home_region="us-east-1",
        function_names=FUNCTIONS,
        front_doors=dict.fromkeys(REGIONS, door),
        health_check_ids=CHECKS,
        table_name="t",
    )
    widgets = [w for w in document["widgets"] if w["type"] == "metric"]
    door_widgets = [w for w in widgets if door.label in w["properties"]["title"]]
    assert len(door_widgets) == len(REGIONS)
    for widget in door_widgets:
        assert [m[0] for m in metrics_of(widget)] == [namespace] * len(names)
        assert [m[1] for m in metrics_of(widget)] == names
        assert all(m[2 : 2 + len(dimensions)] == dimensions for m in metrics_of(widget))
    assert not any("AWS/GlobalAccelerator" in json.dumps(w) for w in widgets)


def test_an_accelerator_gets_its_own_row_in_us_west_2() -> None:
    document = dashboard_body(
        home_region="us-east-1",
        function_names=FUNCTIONS,
        front_doors=DOORS,
        health_check_ids=CHECKS,
        table_name="t",
        accelerator=AcceleratorMetrics("1234abcd-abcd-1234-abcd-1234abcdabcd", REGIONS),
    )
    first, second = document["widgets"][:2]
    assert first["properties"]["markdown"].startswith("## Global Accelerator")
    assert second["properties"]["region"] == "us-west-2"
    assert [m[:4] for m in metrics_of(second)] == [
        ["AWS/GlobalAccelerator", name, "Accelerator", "1234abcd-abcd-1234-abcd-1234abcdabcd"]
        for name in ("NewFlowCount", "ProcessedBytesIn", "ProcessedBytesOut")
    ]
    # The regions' rows start below it and nothing overlaps.
    cells = {
        (w["y"] + dy, w["x"] + dx)
        for w in document["widgets"]
        for dy in range(w["height"])
        for dx in range(w["width"])
    }
    assert len(cells) == sum(w["height"] * w["width"] for w in document["widgets"])


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
        front_doors=pulumi.Output.from_input(DOORS),
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
