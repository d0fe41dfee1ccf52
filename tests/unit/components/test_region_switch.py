"""The Region switch plan: its approach, workflows, triggers and role, and how its health checks
reach every record of the stack's routing policy (``regionSwitch: true``)."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from typing import Any

import boto3
import pytest
from moto import mock_aws
from multi_region_api.components import region_switch, resolve_args
from multi_region_api.components.args import ArgsError
from multi_region_api.components.aws_limits import REGION_SWITCH_PLAN_NAME, region_switch_plan_name
from multi_region_api.components.estimates.failover import failover_estimate
from multi_region_api.components.region_switch import (
    TRIGGER_DELAY_MINUTES,
    arc_health_check_ids,
    execution_policy_document,
    missing_arc_checks,
    recovery_time_objective_minutes,
)
from multi_region_api.ops.route53_health import find_health_checks
from pulumi_aws.arcregionswitch.outputs import GetRoute53HealthChecksHealthCheckResult

from tests.unit.components.support import Graph, Registered, build_graph, stack_args

PLAN = "aws:arcregionswitch/plan:Plan"
CHECK = "aws:route53/healthCheck:HealthCheck"
RECORD = "aws:route53/record:Record"
ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm"
TWO = ["us-east-1", "us-west-2"]
THREE = [*TWO, "eu-west-1"]
POLICIES: dict[str, dict[str, Any]] = {
    "latency": {},
    "failover": {"policy": "failover", "primary_region": "us-west-2"},
    "weighted": {"policy": "weighted", "weights": {"us-east-1": 3, "us-west-2": 0}},
    "geolocation": {
        "policy": "geolocation",
        "locations": {"us-east-1": ["NA"], "us-west-2": ["SA", "JP"]},
    },
}


@pytest.fixture
def switched(stack_args_with: Callable[..., Graph]) -> Callable[..., Graph]:
    def build(routing: dict[str, Any] | None = None, **overrides: Any) -> Graph:
        extra = {"routing": routing} if routing else {}
        return stack_args_with(region_switch=True, **extra, **overrides)

    return build


def plan_of(graph: Graph) -> dict[str, Any]:
    (plan,) = graph.of_type(PLAN)
    return plan.plain_inputs


def routing_checks(graph: Graph) -> dict[str, Registered]:
    return {
        c.plain_inputs["tags"]["region"]: c
        for c in graph.of_type(CHECK)
        if c.plain_inputs["type"] == "CALCULATED"
    }


def test_off_by_default_no_plan_and_records_carry_the_endpoint_checks(
    stack_args_with: Callable[..., Graph],
) -> None:
    graph = stack_args_with()
    assert graph.of_type(PLAN) == []
    assert routing_checks(graph) == {}
    assert graph.outputs["region_switch_plan_arn"] == ""


@pytest.mark.parametrize("policy", ["latency", "weighted", "geolocation"])
def test_active_active_policies_deactivate_and_activate_any_region(switched, policy: str) -> None:
    plan = plan_of(switched(POLICIES[policy]))
    assert plan["recoveryApproach"] == "activeActive"
    assert "primaryRegion" not in plan
    assert plan["regions"] == ["us-east-1", "us-west-2"]
    # In the provider's order (plan.go sorts by target action), or every `up` shows a diff.
    assert [w["workflowTargetAction"] for w in plan["workflows"]] == ["activate", "deactivate"]
    assert all("workflowTargetRegion" not in w for w in plan["workflows"])


def test_failover_is_active_passive_with_its_primary(switched) -> None:
    plan = plan_of(switched(POLICIES["failover"]))
    assert plan["recoveryApproach"] == "activePassive"
    assert plan["primaryRegion"] == "us-west-2"
    assert [w["workflowTargetAction"] for w in plan["workflows"]] == ["activate"]
    (trigger,) = plan["triggers"]
    assert trigger["action"] == "activate"
    assert trigger["targetRegion"] == "us-east-1"
    assert {c["associatedAlarmName"]: c["condition"] for c in trigger["conditions"]} == {
        "health-us-west-2": "red",
        "health-us-east-1": "green",
    }


def test_a_region_fails_out_only_while_the_other_is_healthy(switched) -> None:
    plan = plan_of(switched())
    alarms = {a["mapBlockKey"]: a for a in plan["associatedAlarms"]}
    assert set(alarms) == {f"health-{r}" for r in TWO}
    assert {a["alarmType"] for a in alarms.values()} == {"trigger"}
    assert sorted(t["targetRegion"] for t in plan["triggers"]) == TWO
    for trigger in plan["triggers"]:
        assert trigger["action"] == "deactivate"
        assert trigger["minDelayMinutesBetweenExecutions"] == TRIGGER_DELAY_MINUTES
        conditions = {c["associatedAlarmName"]: c["condition"] for c in trigger["conditions"]}
        assert conditions == {
            f"health-{r}": "red" if r == trigger["targetRegion"] else "green" for r in TWO
        }


def test_the_trigger_alarms_are_the_regions_health_alarms(switched) -> None:
    graph = switched()
    plan = plan_of(graph)
    health_alarms = {
        a.plain_inputs["tags"]["region"]: a.state["arn"]
        for a in graph.of_type(ALARM)
        if a.name.endswith("-health-alarm")
    }
    assert {a["mapBlockKey"]: a["resourceIdentifier"] for a in plan["associatedAlarms"]} == {
        f"health-{r}": arn for r, arn in health_alarms.items()
    }
    for alarm in graph.of_type(ALARM):
        dimensions = alarm.plain_inputs["dimensions"]
        # Each alarm watches the region's endpoint check, never the calculated one: an executed
        # plan must not make its own trigger look red.
        assert dimensions["HealthCheckId"] not in {
            c.state_id for c in routing_checks(graph).values()
        }


def _records_with_checks(graph: Graph) -> set[tuple[str, str, str]]:
    by_check = {c.state_id: region for region, c in routing_checks(graph).items()}
    found = set()
    for record in graph.of_type(RECORD):
        inputs = record.plain_inputs
        if "healthCheckId" in inputs:
            found.add((inputs["name"], inputs["setIdentifier"], by_check[inputs["healthCheckId"]]))
    return found


def _plan_record_sets(plan: dict[str, Any]) -> set[tuple[str, str, str]]:
    (workflow, *_) = plan["workflows"]
    return {
        (config["recordName"], record_set["recordSetIdentifier"], record_set["region"])
        for step in workflow["steps"]
        for config in step["route53HealthCheckConfigs"]
        for record_set in config["recordSets"]
    }


@pytest.mark.parametrize("policy", sorted(POLICIES))
def test_every_region_record_carries_its_routing_check_and_the_plan_maps_exactly_those(
    switched, policy: str
) -> None:
    graph = switched(POLICIES[policy])
    records = _records_with_checks(graph)
    assert records, "the policy has records with health checks"
    assert _plan_record_sets(plan_of(graph)) == records
    endpoint_checks = {c.name for c in graph.of_type(CHECK) if c.plain_inputs["type"] == "HTTPS"}
    for record in graph.of_type(RECORD):
        assert record.plain_inputs.get("healthCheckId") not in endpoint_checks


def test_a_step_per_record_name_in_every_workflow(switched) -> None:
    plan = plan_of(switched(POLICIES["geolocation"]))
    for workflow in plan["workflows"]:
        names = [s["name"] for s in workflow["steps"]]
        assert names == ["route53-fallback-geolocation", "route53-geolocation"]
        assert {s["executionBlockType"] for s in workflow["steps"]} == {"Route53HealthCheck"}
        for step in workflow["steps"]:
            (config,) = step["route53HealthCheckConfigs"]
            assert config["hostedZoneId"] == stack_args("us")["hosted_zone_id"]


def test_the_routing_check_needs_the_endpoint_and_every_arc_check_of_its_region(switched) -> None:
    graph = switched(POLICIES["geolocation"])
    endpoint = {
        c.plain_inputs["tags"]["region"]: c.state_id
        for c in graph.of_type(CHECK)
        if c.plain_inputs["type"] == "HTTPS"
    }
    for region, check in routing_checks(graph).items():
        children = check.plain_inputs["childHealthchecks"]
        assert children[0] == endpoint[region]
        arc = children[1:]
        assert len(arc) == 2  # one per record name the plan's steps cover
        assert all(c.endswith("-arc") for c in arc)
        assert check.plain_inputs["childHealthThreshold"] == len(children)
        assert check.plain_inputs["tags"]["Name"] == f"api-{region}-routing"


def test_the_health_check_data_source_runs_through_the_us_east_1_provider(switched) -> None:
    graph = switched()
    tokens = [(t, r) for t, r in graph.invokes if "arcregionswitch" in t]
    assert tokens == [
        ("aws:arcregionswitch/getRoute53HealthChecks:getRoute53HealthChecks", "us-east-1")
    ]
    (plan,) = graph.of_type(PLAN)
    assert graph.aws_providers()[plan.provider_urn] == "us-east-1"


def test_the_execution_role_is_for_arc_only_and_scoped_to_the_stack(switched) -> None:
    graph = switched()
    role = graph.named("api-region-switch-role")
    trust = json.loads(role.plain_inputs["assumeRolePolicy"])
    assert trust["Statement"][0]["Principal"] == {"Service": "arc-region-switch.amazonaws.com"}
    assert plan_of(graph)["executionRole"] == role.state["arn"]
    policy = json.loads(graph.named("api-region-switch-policy").plain_inputs["policy"])
    statements = {s["Sid"]: s for s in policy["Statement"]}
    wildcard = [sid for sid, s in statements.items() if "*" in s["Resource"]]
    assert wildcard == ["AlarmMetrics"]  # GetMetricStatistics has no resource-level permissions
    assert statements["PlanEvaluation"]["Resource"] == [role.state["arn"]]
    assert statements["RecordSets"]["Resource"] == [
        f"arn:aws:route53:::hostedzone/{stack_args('us')['hosted_zone_id']}"
    ]
    (plan_arn,) = statements["OwnPlan"]["Resource"]
    assert plan_arn == "arn:aws:arc-region-switch::123456789012:plan/us-api:*"
    assert graph.outputs["region_switch_plan_arn"].startswith(plan_arn.rstrip("*"))
    (plan,) = graph.of_type(PLAN)
    assert graph.named("api-region-switch-policy").urn in plan.dependencies


def test_preview_builds_before_arc_has_made_its_checks(stack_args_with) -> None:
    graph = build_graph({**stack_args("us"), "region_switch": True}, preview=True)
    assert len(graph.of_type(PLAN)) == 1
    assert len(routing_checks(graph)) == 2


def test_a_region_or_record_name_without_an_arc_check_names_what_is_missing() -> None:
    def check(region: str, name: str, check_id: str) -> Any:
        return GetRoute53HealthChecksHealthCheckResult(
            health_check_id=check_id,
            hosted_zone_id="Z1",
            record_name=name,
            region=region,
            status="healthy",
        )

    names = ["geolocation.api.us.example.com", "latency.api.us.example.com"]
    checks = [check("us-east-1", n, f"e{i}") for i, n in enumerate(names)]
    checks.append(check("us-west-2", names[0], "w0"))
    with pytest.raises(ValueError, match=f"no Route 53 health check for us-west-2 {names[1]} "):
        arc_health_check_ids(checks, TWO, names)
    assert missing_arc_checks(checks, TWO, names) == [("us-west-2", names[1])]
    done = [*checks, check("us-west-2", names[1], "w1")]
    assert arc_health_check_ids(done, TWO, names) == {
        "us-east-1": ["e0", "e1"],
        "us-west-2": ["w0", "w1"],
    }


@pytest.fixture
def instant_polls(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(region_switch, "ARC_CHECKS_POLL_SECONDS", 0.0)


@pytest.mark.parametrize("per_read", [1, 3])
def test_the_update_waits_until_arc_has_a_check_for_every_region_and_record_name(
    instant_polls: None, per_read: int
) -> None:
    """ARC allocates its checks after CreatePlan returns; the provider's wait counts the steps of
    every workflow, not regions x record names (and an update does not wait at all)."""
    args = {**stack_args("us"), "region_switch": True, "routing": POLICIES["geolocation"]}
    graph = build_graph(args, arc_checks_per_read=per_read)  # type: ignore[arg-type]
    reads = [t for t, _ in graph.invokes if "arcregionswitch" in t]
    assert len(reads) == math.ceil(4 / per_read)  # 2 regions x 2 record names
    for check in routing_checks(graph).values():
        arc = check.plain_inputs["childHealthchecks"][1:]
        assert len(arc) == 2
        assert check.plain_inputs["childHealthThreshold"] == 3


def test_the_wait_is_bounded_and_then_fails_with_the_reason(
    instant_polls: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(region_switch, "ARC_CHECKS_ATTEMPTS", 3)
    args = {**stack_args("us"), "region_switch": True}
    with pytest.raises(Exception, match="no Route 53 health check for us-east-1 latency"):
        build_graph(args, arc_checks_per_read=0)  # type: ignore[arg-type]


def test_turning_the_plan_on_updates_the_records_in_place(stack_args_with, switched) -> None:
    before = {r.urn: r.plain_inputs for r in stack_args_with().of_type(RECORD)}
    after = {r.urn: r.plain_inputs for r in switched().of_type(RECORD)}
    assert before.keys() == after.keys()
    for urn, inputs in after.items():
        assert (inputs["name"], inputs["zoneId"]) == (before[urn]["name"], before[urn]["zoneId"])


def test_the_rto_is_the_failover_models_worst_case_rounded_up(switched) -> None:
    settings = resolve_args({**stack_args("us"), "region_switch": True})  # type: ignore[typeddict-item]
    worst = failover_estimate(settings).worst_case_seconds
    assert recovery_time_objective_minutes(settings) == math.ceil(worst / 60)
    assert plan_of(switched())["recoveryTimeObjectiveMinutes"] == math.ceil(worst / 60)


@pytest.mark.parametrize(
    ("stack", "component"),
    [("us", "api"), ("team.prod", "api"), ("s" * 40, "n" * 25), ("a_b", "x-")],
)
def test_plan_names_fit_arc_and_stay_apart(stack: str, component: str) -> None:
    name = region_switch_plan_name(stack, component)
    assert REGION_SWITCH_PLAN_NAME.fullmatch(name), name
    assert name != region_switch_plan_name(stack + "x", component)


def test_the_policy_document_takes_partition_and_account_from_the_alarms() -> None:
    document = execution_policy_document(
        zone_id="Z1",
        plan_name="p",
        role_arn="arn:aws-cn:iam::210987654321:role/r",
        alarm_arns=["arn:aws-cn:cloudwatch:cn-north-1:210987654321:alarm:a"],
    )
    resources = [r for s in document["Statement"] for r in s["Resource"]]
    assert "arn:aws-cn:arc-region-switch::210987654321:plan/p:*" in resources
    assert "arn:aws-cn:route53:::hostedzone/Z1" in resources


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"region_switch": "yes"}, "must be true or false"),
        (
            {
                "region_switch": True,
                "front_door": "alb",
                "global_accelerator": True,
            },
            "has no effect with global_accelerator",
        ),
        ({"region_switch": True, "regions": THREE}, "needs exactly 2 regions"),
        (
            {"region_switch": True, "regions": THREE, "routing": {"policy": "failover"}},
            "needs exactly 2 regions",
        ),
    ],
)
def test_invalid_region_switch_names_the_field(override: dict[str, Any], message: str) -> None:
    with pytest.raises(
        ArgsError, match=f"^MultiRegionApiArgs.region_switch: .*{re.escape(message)}"
    ):
        resolve_args({**stack_args("us"), **override})  # type: ignore[typeddict-item]


def test_ops_find_one_endpoint_check_per_region_among_the_graphs_checks(
    switched, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every health check of the graph, created in moto with exactly the tags the component gives
    it: the drill and ``verify`` find the region's HTTPS check and never the calculated one."""
    graph = switched()
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    with mock_aws():
        route53 = boto3.client("route53", region_name="us-east-1")
        created: dict[str, str] = {}
        for check in graph.of_type(CHECK):
            inputs = check.plain_inputs
            if inputs["type"] == "CALCULATED":
                config = {"Type": "CALCULATED", "ChildHealthChecks": [], "HealthThreshold": 0}
            else:
                config = {"Type": "HTTPS", "FullyQualifiedDomainName": inputs["fqdn"], "Port": 443}
            made = route53.create_health_check(CallerReference=check.name, HealthCheckConfig=config)
            created[made["HealthCheck"]["Id"]] = inputs["type"]
            route53.change_tags_for_resource(
                ResourceType="healthcheck",
                ResourceId=made["HealthCheck"]["Id"],
                AddTags=[{"Key": k, "Value": v} for k, v in inputs["tags"].items()],
            )
        found = find_health_checks(route53, "us")
    assert sorted(found) == TWO
    for refs in found.values():
        (ref,) = refs
        assert created[ref.id] == "HTTPS"
