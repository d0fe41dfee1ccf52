"""``verify`` for a stack with ``regionSwitch``: the plan exists, ARC has evaluated it, and every
record of the routing policy carries its region's calculated health check over the endpoint check
and each of ARC's checks for that region.

That last link is what makes an executed plan move traffic, and nothing else shows it is broken:
a record left on the endpoint check alone still answers, fails over and passes every other row,
while the plan's executions complete and change nothing.
"""

from __future__ import annotations

from typing import Any

from multi_region_api.components.args import ApiSettings
from multi_region_api.components.aws_limits import region_switch_plan_name
from multi_region_api.components.dns import RegionRecord, region_records
from multi_region_api.components.region_switch import recovery_approach
from multi_region_api.components.stack_config import STACK_COMPONENT

from .region_switch_execution import PlanRef, find_plan
from .route53_health import find_health_checks
from .stack_settings import OpsError
from .verify_aws import AWS_ERRORS, ClientFactory, error_detail
from .verify_report import Row, failed, judged


def region_switch_rows(
    stack: str, settings: ApiSettings, route53: Any, clients: ClientFactory
) -> list[Row]:
    """ARC is asked in the home region's data plane (any region of the plan serves it)."""
    if not settings.region_switch:
        return []
    arc = clients("arc-region-switch", settings.home_region)
    name = region_switch_plan_name(stack, STACK_COMPONENT)
    try:
        plan = find_plan(arc, name)
    except AWS_ERRORS as exc:
        return [failed("region switch plan", name, error_detail(exc))]
    except OpsError as exc:
        return [failed("region switch plan", name, f"{exc}: run `pulumi up`")]
    arn = plan.arn
    rows = [_plan_row(plan, settings), _evaluation_row(arc, arn)]
    try:
        endpoint = {r: refs[0].id for r, refs in find_health_checks(route53, stack).items() if refs}
        arc_checks = _arc_checks(arc, arn)
    except AWS_ERRORS as exc:
        return [*rows, failed("region switch records", stack, error_detail(exc))]
    records = region_records(
        STACK_COMPONENT, settings.domain_name, settings.regions, settings.routing
    )
    for hostname, expected in sorted(records.items()):
        for record in expected:
            try:
                rows.append(_record_row(route53, settings, record, endpoint, arc_checks))
            except AWS_ERRORS as exc:
                target = f"{hostname} {record.set_identifier}"
                rows.append(failed("region switch record", target, error_detail(exc)))
    return rows


def _plan_row(plan: PlanRef, settings: ApiSettings) -> Row:
    approach = recovery_approach(settings)
    problems = []
    if plan.recovery_approach != approach:
        problems.append(f"approach {plan.recovery_approach}, the stack's is {approach}")
    if sorted(plan.regions) != sorted(settings.regions):
        problems.append(f"regions {list(plan.regions)}, the stack's are {list(settings.regions)}")
    detail = "; ".join(problems) or f"{plan.arn} {approach}"
    return judged("region switch plan", plan.name, not problems, detail)


def _evaluation_row(arc: Any, arn: str) -> Row:
    """ARC evaluates a plan periodically; warnings say what would fail an execution. They come
    in pages (a page may hold none and still have a next one); botocore's paginator reads all."""
    try:
        status = (
            arc.get_paginator("get_plan_evaluation_status")
            .paginate(planArn=arn)
            .build_full_result()
        )
    except AWS_ERRORS as exc:
        return failed("region switch evaluation", arn, error_detail(exc))
    state = status.get("evaluationState")
    warnings = [w.get("warningMessage", "") for w in status.get("warnings", [])]
    detail = f"{state}" + (f": {'; '.join(warnings)}" if warnings else "")
    return judged("region switch evaluation", arn, state == "passed" and not warnings, detail)


def _arc_checks(arc: Any, arn: str) -> dict[str, dict[str, str]]:
    """Region -> ARC's health check id -> its status, over every page.

    ``ListRoute53HealthChecksInRegion`` answers from the client's regional data plane;
    ``ListRoute53HealthChecks`` goes to the control plane in us-east-1, which may be the very
    region that is impaired when someone runs ``verify`` to see where traffic goes.
    """
    found: dict[str, dict[str, str]] = {}
    for page in arc.get_paginator("list_route53_health_checks_in_region").paginate(arn=arn):
        for check in page.get("healthChecks", []):
            if check.get("healthCheckId"):
                found.setdefault(check["region"], {})[check["healthCheckId"]] = str(
                    check.get("status", "unknown")
                )
    return found


def _record_row(
    route53: Any,
    settings: ApiSettings,
    record: RegionRecord,
    endpoint: dict[str, str],
    arc_checks: dict[str, dict[str, str]],
) -> Row:
    target = f"{record.hostname} {record.set_identifier}"
    check_id = _record_health_check(route53, settings.hosted_zone_id, record)
    if check_id is None:
        return failed("region switch record", target, "no such record, or no health check on it")
    config = route53.get_health_check(HealthCheckId=check_id)["HealthCheck"]["HealthCheckConfig"]
    children = set(config.get("ChildHealthChecks") or [])
    wanted = {endpoint.get(record.region, "?"), *arc_checks.get(record.region, {})}
    problems = []
    if config.get("Type") != "CALCULATED":
        problems.append(f"carries a {config.get('Type')} check, not the calculated one")
    elif children != wanted:
        problems.append(f"children {sorted(children)}, expected {sorted(wanted)}")
    elif config.get("HealthThreshold") != len(children):
        problems.append(f"healthy at {config.get('HealthThreshold')} of {len(children)} children")
    if not arc_checks.get(record.region):
        problems.append(f"ARC has no health check for {record.region}")
    unhealthy = [c for c, s in arc_checks.get(record.region, {}).items() if s != "healthy"]
    if unhealthy:
        problems.append(f"ARC holds {record.region} out ({', '.join(unhealthy)} not healthy)")
    detail = "; ".join(problems) or f"{check_id}: endpoint and ARC checks of {record.region}"
    return judged("region switch record", target, not problems, detail)


def _record_health_check(route53: Any, zone_id: str, record: RegionRecord) -> str | None:
    """The health check on the record's A set (AAAA carries the same)."""
    name = record.hostname.rstrip(".") + "."
    for page in route53.get_paginator("list_resource_record_sets").paginate(
        HostedZoneId=zone_id, StartRecordName=name, StartRecordType="A"
    ):
        for found in page["ResourceRecordSets"]:
            if found["Name"] != name:
                return None
            if found["Type"] == "A" and found.get("SetIdentifier") == record.set_identifier:
                check = found.get("HealthCheckId")
                return str(check) if check else None
    return None
