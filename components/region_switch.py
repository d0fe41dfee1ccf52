"""Route 53 ARC Region switch plan: fail a region out of DNS as a practised, recorded execution.

Without a plan, Route 53 moves traffic on its own when a region's health check fails, and moves it
back as soon as the check passes again. A plan adds what a hand-run failover lacks: an execution
you start (``multi-region-api drill --stack us switch --to us-west-2``) or that the region's health
alarm starts, with a step log and an execution report, and a region that stays out until you
activate it again, so a flapping region does not bounce traffic.

**How the plan reaches DNS.** The plan's Route 53 health check execution block creates one health
check per region and record name; executing the plan flips them. A Route 53 record takes one
health check, and ours (the region's ``/health``) must stay on the record. So each region gets a
calculated health check, healthy only while all its children are: our endpoint check and ARC's
checks for that region. Every record of the region carries that calculated check; the records'
layout is ``dns.policy_specs``, the same one the plan's steps name (one step per record name, the
record sets mapped to regions explicitly, since failover and geolocation set identifiers are not
bare region names).

**Approach.** ``failover`` routing is active/passive (the plan activates the standby); every other
policy is active/active (the plan deactivates a region and activates it again).

**Triggers.** Each region's health alarm (``health_checks.health_alarm``) is a trigger alarm. A
region is failed out only while its alarm is red *and* every other region's is green: when every
region looks down at once, the checks or the network are the likelier culprit, and failing a
region out would not help.

**Where it lives.** The plan is global (its ARN has no region) and managed through the us-east-1
provider, like the health checks and alarms (Route 53 publishes health metrics only there). The
plan executes from the regional data plane of the region it activates, so an execution does not
depend on the region being failed out.
"""

from __future__ import annotations

import asyncio
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pulumi
import pulumi_aws as aws

from .args import ApiSettings
from .aws_limits import region_switch_plan_name
from .computed import output_of, required
from .dns import region_records
from .estimates.failover import failover_estimate
from .health_checks import ROUTING_ROLE, health_check_tags
from .iam import service_role
from .naming import child_name

SERVICE_PRINCIPAL = "arc-region-switch.amazonaws.com"
EXECUTION_BLOCK = "Route53HealthCheck"
ACTIVE_ACTIVE = "activeActive"
ACTIVE_PASSIVE = "activePassive"
# At most one automatic execution per region and half hour: a trigger that fired has done its job.
TRIGGER_DELAY_MINUTES = 30
# ARC allocates its Route 53 health checks after CreatePlan returns (and after UpdatePlan adds a
# record name, which the provider does not wait for at all). Read them until every region and
# record name has one, for at most the provider's own create timeout of a plan (10 minutes).
ARC_CHECKS_POLL_SECONDS = 10.0
ARC_CHECKS_ATTEMPTS = 60


def recovery_approach(settings: ApiSettings) -> str:
    """Active/passive for ``failover`` routing (one region serves), active/active otherwise."""
    return ACTIVE_PASSIVE if settings.routing.policy == "failover" else ACTIVE_ACTIVE


def standby_region(settings: ApiSettings) -> str | None:
    """The region an active/passive plan activates (a plan has exactly two regions)."""
    if recovery_approach(settings) != ACTIVE_PASSIVE:
        return None
    (standby,) = (r for r in settings.regions if r != settings.routing.primary_region)
    return standby


def step_name(hostname: str, domain_name: str) -> str:
    """``route53-latency``, ``route53-secondary-failover``: unique per record name."""
    return "route53-" + hostname.removesuffix(f".{domain_name}").replace(".", "-")


def workflows(component: str, settings: ApiSettings) -> list[aws.arcregionswitch.PlanWorkflowArgs]:
    """One Route 53 health check step per record name. Active/active deactivates and activates
    any region; active/passive has one activation workflow for either region."""
    steps = [
        aws.arcregionswitch.PlanWorkflowStepArgs(
            name=step_name(hostname, settings.domain_name),
            execution_block_type=EXECUTION_BLOCK,
            description=f"Route 53 health checks of {hostname}",
            route53_health_check_configs=[
                aws.arcregionswitch.PlanWorkflowStepRoute53HealthCheckConfigArgs(
                    hosted_zone_id=settings.hosted_zone_id,
                    record_name=hostname,
                    record_sets=[
                        aws.arcregionswitch.PlanWorkflowStepRoute53HealthCheckConfigRecordSetArgs(
                            record_set_identifier=r.set_identifier, region=r.region
                        )
                        for r in records
                    ],
                )
            ],
        )
        for hostname, records in sorted(
            region_records(
                component, settings.domain_name, settings.regions, settings.routing
            ).items()
        )
    ]
    # In the order the provider writes them back to state (terraform-provider-aws
    # ``arcregionswitch/plan.go`` sorts the workflows by target action, ``activate`` first):
    # any other order is a diff on every ``pulumi up``.
    actions = (
        ["activate"]
        if recovery_approach(settings) == ACTIVE_PASSIVE
        else ["activate", "deactivate"]
    )
    return [
        aws.arcregionswitch.PlanWorkflowArgs(
            workflow_target_action=action,
            workflow_description=f"{action} a region in the Route 53 records",
            steps=steps,
        )
        for action in actions
    ]


def alarm_key(region: str) -> str:
    """The plan's name for a region's health alarm (triggers refer to alarms by it)."""
    return f"health-{region}"


def triggers(settings: ApiSettings) -> list[aws.arcregionswitch.PlanTriggerArgs]:
    """Fail a region out when its alarm is red and every other region's is green."""

    def conditions(red: str) -> list[aws.arcregionswitch.PlanTriggerConditionArgs]:
        return [
            aws.arcregionswitch.PlanTriggerConditionArgs(
                associated_alarm_name=alarm_key(r), condition="red" if r == red else "green"
            )
            for r in sorted(settings.regions)
        ]

    standby = standby_region(settings)
    if standby is not None:
        primary = settings.routing.primary_region
        return [
            aws.arcregionswitch.PlanTriggerArgs(
                action="activate",
                target_region=standby,
                min_delay_minutes_between_executions=TRIGGER_DELAY_MINUTES,
                description=f"{primary} unhealthy, {standby} healthy: activate {standby}",
                conditions=conditions(primary),
            )
        ]
    return [
        aws.arcregionswitch.PlanTriggerArgs(
            action="deactivate",
            target_region=region,
            min_delay_minutes_between_executions=TRIGGER_DELAY_MINUTES,
            description=f"{region} unhealthy, the others healthy: deactivate {region}",
            conditions=conditions(region),
        )
        for region in sorted(settings.regions)
    ]


def execution_policy_document(
    *, zone_id: str, plan_name: str, role_arn: str, alarm_arns: Sequence[str]
) -> dict[str, Any]:
    """What the plan's execution role may do, scoped to this stack (tested without Pulumi).

    The actions of AWS's ``AmazonApplicationRecoveryControllerRegionSwitchPlanExecutionPolicy``
    (plan reads, plan evaluation, alarm reads) plus the Route 53 block's record read, each on the
    stack's own plan, role, alarms and zone instead of ``*``. ``GetMetricStatistics`` has no
    resource-level permissions. Partition and account come from the alarms' ARNs.
    """
    partition, account = _partition_account(alarm_arns[0])
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "OwnPlan",
                "Effect": "Allow",
                "Action": [
                    "arc-region-switch:GetPlan",
                    "arc-region-switch:GetPlanExecution",
                    "arc-region-switch:ListPlanExecutions",
                ],
                "Resource": [f"arn:{partition}:arc-region-switch::{account}:plan/{plan_name}:*"],
            },
            {
                "Sid": "PlanEvaluation",
                "Effect": "Allow",
                "Action": ["iam:SimulatePrincipalPolicy"],
                "Resource": [role_arn],
            },
            {
                "Sid": "TriggerAlarms",
                "Effect": "Allow",
                "Action": ["cloudwatch:DescribeAlarms", "cloudwatch:DescribeAlarmHistory"],
                "Resource": sorted(alarm_arns),
            },
            {
                "Sid": "AlarmMetrics",
                "Effect": "Allow",
                "Action": ["cloudwatch:GetMetricStatistics"],
                "Resource": ["*"],
            },
            {
                "Sid": "RecordSets",
                "Effect": "Allow",
                "Action": ["route53:ListResourceRecordSets"],
                "Resource": [f"arn:{partition}:route53:::hostedzone/{zone_id}"],
            },
        ],
    }


def _partition_account(arn: str) -> tuple[str, str]:
    parts = arn.split(":")
    if len(parts) < 6 or not parts[4]:
        raise ValueError(f"not an account-scoped ARN: {arn!r}")
    return parts[1], parts[4]


def recovery_time_objective_minutes(settings: ApiSettings) -> int:
    """The failover-time model's worst case, rounded up: what ARC compares executions with."""
    return max(1, math.ceil(failover_estimate(settings).worst_case_seconds / 60))


def missing_arc_checks(
    checks: Sequence[aws.arcregionswitch.outputs.GetRoute53HealthChecksHealthCheckResult],
    regions: Sequence[str],
    record_names: Sequence[str],
) -> list[tuple[str, str]]:
    """(region, record name) pairs ARC has no allocated health check for yet."""
    allocated = {(c.region, c.record_name) for c in checks if c.health_check_id}
    return [(r, n) for r in regions for n in record_names if (r, n) not in allocated]


def arc_health_check_ids(
    checks: Sequence[aws.arcregionswitch.outputs.GetRoute53HealthChecksHealthCheckResult],
    regions: Sequence[str],
    record_names: Sequence[str],
) -> dict[str, list[str]]:
    """Region -> the ids of ARC's health checks for it; every region and record name must have
    one. ARC creates one per region and record name of the plan's steps: a region without one
    would leave its records on our check alone, and the plan would move no traffic."""
    missing = missing_arc_checks(checks, regions, record_names)
    if missing:
        pairs = ", ".join(f"{region} {name}" for region, name in missing)
        raise ValueError(
            f"the Region switch plan has no Route 53 health check for {pairs} after "
            f"{ARC_CHECKS_ATTEMPTS * ARC_CHECKS_POLL_SECONDS:.0f} s; ARC allocates them after "
            "the plan is written: run `pulumi up` again"
        )
    ids: dict[str, list[str]] = {r: [] for r in regions}
    for check in checks:
        if check.region in ids and check.health_check_id:
            ids[check.region].append(check.health_check_id)
    return {r: sorted(found) for r, found in ids.items()}


def _unknown() -> pulumi.Output[dict[str, list[str]]]:
    """A value only the update will know (``pulumi preview`` shows it as computed)."""

    async def value() -> dict[str, list[str]]:
        return {}  # never read: the output is not known

    async def known() -> bool:
        return False

    return pulumi.Output(set(), value(), known())


def _arc_ids(
    plan: aws.arcregionswitch.Plan,
    regions: Sequence[str],
    record_names: Sequence[str],
    provider: pulumi.ProviderResource | None,
    attempt: int = 1,
) -> pulumi.Output[dict[str, list[str]]]:
    """ARC's health checks of the plan, read again every ``ARC_CHECKS_POLL_SECONDS`` until each
    region and record name has one (``ARC_CHECKS_ATTEMPTS`` reads at most). Only data-source
    reads and a sleep happen inside ``apply``, never a resource. A preview reads once: what is
    not allocated yet is the update's to wait for."""
    found = aws.arcregionswitch.get_route53_health_checks_output(
        plan_arn=plan.arn,
        opts=pulumi.InvokeOutputOptions(provider=provider, depends_on=[plan]),
    )

    what = "the getRoute53HealthChecks data source's healthChecks (ARC's checks of the plan)"

    def settle(
        found_checks: list[aws.arcregionswitch.outputs.GetRoute53HealthChecksHealthCheckResult]
        | None,
    ) -> pulumi.Input[dict[str, list[str]]]:
        checks = required(found_checks, what)
        if not missing_arc_checks(checks, regions, record_names) or attempt >= ARC_CHECKS_ATTEMPTS:
            return arc_health_check_ids(checks, regions, record_names)
        if pulumi.runtime.is_dry_run():
            return _unknown()

        async def pause() -> int:
            await asyncio.sleep(ARC_CHECKS_POLL_SECONDS)
            return attempt + 1

        waited: pulumi.Output[int] = pulumi.Output.from_input(pause())
        return waited.apply(lambda n: _arc_ids(plan, regions, record_names, provider, n))

    return found.health_checks.apply(settle)


@dataclass(frozen=True)
class RegionSwitchPlan:
    plan: aws.arcregionswitch.Plan
    routing_check_ids: dict[str, pulumi.Output[str]]
    """Region -> the calculated health check its records carry."""


def _routing_check(
    component: str,
    region: str,
    endpoint_check: aws.route53.HealthCheck,
    arc_ids: pulumi.Output[dict[str, list[str]]],
    *,
    tags: dict[str, str],
    opts: pulumi.ResourceOptions,
) -> aws.route53.HealthCheck:
    """Healthy while the region's ``/health`` passes and the plan has not failed it out."""

    def children(pair: list[Any]) -> list[str]:
        endpoint_id, ids = pair
        return [endpoint_id, *ids[region]]

    return aws.route53.HealthCheck(
        child_name(component, region, "routing-check"),
        type="CALCULATED",
        child_healthchecks=pulumi.Output.all(endpoint_check.id, arc_ids).apply(children),
        child_health_threshold=arc_ids.apply(lambda ids: 1 + len(ids[region])),
        tags=health_check_tags(tags, component, region, ROUTING_ROLE, "routing"),
        opts=opts,
    )


def region_switch_plan(
    component: str,
    settings: ApiSettings,
    *,
    endpoint_checks: Mapping[str, aws.route53.HealthCheck],
    alarms: Mapping[str, aws.cloudwatch.MetricAlarm],
    tags: dict[str, str],
    opts: pulumi.ResourceOptions,
) -> RegionSwitchPlan:
    """The plan, its execution role, and each region's calculated health check."""
    regions = sorted(settings.regions)
    plan_name = region_switch_plan_name(pulumi.get_stack(), component)
    role = service_role(f"{component}-region-switch-role", SERVICE_PRINCIPAL, tags=tags, opts=opts)
    policy = aws.iam.RolePolicy(
        f"{component}-region-switch-policy",
        role=role.id,
        policy=pulumi.Output.all(role.arn, *(alarms[r].arn for r in regions)).apply(
            lambda arns: json.dumps(
                execution_policy_document(
                    zone_id=settings.hosted_zone_id,
                    plan_name=plan_name,
                    role_arn=required(arns[0], output_of(role, "arn")),
                    alarm_arns=[
                        required(arn, output_of(alarms[r], "arn"))
                        for r, arn in zip(regions, arns[1:], strict=True)
                    ],
                ),
                sort_keys=True,
            )
        ),
        opts=opts,
    )
    plan = aws.arcregionswitch.Plan(
        f"{component}-region-switch",
        name=plan_name,
        description=f"Fail a region of {settings.domain_name} out of DNS and back",
        execution_role=role.arn,
        recovery_approach=recovery_approach(settings),
        regions=regions,
        primary_region=settings.routing.primary_region if standby_region(settings) else None,
        recovery_time_objective_minutes=recovery_time_objective_minutes(settings),
        associated_alarms=[
            aws.arcregionswitch.PlanAssociatedAlarmArgs(
                map_block_key=alarm_key(r), alarm_type="trigger", resource_identifier=alarms[r].arn
            )
            for r in regions
        ],
        triggers=triggers(settings),
        workflows=workflows(component, settings),
        tags=tags,
        # The role must hold its policy before ARC evaluates the plan.
        opts=pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(depends_on=[policy])),
    )
    record_names = sorted(
        region_records(component, settings.domain_name, settings.regions, settings.routing)
    )
    arc_ids = _arc_ids(plan, regions, record_names, opts.provider)
    routing_checks = {
        region: _routing_check(
            component, region, endpoint_checks[region], arc_ids, tags=tags, opts=opts
        )
        for region in regions
    }
    return RegionSwitchPlan(plan, {r: c.id for r, c in routing_checks.items()})
