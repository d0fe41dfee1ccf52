"""``verify`` for the ``alb`` front door: what each region's target group thinks of its function.

A target group whose health check fails marks its only target unhealthy; the ALB then fails open
(it still forwards), so every other row can pass while Global Accelerator, which uses exactly this
health check for ALB endpoints, can no longer fail the region over. Only
``DescribeTargetHealth`` shows it. Target groups are found like the other resources: by the
``stack`` and ``region`` tags among the region's Lambda target groups.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from multi_region_api.components.args import ApiSettings
from multi_region_api.handlers.contract import FrontDoor

from .verify_aws import AWS_ERRORS, ClientFactory, error_detail
from .verify_report import Row, failed, judged

TAG_BATCH = 20  # DescribeTags takes at most 20 resource ARNs per call.
HEALTHY = "healthy"


def _lambda_target_groups(client: Any) -> Iterator[dict[str, Any]]:
    for page in client.get_paginator("describe_target_groups").paginate():
        for group in page["TargetGroups"]:
            if group.get("TargetType") == "lambda":
                yield group


def find_target_groups(client: Any, stack: str, region: str) -> list[dict[str, Any]]:
    """The region's Lambda target groups tagged ``stack`` and ``region``."""
    groups = {g["TargetGroupArn"]: g for g in _lambda_target_groups(client)}
    arns = list(groups)
    found = []
    for start in range(0, len(arns), TAG_BATCH):
        response = client.describe_tags(ResourceArns=arns[start : start + TAG_BATCH])
        for described in response["TagDescriptions"]:
            tags = {t["Key"]: t["Value"] for t in described.get("Tags", [])}
            if tags.get("stack") == stack and tags.get("region") == region:
                found.append(groups[described["ResourceArn"]])
    return found


def target_health_rows(stack: str, settings: ApiSettings, clients: ClientFactory) -> list[Row]:
    if settings.front_door is not FrontDoor.ALB:
        return []
    rows: list[Row] = []
    for region in settings.regions:
        try:
            rows += _region_rows(stack, region, clients("elbv2", region))
        except AWS_ERRORS as exc:
            rows.append(failed("target health", region, error_detail(exc)))
    return rows


def _region_rows(stack: str, region: str, client: Any) -> list[Row]:
    groups = find_target_groups(client, stack, region)
    if len(groups) != 1:
        found = ", ".join(g["TargetGroupName"] for g in groups) or "none"
        detail = f"expected one Lambda target group tagged stack={stack} region={region}: {found}"
        return [failed("target health", region, detail)]
    (group,) = groups
    target = f"{region} {group['TargetGroupName']}"
    described = client.describe_target_health(TargetGroupArn=group["TargetGroupArn"])
    health = described["TargetHealthDescriptions"]
    if not health:
        return [
            failed("target health", target, "no target registered (the function is not attached)")
        ]
    return [
        judged(
            "target health",
            target,
            d["TargetHealth"].get("State") == HEALTHY,
            _describe(d),
        )
        for d in health
    ]


def _describe(description: dict[str, Any]) -> str:
    """``healthy: <function>`` or ``unhealthy (Target.ResponseCodeMismatch: ...): <function>``."""
    health = description["TargetHealth"]
    state = str(health.get("State", "unknown"))
    why = ": ".join(str(health[k]) for k in ("Reason", "Description") if health.get(k))
    name = str(description["Target"]["Id"]).rsplit(":", 1)[-1]
    return f"{state}{f' ({why})' if why else ''}: {name}"
