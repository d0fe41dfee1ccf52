"""``verify`` with the ``alb`` front door: each region's target group health (ELB through
botocore's Stubber, so every request and answer is checked against the real service model) and
the DNS families of an IPv4-only user network (issue 19, findings 8 and 9)."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.stub import Stubber
from multi_region_api.components import resolve_args
from multi_region_api.components.args import ApiSettings
from multi_region_api.components.naming import regional_hostname
from multi_region_api.ops.verify import hostnames, ipv4_only
from multi_region_api.ops.verify_alb import target_health_rows
from multi_region_api.ops.verify_endpoints import EndpointDeps, dns_rows
from multi_region_api.ops.verify_report import Outcome, Row

STACK = "us"
REGIONS = ["us-east-1", "us-west-2"]
DOMAIN = "api.us.example.com"
ACCOUNT = "123456789012"
USER_NETWORK = {
    "vpc_id": "vpc-0123456789abcdef0",
    "subnet_ids": ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"],
}


def alb_settings(**extra: Any) -> ApiSettings:
    return resolve_args(
        {
            "regions": REGIONS,
            "domain_name": DOMAIN,
            "hosted_zone_id": "Z0123456789ABC",
            "front_door": "alb",
            **extra,
        }
    )


def group(region: str, name: str) -> dict[str, Any]:
    arn = f"arn:aws:elasticloadbalancing:{region}:{ACCOUNT}:targetgroup/{name}/6d0ecf831eec9f09"
    return {"TargetGroupArn": arn, "TargetGroupName": name, "TargetType": "lambda"}


def function_arn(region: str) -> str:
    return f"arn:aws:lambda:{region}:{ACCOUNT}:function:api-{region}-function-9f8e7d6"


class Elb:
    """One region's ELB: the stack's target group among others, over two pages."""

    def __init__(self, region: str, health: list[dict[str, Any]] | None, *, tagged: bool = True):
        self.client = boto3.client(
            "elbv2",
            region_name=region,
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )
        self.stubber = Stubber(self.client)
        ours = group(region, f"api-{region}-tg-0a1b2c3")
        other = group(region, "someone-elses")
        instances = {**group(region, "instances"), "TargetType": "instance"}
        self.stubber.add_response(
            "describe_target_groups", {"TargetGroups": [other, instances], "NextMarker": "m"}, {}
        )
        self.stubber.add_response(
            "describe_target_groups", {"TargetGroups": [ours]}, {"Marker": "m"}
        )
        tags = {"stack": STACK, "region": region, "component": "api"} if tagged else {}
        self.stubber.add_response(
            "describe_tags",
            {
                "TagDescriptions": [
                    {
                        "ResourceArn": other["TargetGroupArn"],
                        "Tags": [
                            {"Key": "stack", "Value": "eu"},
                            {"Key": "region", "Value": region},
                        ],
                    },
                    {
                        "ResourceArn": ours["TargetGroupArn"],
                        # An untagged resource comes without the list (it has a minimum length).
                        **(
                            {"Tags": [{"Key": k, "Value": v} for k, v in tags.items()]}
                            if tags
                            else {}
                        ),
                    },
                ]
            },
            {"ResourceArns": [other["TargetGroupArn"], ours["TargetGroupArn"]]},
        )
        if health is not None:
            self.stubber.add_response(
                "describe_target_health",
                {"TargetHealthDescriptions": health},
                {"TargetGroupArn": ours["TargetGroupArn"]},
            )
        self.stubber.activate()


def target(region: str, state: str, **why: str) -> dict[str, Any]:
    return {"Target": {"Id": function_arn(region)}, "TargetHealth": {"State": state, **why}}


def rows_for(elbs: dict[str, Elb], settings: ApiSettings | None = None) -> list[Row]:
    def clients(service: str, region: str) -> Any:
        assert service == "elbv2"
        return elbs[region].client

    return target_health_rows(STACK, settings or alb_settings(), clients)


def test_every_regions_target_group_counts_its_function_healthy() -> None:
    elbs = {r: Elb(r, [target(r, "healthy")]) for r in REGIONS}
    rows = rows_for(elbs)
    for elb in elbs.values():
        elb.stubber.assert_no_pending_responses()
    assert [(r.check, r.target, r.outcome) for r in rows] == [
        ("target health", f"{r} api-{r}-tg-0a1b2c3", Outcome.PASS) for r in REGIONS
    ]
    assert rows[0].detail == "healthy: api-us-east-1-function-9f8e7d6"


def test_an_unhealthy_target_fails_with_elbs_reason() -> None:
    failing = target(
        "us-west-2",
        "unhealthy",
        Reason="Target.ResponseCodeMismatch",
        Description="Health checks failed with these codes: [403]",
    )
    elbs = {
        "us-east-1": Elb("us-east-1", [target("us-east-1", "healthy")]),
        "us-west-2": Elb("us-west-2", [failing]),
    }
    rows = rows_for(elbs)
    (bad,) = [r for r in rows if r.outcome is Outcome.FAIL]
    assert bad.target == "us-west-2 api-us-west-2-tg-0a1b2c3"
    assert bad.detail == (
        "unhealthy (Target.ResponseCodeMismatch: Health checks failed with these codes: [403]): "
        "api-us-west-2-function-9f8e7d6"
    )


def test_no_target_registered_or_no_tagged_group_fails() -> None:
    elbs = {
        "us-east-1": Elb("us-east-1", []),
        "us-west-2": Elb("us-west-2", None, tagged=False),
    }
    rows = rows_for(elbs)
    assert [(r.target, r.outcome) for r in rows] == [
        ("us-east-1 api-us-east-1-tg-0a1b2c3", Outcome.FAIL),
        ("us-west-2", Outcome.FAIL),
    ]
    assert rows[0].detail == "no target registered (the function is not attached)"
    assert rows[1].detail.startswith("expected one Lambda target group tagged stack=us")


def test_api_gateway_front_doors_have_no_target_groups() -> None:
    rest = resolve_args({"regions": REGIONS, "domain_name": DOMAIN, "hosted_zone_id": "Z1"})
    assert target_health_rows(STACK, rest, lambda service, region: pytest.fail("no call")) == []


def dual_stack_resolver(name: str, record_type: str) -> tuple[str, ...]:
    return ("192.0.2.10",) if record_type == "A" else ("2001:db8::10",)


def test_an_ipv4_only_network_expects_no_aaaa() -> None:
    settings = alb_settings(alb_networks={"us-west-2": USER_NETWORK})
    west = regional_hostname("us-west-2", DOMAIN)
    east = regional_hostname("us-east-1", DOMAIN)
    assert ipv4_only(settings) == {DOMAIN, west}

    def as_deployed(name: str, record_type: str) -> tuple[str, ...]:
        return (
            ()
            if name in (DOMAIN, west) and record_type == "AAAA"
            else dual_stack_resolver(name, record_type)
        )

    rows = dns_rows(
        hostnames(settings), EndpointDeps(resolve=as_deployed), ipv4_only=ipv4_only(settings)
    )
    assert all(r.outcome is Outcome.PASS for r in rows), rows
    aaaa = {r.target: r.detail for r in rows if r.check == "dns AAAA"}
    assert aaaa[west] == "none (IPv4-only network)"
    assert aaaa[east] == "2001:db8::10"

    stale = dns_rows(
        hostnames(settings),
        EndpointDeps(resolve=dual_stack_resolver),
        ipv4_only=ipv4_only(settings),
    )
    assert {r.target for r in stale if r.outcome is Outcome.FAIL} == {DOMAIN, west}


def test_dual_stack_networks_expect_aaaa_everywhere() -> None:
    assert ipv4_only(alb_settings()) == frozenset()
