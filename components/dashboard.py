"""One CloudWatch dashboard in the home region with a row per region.

``dashboard_body`` is pure (plain values in, the dashboard JSON document out) so it is tested
without Pulumi; ``create_dashboard`` feeds it the component's outputs inside ``Output.apply``,
which only computes a string and never creates resources.

Each row shows what decides whether that region should take traffic: Lambda errors, throttles and
p99 duration; the front door's client and server errors and p99 latency (REST by ApiName and
Stage, HTTP API by ApiId and Stage, ALB by LoadBalancer, where the ALB's own 5xx, 502, 503 and
504 stand next to the target's 5xx; ``FrontDoorMetrics``); the Route 53
health-check status (Route 53 publishes it only in us-east-1); DynamoDB ``ReplicationLatency`` from
this region's replica to every other replica (published in the sending region, by
``ReceivingRegion``); and the handler's deep-ping latency and failures and the age of each peer's
replicated heartbeat (an upper bound on replication lag). With Global Accelerator a first row
shows its new flows and bytes (published in us-west-2, by ``Accelerator``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import pulumi
import pulumi_aws as aws
from multi_region_api.handlers.contract import (
    DIMENSION_PEER_REGION,
    DIMENSION_SERVICE,
    METRIC_DEEP_PING_FAILURE,
    METRIC_DEEP_PING_LATENCY,
    METRIC_PEER_HEARTBEAT_AGE,
    METRICS_NAMESPACE,
    SERVICE_NAME,
)

from .front_door import FrontDoorMetrics
from .global_accelerator import AcceleratorMetrics

ROUTE53_METRICS_REGION = "us-east-1"
ACCELERATOR_METRICS_REGION = "us-west-2"
PERIOD_SECONDS = 60
_REPLICATION = ("AWS/DynamoDB", "ReplicationLatency")
_ROW_HEIGHT = 6
_WIDTHS = (6, 6, 4, 4, 4)  # lambda, api gateway, health check, replication, handler: 24 columns


def handler_metric_count(peer_count: int) -> int:
    """Custom metrics one region's handler keeps publishing: deep-ping latency (its sample count
    is the number of successful deep pings) and a heartbeat age per peer (``DeepPingFailure``
    appears only while deep pings fail)."""
    return 1 + peer_count


def _metric_widget(
    title: str, region: str, metrics: list[list[Any]], *, stat: str = "Sum"
) -> dict[str, Any]:
    return {
        "type": "metric",
        "properties": {
            "title": title,
            "region": region,
            "metrics": metrics,
            "stat": stat,
            "period": PERIOD_SECONDS,
            "view": "timeSeries",
            "stacked": False,
        },
    }


def _region_widgets(
    region: str,
    *,
    peers: list[str],
    function_name: str,
    front_door: FrontDoorMetrics,
    health_check_id: str,
    table_name: str,
    metrics_namespace: str,
    service: str,
) -> list[dict[str, Any]]:
    fn = ["AWS/Lambda", "Errors", "FunctionName", function_name]
    door = front_door
    api = [door.namespace, door.client_errors, *door.dimensions]
    lag = [metrics_namespace, METRIC_PEER_HEARTBEAT_AGE, DIMENSION_SERVICE, service]
    return [
        _metric_widget(
            f"{region} Lambda {function_name}",
            region,
            [
                fn,
                [*fn[:1], "Throttles", *fn[2:]],
                [*fn[:1], "Duration", *fn[2:], {"stat": "p99", "yAxis": "right"}],
            ],
        ),
        _metric_widget(
            f"{region} {door.label} {'/'.join(door.dimensions[1::2])}",
            region,
            [
                api,
                [api[0], door.server_errors, *api[2:]],
                *([api[0], errors, *api[2:]] for errors in door.entry_errors),
                [api[0], door.latency, *api[2:], {"stat": "p99", "yAxis": "right"}],
            ],
        ),
        _metric_widget(
            f"{region} health check {health_check_id}",
            ROUTE53_METRICS_REGION,
            [
                ["AWS/Route53", "HealthCheckStatus", "HealthCheckId", health_check_id],
                [
                    "AWS/Route53",
                    "HealthCheckPercentageHealthy",
                    "HealthCheckId",
                    health_check_id,
                    {"stat": "Average", "yAxis": "right"},
                ],
            ],
            stat="Minimum",
        ),
        _metric_widget(
            f"{region} replication to peers ({table_name})",
            region,
            [[*_REPLICATION, "TableName", table_name, "ReceivingRegion", peer] for peer in peers],
            stat="Maximum",
        ),
        _metric_widget(
            f"{region} deep ping and peer heartbeat age",
            region,
            [
                [
                    metrics_namespace,
                    METRIC_DEEP_PING_LATENCY,
                    DIMENSION_SERVICE,
                    service,
                    {"stat": "p99"},
                ],
                [
                    metrics_namespace,
                    METRIC_DEEP_PING_FAILURE,
                    DIMENSION_SERVICE,
                    service,
                    {"stat": "Sum"},
                ],
                *([*lag, DIMENSION_PEER_REGION, peer, {"yAxis": "right"}] for peer in peers),
            ],
            stat="Maximum",
        ),
    ]


def dashboard_body(
    *,
    home_region: str,
    function_names: Mapping[str, str],
    front_doors: Mapping[str, FrontDoorMetrics],
    health_check_ids: Mapping[str, str],
    table_name: str,
    accelerator: AcceleratorMetrics | None = None,
    metrics_namespace: str = METRICS_NAMESPACE,
    service: str = SERVICE_NAME,
) -> dict[str, Any]:
    """The dashboard document: a header and a row of five widgets per region, home region first.

    The per-region mappings are keyed by region and must name the same regions.
    """
    regions = set(function_names)
    for label, mapping in (("front_doors", front_doors), ("health_check_ids", health_check_ids)):
        if set(mapping) != regions:
            raise ValueError(
                f"{label} names regions {sorted(mapping)}, function_names {sorted(regions)}"
            )
    if home_region not in regions:
        raise ValueError(f"home region {home_region!r} is not one of {sorted(regions)}")
    ordered = [home_region, *sorted(regions - {home_region})]

    widgets: list[dict[str, Any]] = []
    y = 0
    if accelerator is not None:
        widgets += _accelerator_row(accelerator)
        y = 1 + _ROW_HEIGHT
    for region in ordered:
        role = "home region: global table" if region == home_region else "replica region"
        widgets.append(
            {
                "type": "text",
                "x": 0,
                "y": y,
                "width": 24,
                "height": 1,
                "properties": {"markdown": f"## {region} ({role})"},
            }
        )
        y += 1
        row = _region_widgets(
            region,
            peers=[r for r in ordered if r != region],
            function_name=function_names[region],
            front_door=front_doors[region],
            health_check_id=health_check_ids[region],
            table_name=table_name,
            metrics_namespace=metrics_namespace,
            service=service,
        )
        x = 0
        for widget, width in zip(row, _WIDTHS, strict=True):
            widgets.append({**widget, "x": x, "y": y, "width": width, "height": _ROW_HEIGHT})
            x += width
        y += _ROW_HEIGHT
    return {"widgets": widgets}


def _accelerator_row(accelerator: AcceleratorMetrics) -> list[dict[str, Any]]:
    """The accelerator's new flows and bytes in and out: traffic that reached an edge."""
    flows = ["AWS/GlobalAccelerator", "NewFlowCount", "Accelerator", accelerator.accelerator_id]
    header = {
        "type": "text",
        "x": 0,
        "y": 0,
        "width": 24,
        "height": 1,
        "properties": {"markdown": f"## Global Accelerator {accelerator.accelerator_id}"},
    }
    widget = _metric_widget(
        f"Global Accelerator {accelerator.accelerator_id}",
        ACCELERATOR_METRICS_REGION,
        [
            flows,
            [flows[0], "ProcessedBytesIn", *flows[2:], {"yAxis": "right"}],
            [flows[0], "ProcessedBytesOut", *flows[2:], {"yAxis": "right"}],
        ],
    )
    return [header, {**widget, "x": 0, "y": 1, "width": 24, "height": _ROW_HEIGHT}]


def dashboard_url(home_region: str, dashboard_name: str) -> str:
    return (
        f"https://{home_region}.console.aws.amazon.com/cloudwatch/home"
        f"?region={home_region}#dashboards:name={dashboard_name}"
    )


def create_dashboard(
    name: str,
    *,
    dashboard_name: str,
    home_region: str,
    function_names: pulumi.Input[Mapping[str, str]],
    front_doors: pulumi.Input[Mapping[str, FrontDoorMetrics]],
    health_check_ids: pulumi.Input[Mapping[str, str]],
    table_name: pulumi.Input[str],
    opts: pulumi.ResourceOptions,
    accelerator: pulumi.Input[AcceleratorMetrics | None] = None,
) -> tuple[aws.cloudwatch.Dashboard, pulumi.Output[str]]:
    """The dashboard resource and its console URL.

    ``opts`` must carry the home region's provider (and the component as parent).
    """
    body = pulumi.Output.all(
        function_names, front_doors, health_check_ids, table_name, accelerator
    ).apply(
        lambda values: json.dumps(
            dashboard_body(
                home_region=home_region,
                function_names=values[0],
                front_doors=values[1],
                health_check_ids=values[2],
                table_name=values[3],
                accelerator=values[4],
            ),
            sort_keys=True,
        )
    )
    dashboard = aws.cloudwatch.Dashboard(
        name, dashboard_name=dashboard_name, dashboard_body=body, opts=opts
    )
    url = dashboard.dashboard_name.apply(lambda n: dashboard_url(home_region, n))
    return dashboard, url
