"""``verify`` rows for a stack with a Region switch plan: Route 53 in moto (zone, records, endpoint
and calculated health checks as the component lays them out), ARC through botocore's Stubber
(moto has no ARC Region switch), so every ARC request and answer is checked against the real
service model."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber
from moto import mock_aws
from multi_region_api.components import resolve_args
from multi_region_api.components.args import ApiSettings
from multi_region_api.components.dns import region_records
from multi_region_api.components.health_checks import (
    ENDPOINT_ROLE,
    ROUTING_ROLE,
    health_check_tags,
)
from multi_region_api.components.stack_config import STACK_COMPONENT
from multi_region_api.ops.route53_health import find_health_checks
from multi_region_api.ops.verify_region_switch import region_switch_rows
from multi_region_api.ops.verify_report import Outcome, Row

STACK = "us"
REGIONS = ["us-east-1", "us-west-2"]
DOMAIN = "api.us.example.com"
PLAN_ARN = "arn:aws:arc-region-switch::123456789012:plan/us-api:a1b2c3"


def settings_for(**routing: Any) -> ApiSettings:
    return resolve_args(
        {
            "regions": REGIONS,
            "domain_name": DOMAIN,
            "hosted_zone_id": "Z0000000000000",  # replaced by moto's zone id
            "region_switch": True,
            **({"routing": routing} if routing else {}),
        }
    )


class Stack:
    """The Route 53 side of a deployed stack with a plan, built like the component builds it."""

    def __init__(self, settings: ApiSettings) -> None:
        self.route53 = boto3.client("route53", region_name="us-east-1")
        zone = self.route53.create_hosted_zone(Name="example.com", CallerReference="zone")
        self.zone_id = zone["HostedZone"]["Id"].split("/")[-1]
        self.settings = ApiSettings(**{**settings.__dict__, "hosted_zone_id": self.zone_id})
        self.endpoint = {r: self._check(r) for r in REGIONS}
        self.arc = {r: self._calculated([]) for r in REGIONS}  # ARC's own checks (stand-ins)
        self.routing = {
            r: self._calculated([self.endpoint[r], self.arc[r]], self._tags(r, ROUTING_ROLE))
            for r in REGIONS
        }
        records = region_records(STACK_COMPONENT, DOMAIN, REGIONS, self.settings.routing)
        for record in (r for found in records.values() for r in found):
            self.record(record.hostname, record.set_identifier, self.routing[record.region])

    def _check(self, region: str) -> str:
        check = self.route53.create_health_check(
            CallerReference=f"endpoint-{region}",
            HealthCheckConfig={
                "Type": "HTTPS",
                "FullyQualifiedDomainName": f"{region}.{DOMAIN}",
                "Port": 443,
            },
        )["HealthCheck"]["Id"]
        self._tag(check, self._tags(region, ENDPOINT_ROLE))
        return str(check)

    @staticmethod
    def _tags(region: str, role: str) -> dict[str, str]:
        """Exactly the component's tags (``health_checks.health_check_tags``)."""
        label = "health" if role == ENDPOINT_ROLE else "routing"
        component = {"stack": STACK, "component": STACK_COMPONENT}
        return health_check_tags(component, STACK_COMPONENT, region, role, label)

    def _tag(self, check: str, tags: dict[str, str]) -> None:
        self.route53.change_tags_for_resource(
            ResourceType="healthcheck",
            ResourceId=check,
            AddTags=[{"Key": k, "Value": v} for k, v in tags.items()],
        )

    def _calculated(self, children: list[str], tags: dict[str, str] | None = None) -> str:
        check = str(
            self.route53.create_health_check(
                CallerReference=f"calculated-{children}-{len(self.__dict__)}-{id(children)}",
                HealthCheckConfig={
                    "Type": "CALCULATED",
                    "ChildHealthChecks": children,
                    "HealthThreshold": len(children),
                },
            )["HealthCheck"]["Id"]
        )
        if tags:
            self._tag(check, tags)
        return check

    def record(self, name: str, set_identifier: str, check: str, action: str = "UPSERT") -> None:
        self.route53.change_resource_record_sets(
            HostedZoneId=self.zone_id,
            ChangeBatch={
                "Changes": [
                    {
                        "Action": action,
                        "ResourceRecordSet": {
                            "Name": name,
                            "Type": "A",
                            "SetIdentifier": set_identifier,
                            "Weight": 1,
                            "TTL": 60,
                            "ResourceRecords": [{"Value": "192.0.2.1"}],
                            "HealthCheckId": check,
                        },
                    }
                ]
            },
        )


@pytest.fixture
def aws() -> Iterator[None]:
    with mock_aws():
        yield


def arc_client(
    stack: Stack,
    *,
    approach: str | None = "activeActive",
    evaluation: str = "passed",
    warnings: list[str] | None = None,
    **status: str,
) -> tuple[Any, Stubber]:
    """``approach`` None: the account has no plan of that name."""
    client = boto3.client(
        "arc-region-switch",
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    stubber = Stubber(client)
    plans = [
        {
            "arn": PLAN_ARN.replace("us-api", "other"),
            "owner": "123456789012",
            "name": "other",
            "regions": REGIONS,
            "recoveryApproach": "activeActive",
        }
    ]
    if approach is not None:
        plans.append({**plans[0], "arn": PLAN_ARN, "name": "us-api", "recoveryApproach": approach})
    stubber.add_response("list_plans_in_region", {"plans": plans}, {})
    if approach is None:
        stubber.activate()
        return client, stubber
    found = [
        {
            "workflow": {"action": "activate", "name": "activate"},
            "version": "1",
            "warningStatus": "active",
            "warningUpdatedTime": datetime(2026, 11, 23, tzinfo=UTC),
            "warningMessage": m,
        }
        for m in warnings or []
    ]
    # Two pages (the first may hold no warning at all): the row must read every page.
    page = {"planArn": PLAN_ARN, "evaluationState": evaluation}
    stubber.add_response(
        "get_plan_evaluation_status",
        {**page, "warnings": found[:1], "nextToken": "w"},
        {"planArn": PLAN_ARN},
    )
    stubber.add_response(
        "get_plan_evaluation_status",
        {**page, "warnings": found[1:]},
        {"planArn": PLAN_ARN, "nextToken": "w"},
    )
    checks = [
        {
            "hostedZoneId": stack.zone_id,
            "recordName": DOMAIN,
            "healthCheckId": stack.arc[r],
            "status": status.get(r.replace("-", "_"), "healthy"),
            "region": r,
        }
        for r in REGIONS
    ]
    # Two pages, from the regional data plane (the control plane is in us-east-1, which may be
    # the impaired region): the rows must read every page.
    stubber.add_response(
        "list_route53_health_checks_in_region",
        {"healthChecks": checks[:1], "nextToken": "t"},
        {"arn": PLAN_ARN},
    )
    stubber.add_response(
        "list_route53_health_checks_in_region",
        {"healthChecks": checks[1:]},
        {"arn": PLAN_ARN, "nextToken": "t"},
    )
    stubber.activate()
    return client, stubber


def rows_of(stack: Stack, arc: Any) -> list[Row]:
    return region_switch_rows(STACK, stack.settings, stack.route53, lambda service, region: arc)


def outcomes(rows: list[Row]) -> dict[tuple[str, str], Outcome]:
    return {(r.check, r.target): r.outcome for r in rows}


@pytest.mark.parametrize(
    "routing",
    [{}, {"policy": "failover"}, {"policy": "weighted"}, {"policy": "geolocation"}],
    ids=["latency", "failover", "weighted", "geolocation"],
)
def test_a_stack_as_the_component_builds_it_passes(aws: None, routing: dict[str, Any]) -> None:
    stack = Stack(settings_for(**routing))
    approach = "activePassive" if routing.get("policy") == "failover" else "activeActive"
    arc, stubber = arc_client(stack, approach=approach)
    rows = rows_of(stack, arc)
    stubber.assert_no_pending_responses()
    assert [r for r in rows if r.outcome is not Outcome.PASS] == []
    records = sum(
        len(v)
        for v in region_records(STACK_COMPONENT, DOMAIN, REGIONS, stack.settings.routing).values()
    )
    assert len([r for r in rows if r.check == "region switch record"]) == records


def test_a_record_left_on_the_endpoint_check_fails(aws: None) -> None:
    stack = Stack(settings_for())
    stack.record(f"latency.{DOMAIN}", "us-west-2", stack.endpoint["us-west-2"])
    arc, _ = arc_client(stack)
    rows = rows_of(stack, arc)
    (bad,) = [r for r in rows if r.outcome is Outcome.FAIL]
    assert bad.target == f"latency.{DOMAIN} us-west-2"
    assert "HTTPS check, not the calculated one" in bad.detail


def test_a_calculated_check_missing_arcs_child_fails(aws: None) -> None:
    stack = Stack(settings_for())
    stack.record(f"latency.{DOMAIN}", "us-east-1", stack._calculated([stack.endpoint["us-east-1"]]))
    arc, _ = arc_client(stack)
    (bad,) = [r for r in rows_of(stack, arc) if r.outcome is Outcome.FAIL]
    assert "expected" in bad.detail
    assert stack.arc["us-east-1"] in bad.detail


def test_a_region_held_out_by_arc_and_evaluation_warnings_fail(aws: None) -> None:
    stack = Stack(settings_for())
    arc, _ = arc_client(
        stack,
        evaluation="actionRequired",
        warnings=["role cannot read alarm", "alarm gone"],
        us_east_1="unhealthy",
    )
    rows = rows_of(stack, arc)
    failing = {r.check: r.detail for r in rows if r.outcome is Outcome.FAIL}
    assert failing["region switch evaluation"] == (
        "actionRequired: role cannot read alarm; alarm gone"
    )
    assert "ARC holds us-east-1 out" in failing["region switch record"]


def test_a_missing_plan_or_the_wrong_approach_fails(aws: None) -> None:
    stack = Stack(settings_for(policy="failover"))
    nothing, _ = arc_client(stack, approach=None)
    (missing,) = rows_of(stack, nothing)
    assert missing.outcome is Outcome.FAIL
    assert missing.detail.startswith("no Region switch plan named 'us-api' in us-east-1")
    assert missing.detail.endswith("run `pulumi up`")
    arc, _ = arc_client(stack, approach="activeActive")
    rows = rows_of(stack, arc)
    plan_row = next(r for r in rows if r.check == "region switch plan")
    assert plan_row.outcome is Outcome.FAIL
    assert "the stack's is activePassive" in plan_row.detail


def test_the_calculated_checks_are_not_a_regions_endpoint_check(aws: None) -> None:
    """Tagged as the component tags them, the routing checks share the endpoint checks' stack and
    region; the drill and verify must still find exactly one endpoint check per region."""
    stack = Stack(settings_for())
    found = find_health_checks(stack.route53, STACK)
    assert {r: [ref.id for ref in refs] for r, refs in found.items()} == {
        r: [stack.endpoint[r]] for r in REGIONS
    }


def test_no_rows_without_region_switch(aws: None) -> None:
    plain = resolve_args({"regions": REGIONS, "domain_name": DOMAIN, "hosted_zone_id": "Z1"})
    assert region_switch_rows(STACK, plain, None, lambda service, region: None) == []
