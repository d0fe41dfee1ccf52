"""The ALB front door's network, target group contract, dashboard and DNS families (issue 19:
ordering after the internet gateway, regular Availability Zones only, the target group the
function recognises, ELB 5xx on the dashboard, no AAAA for an IPv4-only network)."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import pytest
from multi_region_api.components import ArgsError, resolve_args
from multi_region_api.components.alb import ELB_5XX_METRICS, XFF_MODE
from multi_region_api.components.aws_limits import check_physical_names
from multi_region_api.components.dns import policy_hostname
from multi_region_api.components.naming import regional_hostname
from multi_region_api.components.region_names import known_regions
from multi_region_api.components.vpc import answers_ipv6
from multi_region_api.handlers import contract

from tests.unit.components.support import (
    LOCAL_ZONES,
    PROJECT,
    Graph,
    Registered,
    build_graph,
    stack_args,
)
from tests.unit.components.test_aws_limits import longest_args

SECRET = "alb-network-test-secret"
USER_NETWORK = {
    "vpc_id": "vpc-0123456789abcdef0",
    "subnet_ids": ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"],
}
RECORD = "aws:route53/record:Record"


def alb_args(**extra: Any) -> Any:
    return {**stack_args("us"), "front_door": "alb", "health_check_secret": SECRET, **extra}


@cache
def alb_graph(user_network_in: str | None = None) -> Graph:
    networks = {"alb_networks": {user_network_in: USER_NETWORK}} if user_network_in else {}
    return build_graph(alb_args(**networks))


def in_region(graph: Graph, typ: str, region: str) -> list[Registered]:
    return [r for r in graph.of_type(typ) if r.name.startswith(f"api-{region}-")]


def test_the_load_balancer_waits_for_the_internet_gateways_routes() -> None:
    graph = alb_graph()
    for region in stack_args("us")["regions"]:
        (lb,) = in_region(graph, "aws:lb/loadBalancer:LoadBalancer", region)
        routes = in_region(graph, "aws:ec2/route:Route", region)
        associations = in_region(
            graph, "aws:ec2/routeTableAssociation:RouteTableAssociation", region
        )
        assert len(routes) == 2
        assert len(associations) == 2
        for needed in (*routes, *associations):
            assert needed.urn in lb.dependencies, needed.name
        (gateway,) = in_region(graph, "aws:ec2/internetGateway:InternetGateway", region)
        assert all(r.plain_inputs["gatewayId"] == gateway.state_id for r in routes)


def test_a_users_network_has_nothing_to_wait_for() -> None:
    graph = alb_graph("us-west-2")
    (lb,) = in_region(graph, "aws:lb/loadBalancer:LoadBalancer", "us-west-2")
    ec2 = {r.urn for r in graph.resources if r.type.startswith("aws:ec2/")}
    assert not ec2 & set(lb.dependencies) - {
        g.urn for g in in_region(graph, "aws:ec2/securityGroup:SecurityGroup", "us-west-2")
    }


def test_subnets_are_in_regular_availability_zones_never_a_local_zone() -> None:
    graph = alb_graph()
    for region in stack_args("us")["regions"]:
        assert region in LOCAL_ZONES  # the mocks list an opted-in Local Zone that sorts first
        subnets = in_region(graph, "aws:ec2/subnet:Subnet", region)
        zones = sorted(s.plain_inputs["availabilityZone"] for s in subnets)
        assert zones == [f"{region}a", f"{region}b"]


def test_the_function_knows_its_own_target_group_and_the_alb_appends_x_forwarded_for() -> None:
    graph = alb_graph()
    for region in stack_args("us")["regions"]:
        (tg,) = in_region(graph, "aws:lb/targetGroup:TargetGroup", region)
        (function,) = in_region(graph, "aws:lambda/function:Function", region)
        variables = function.plain_inputs["environment"]["variables"]
        assert variables[contract.ENV_ALB_TARGET_GROUP_ARN] == tg.state["arn"]
        assert tg.urn in function.dependencies
        (lb,) = in_region(graph, "aws:lb/loadBalancer:LoadBalancer", region)
        assert lb.plain_inputs["xffHeaderProcessingMode"] == XFF_MODE == "append"


def test_api_gateway_functions_get_no_target_group() -> None:
    graph = build_graph({**stack_args("us"), "health_check_secret": SECRET})
    for function in graph.of_type("aws:lambda/function:Function"):
        variables = function.plain_inputs["environment"]["variables"]
        assert contract.ENV_ALB_TARGET_GROUP_ARN not in variables


def test_the_dashboard_plots_the_load_balancers_own_5xx_next_to_the_targets() -> None:
    (board,) = alb_graph().of_type("aws:cloudwatch/dashboard:Dashboard")
    body = json.loads(board.plain_inputs["dashboardBody"])
    for widget in body["widgets"]:
        names = [m[1] for m in widget["properties"].get("metrics", [])]
        if "HTTPCode_Target_5XX_Count" in names:
            for metric in ("HTTPCode_ELB_5XX_Count", "HTTPCode_ELB_502_Count"):
                assert metric in names
            assert set(ELB_5XX_METRICS) <= set(names)
            break
    else:
        pytest.fail("no ALB widget")


def record_types(graph: Graph, name: str) -> list[str]:
    return sorted(
        r.plain_inputs["type"] for r in graph.of_type(RECORD) if r.plain_inputs["name"] == name
    )


def test_an_ipv4_only_network_gets_no_aaaa_records() -> None:
    graph = alb_graph("us-west-2")
    settings = resolve_args(alb_args(alb_networks={"us-west-2": USER_NETWORK}))
    domain = settings.domain_name
    assert answers_ipv6(settings, "us-east-1")
    assert not answers_ipv6(settings, "us-west-2")
    assert record_types(graph, regional_hostname("us-west-2", domain)) == ["A"]
    assert record_types(graph, regional_hostname("us-east-1", domain)) == ["A", "AAAA"]
    # The shared name routes IPv6 clients like IPv4 ones: no AAAA while a region has none.
    routed = policy_hostname(settings.routing.policy, domain)
    assert record_types(graph, routed) == ["A", "A"]
    assert record_types(graph, domain) == ["A"]
    (lb,) = in_region(graph, "aws:lb/loadBalancer:LoadBalancer", "us-west-2")
    assert lb.plain_inputs["ipAddressType"] == "ipv4"


def test_every_alb_in_the_network_it_makes_is_dual_stack_with_aaaa() -> None:
    graph = alb_graph()
    settings = resolve_args(alb_args())
    for region in settings.regions:
        assert answers_ipv6(settings, region)
        (lb,) = in_region(graph, "aws:lb/loadBalancer:LoadBalancer", region)
        assert lb.plain_inputs["ipAddressType"] == "dualstack"
        assert record_types(graph, regional_hostname(region, settings.domain_name)) == [
            "A",
            "AAAA",
        ]


def test_the_environment_check_counts_the_target_group_arn() -> None:
    """16 of the longest regions under the longest domain fit the function's environment with
    an API Gateway front door, not with the ALB's target group ARN on top."""
    commercial = [r for r in known_regions() if r[:3] in ("ap-", "eu-", "ca-") and "iso" not in r]
    regions = sorted(commercial, key=lambda r: (-len(r), r))[:16]
    common = {"regions": regions, "home_region": regions[0], "tags": {}}
    check_physical_names("api", resolve_args(longest_args(**common)), project=PROJECT, stack="us")
    alb = resolve_args(longest_args(**common, front_door="alb"))
    with pytest.raises(ArgsError, match=r"MultiRegionApiArgs\.regions: .*environment"):
        check_physical_names("api", alb, project=PROJECT, stack="us")
