"""Every front door (HTTP API, ALB, ALB behind Global Accelerator) under mocks, both stacks.

Each graph is built once per (front door, stack, mode) and shared. The REST front door is the
default and is covered by the other modules; here it is the baseline the others are compared to.
"""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

import pulumi_aws as aws
import pytest
from multi_region_api.components import ArgsError, resolve_args
from multi_region_api.components.alb import TLS_POLICY
from multi_region_api.components.dns import policy_hostname
from multi_region_api.components.front_door_guard import GUARD_TYPE
from multi_region_api.components.naming import health_resource_path, regional_hostname
from multi_region_api.components.stack_config import StackConfigError, args_from_config
from multi_region_api.components.traffic_dials import traffic_dials
from pulumi.runtime import rpc

from tests.unit.components.conftest import cached_graph
from tests.unit.components.support import (
    ALB_ZONE_IDS,
    API_GATEWAY_ZONE_IDS,
    GLOBAL_ACCELERATOR_ZONE_ID,
    MODES,
    STACKS,
    Graph,
    Registered,
    build_graph,
    stack_args,
)

DOORS: dict[str, dict[str, Any]] = {
    "http": {"front_door": "http"},
    "alb": {"front_door": "alb"},
    "alb-ga": {"front_door": "alb", "global_accelerator": True},
}
FAMILIES = {
    "rest": ("aws:apigateway/",),
    "http": ("aws:apigatewayv2/",),
    "alb": ("aws:lb/", "aws:ec2/"),
    "ga": ("aws:globalaccelerator/",),
}
PRESENT = {"http": {"http"}, "alb": {"alb"}, "alb-ga": {"alb", "ga"}}
SECRET = "front-door-test-secret"


def door_args(door: str, stack: str, **extra: Any) -> Any:
    return {**stack_args(stack), **DOORS[door], "health_check_secret": SECRET, **extra}


@cache
def graph_of(door: str, stack: str, mode: str) -> Graph:
    return build_graph(door_args(door, stack), stack=stack, preview=mode == "preview")


CASES = [(d, s, m) for d in DOORS for s in STACKS for m in MODES]


@pytest.fixture(params=CASES, ids=lambda c: "-".join(c))
def case(request: pytest.FixtureRequest) -> tuple[str, Graph, Any]:
    door, stack, mode = request.param
    return door, graph_of(door, stack, mode), resolve_args(door_args(door, stack))


@pytest.fixture(params=[(d, s) for d in DOORS for s in STACKS], ids=lambda c: "-".join(c))
def updated(request: pytest.FixtureRequest) -> tuple[str, Graph, Any]:
    door, stack = request.param
    return door, graph_of(door, stack, "update"), resolve_args(door_args(door, stack))


def family(resource: Registered) -> str | None:
    return next(
        (name for name, prefixes in FAMILIES.items() if resource.type.startswith(prefixes)), None
    )


def region_of(graph: Graph, resource: Registered) -> str:
    return graph.aws_providers()[resource.provider_urn]


def test_every_resource_is_on_the_right_provider(case: tuple[str, Graph, Any]) -> None:
    _, graph, settings = case
    for resource in graph.resources:
        if not resource.custom or resource.type.startswith("pulumi:providers:"):
            continue
        if resource.type == GUARD_TYPE:  # the dynamic provider's, which has no region
            continue
        assert resource.provider, f"{resource.name} is on the default provider"
        where = region_of(graph, resource)
        if resource.type.startswith("aws:globalaccelerator/"):
            assert where == "us-west-2", resource.name
        elif resource.type.startswith(("aws:route53/", "aws:sns/")):
            assert where == "us-east-1", resource.name
        elif family(resource) in ("http", "alb") or resource.type.startswith("aws:lambda/"):
            region = next(r for r in settings.regions if resource.name.startswith(f"api-{r}-"))
            assert where == region, resource.name


def test_nothing_of_another_front_door_is_present(case: tuple[str, Graph, Any]) -> None:
    door, graph, _ = case
    present = {family(r) for r in graph.resources} - {None}
    assert present == PRESENT[door]
    # API Gateway access logs only where API Gateway is; an ALB has no CloudWatch access log.
    access_logs = [r for r in graph.resources if r.name.endswith("-access-logs")]
    assert bool(access_logs) == (door == "http")


def test_graph_has_only_the_accelerator_provider_it_needs(case: tuple[str, Graph, Any]) -> None:
    door, graph, settings = case
    expected = sorted(
        [*settings.regions, "us-east-1", *(["us-west-2"] if door == "alb-ga" else [])]
    )
    assert sorted(graph.aws_providers().values()) == expected


def snapshot(graph: Graph) -> dict[str, object]:
    return {r.urn: (r.plain_inputs, r.provider_urn, r.parent) for r in graph.resources}


@pytest.mark.parametrize("door", DOORS)
def test_reordering_regions_changes_nothing(door: str) -> None:
    args = door_args(door, "us")
    reordered = build_graph({**args, "regions": list(reversed(args["regions"]))})
    assert snapshot(reordered) == snapshot(graph_of(door, "us", "update"))
    assert reordered.outputs == graph_of(door, "us", "update").outputs


@pytest.mark.parametrize("door", DOORS)
def test_adding_a_region_only_adds(door: str) -> None:
    before = graph_of(door, "eu", "update")
    args = door_args(door, "eu")
    after = build_graph({**args, "regions": [*args["regions"], "eu-west-2"]}, stack="eu")
    assert before.urns() < after.urns()
    added = after.urns() - before.urns()
    assert all("eu-west-2" in urn.rsplit("::", 1)[1] for urn in added), sorted(added)
    unchanged = {
        "aws:globalaccelerator/accelerator:Accelerator",
        "aws:lb/loadBalancer:LoadBalancer",
    }
    for resource in before.resources:
        assert after.by_urn(resource.urn).provider_urn == resource.provider_urn
        if resource.type in unchanged:
            assert after.by_urn(resource.urn).plain_inputs == resource.plain_inputs


@pytest.mark.parametrize("stack", STACKS)
def test_switching_front_door_does_not_touch_the_table(stack: str) -> None:
    rest = build_graph({**stack_args(stack), "health_check_secret": SECRET}, stack=stack)
    table = rest.named("api-table")
    for door in DOORS:
        other = graph_of(door, stack, "update").named("api-table")
        assert (other.urn, other.plain_inputs, other.provider_urn) == (
            table.urn,
            table.plain_inputs,
            table.provider_urn,
        )


def dashboard(graph: Graph) -> dict[str, Any]:
    (board,) = graph.of_type("aws:cloudwatch/dashboard:Dashboard")
    return json.loads(board.plain_inputs["dashboardBody"])


def test_the_dashboard_shows_the_front_door_in_use(updated: tuple[str, Graph, Any]) -> None:
    door, graph, settings = updated
    body = json.dumps(dashboard(graph))
    metrics = [
        m
        for w in dashboard(graph)["widgets"]
        if w["type"] == "metric"
        for m in w["properties"]["metrics"]
    ]
    namespaces = {m[0] for m in metrics}
    if door == "http":
        apis = graph.of_type("aws:apigatewayv2/api:Api")
        assert "ApiName" not in body
        assert {m[3] for m in metrics if m[2] == "ApiId"} == {
            api.state["executionArn"].rsplit(":", 1)[1] for api in apis
        }
    else:
        assert "AWS/ApiGateway" not in namespaces
        suffixes = {
            lb.state["arnSuffix"] for lb in graph.of_type("aws:lb/loadBalancer:LoadBalancer")
        }
        assert {m[3] for m in metrics if m[0] == "AWS/ApplicationELB"} == suffixes
        assert len(suffixes) == len(settings.regions)
    assert ("AWS/GlobalAccelerator" in namespaces) == (door == "alb-ga")
    assert "AWS/Route53" in namespaces  # the regional names' health checks stay


def aliases(graph: Graph, name: str) -> list[tuple[str, str, str]]:
    return sorted(
        (
            r.plain_inputs["type"],
            r.plain_inputs["aliases"][0]["name"],
            r.plain_inputs["aliases"][0]["zoneId"],
        )
        for r in graph.of_type("aws:route53/record:Record")
        if r.plain_inputs["name"] == name and r.plain_inputs.get("aliases")
    )


def test_dns_points_at_the_front_door(updated: tuple[str, Graph, Any]) -> None:
    door, graph, settings = updated
    shared = aliases(graph, settings.domain_name)
    for region in settings.regions:
        regional = aliases(graph, regional_hostname(region, settings.domain_name))
        assert [t for t, _, _ in regional] == ["A", "AAAA"]
        for _, target, zone in regional:
            if door == "http":
                assert target.endswith(f".execute-api.{region}.amazonaws.com")
                assert zone == API_GATEWAY_ZONE_IDS[region]
            else:
                assert target.endswith(f".{region}.elb.amazonaws.com")
                assert target.startswith("dualstack.")
                assert zone == ALB_ZONE_IDS[region]
    if door == "alb-ga":
        assert [t for t, _, _ in shared] == ["A", "AAAA"]
        for _, target, zone in shared:
            assert target.endswith(".dualstack.awsglobalaccelerator.com")
            assert zone == GLOBAL_ACCELERATOR_ZONE_ID
        shared_records = [
            r
            for r in graph.of_type("aws:route53/record:Record")
            if r.plain_inputs["name"] == settings.domain_name
        ]
        assert all("healthCheckId" not in r.plain_inputs for r in shared_records)
        assert graph.outputs["static_ips"] == [
            "75.2.11.29",
            "99.83.190.102",
            "2600:9000:a400::1",
            "2600:9000:a500::1",
        ]
    else:
        # The shared name aliases the routing policy's name, where each region's records are
        # health-checked and point at this front door's shared custom domain.
        routed = policy_hostname(settings.routing.policy, settings.domain_name)
        assert [(t, target) for t, target, _ in shared] == [("A", routed), ("AAAA", routed)]
        per_region = [
            r
            for r in graph.of_type("aws:route53/record:Record")
            if r.plain_inputs["name"] == routed
        ]
        assert len(per_region) == 2 * len(settings.regions)
        assert all(r.plain_inputs.get("healthCheckId") for r in per_region)
        assert graph.outputs["static_ips"] == []
    # Health checks and their alarms stay on the regional names for every front door.
    checks = graph.of_type("aws:route53/healthCheck:HealthCheck")
    assert sorted(c.plain_inputs["fqdn"] for c in checks) == sorted(
        regional_hostname(r, settings.domain_name) for r in settings.regions
    )
    assert len(graph.of_type("aws:cloudwatch/metricAlarm:MetricAlarm")) == len(settings.regions)


def by_region(graph: Graph, typ: str, region: str) -> list[Registered]:
    return [r for r in graph.of_type(typ) if r.name.startswith(f"api-{region}-")]


@pytest.mark.parametrize("stack", STACKS)
def test_http_api_shape(stack: str) -> None:
    graph = graph_of("http", stack, "update")
    settings = resolve_args(door_args("http", stack))
    for region in settings.regions:
        (api,) = by_region(graph, "aws:apigatewayv2/api:Api", region)
        assert api.plain_inputs["protocolType"] == "HTTP"
        assert api.plain_inputs["disableExecuteApiEndpoint"] is True
        (integration,) = by_region(graph, "aws:apigatewayv2/integration:Integration", region)
        assert integration.plain_inputs["integrationType"] == "AWS_PROXY"
        assert integration.plain_inputs["payloadFormatVersion"] == "2.0"
        function = graph.named(f"api-{region}-function")
        assert function.state["arn"] in integration.plain_inputs["integrationUri"]
        (route,) = by_region(graph, "aws:apigatewayv2/route:Route", region)
        assert route.plain_inputs["routeKey"] == "$default"
        assert route.plain_inputs["target"] == f"integrations/{integration.state_id}"
        (stage,) = by_region(graph, "aws:apigatewayv2/stage:Stage", region)
        assert stage.plain_inputs["name"] == "$default"
        assert stage.plain_inputs["autoDeploy"] is True
        logs = graph.named(f"api-{region}-access-logs")
        assert stage.plain_inputs["accessLogSettings"]["destinationArn"] == logs.state["arn"]
        assert stage.plain_inputs["defaultRouteSettings"]["throttlingRateLimit"] > 0
        assert stage.plain_inputs["defaultRouteSettings"]["throttlingBurstLimit"] > 0
        domains = by_region(graph, "aws:apigatewayv2/domainName:DomainName", region)
        certificate = graph.named(f"api-{region}-certificate").state["arn"]
        assert sorted(d.plain_inputs["domainName"] for d in domains) == sorted(
            [settings.domain_name, regional_hostname(region, settings.domain_name)]
        )
        for domain in domains:
            config = domain.plain_inputs["domainNameConfiguration"]
            assert config["securityPolicy"] == "TLS_1_2"
            assert config["endpointType"] == "REGIONAL"
            assert config["certificateArn"] == certificate
        mappings = by_region(graph, "aws:apigatewayv2/apiMapping:ApiMapping", region)
        assert len(mappings) == 2
        assert all(m.plain_inputs["apiId"] == api.state_id for m in mappings)
        assert all(m.plain_inputs["stage"] == "$default" for m in mappings)
        assert all(m.delete_before_replace for m in mappings)
        (permission,) = by_region(graph, "aws:lambda/permission:Permission", region)
        assert permission.plain_inputs["principal"] == "apigateway.amazonaws.com"
        assert permission.plain_inputs["sourceArn"] == f"{api.state['executionArn']}/*/*"
    assert not graph.of_type("aws:apigateway/account:Account")


def test_http_api_maps_under_the_base_path() -> None:
    graph = build_graph(door_args("http", "us", base_path="v1"))
    mappings = graph.of_type("aws:apigatewayv2/apiMapping:ApiMapping")
    assert {m.plain_inputs["apiMappingKey"] for m in mappings} == {"v1"}


@pytest.mark.parametrize("door", ["alb", "alb-ga"])
@pytest.mark.parametrize("stack", STACKS)
def test_alb_shape(door: str, stack: str) -> None:
    graph = graph_of(door, stack, "update")
    settings = resolve_args(door_args(door, stack))
    assert sorted(region for _, region in graph.invokes) == sorted(settings.regions)
    for region in settings.regions:
        (vpc,) = by_region(graph, "aws:ec2/vpc:Vpc", region)
        assert vpc.plain_inputs["assignGeneratedIpv6CidrBlock"] is True
        subnets = by_region(graph, "aws:ec2/subnet:Subnet", region)
        assert len({s.plain_inputs["availabilityZone"] for s in subnets}) == 2
        assert all(s.plain_inputs["availabilityZone"].startswith(region) for s in subnets)
        assert len({s.plain_inputs["ipv6CidrBlock"] for s in subnets}) == 2
        routes = by_region(graph, "aws:ec2/route:Route", region)
        assert {
            r.plain_inputs.get("destinationCidrBlock")
            or r.plain_inputs.get("destinationIpv6CidrBlock")
            for r in routes
        } == {"0.0.0.0/0", "::/0"}
        assert (
            len(by_region(graph, "aws:ec2/routeTableAssociation:RouteTableAssociation", region))
            == 2
        )
        assert not by_region(graph, "aws:ec2/natGateway:NatGateway", region)
        (group,) = by_region(graph, "aws:ec2/securityGroup:SecurityGroup", region)
        assert sorted((i["fromPort"], i["toPort"]) for i in group.plain_inputs["ingress"]) == [
            (80, 80),
            (443, 443),
        ]
        assert group.plain_inputs["egress"] == []
        (lb,) = by_region(graph, "aws:lb/loadBalancer:LoadBalancer", region)
        assert lb.plain_inputs["loadBalancerType"] == "application"
        assert lb.plain_inputs["ipAddressType"] == "dualstack"
        assert lb.plain_inputs["internal"] is False
        assert lb.plain_inputs["securityGroups"] == [group.state_id]
        assert sorted(lb.plain_inputs["subnets"]) == sorted(s.state_id for s in subnets)
        listeners = {
            li.plain_inputs["port"]: li.plain_inputs
            for li in by_region(graph, "aws:lb/listener:Listener", region)
        }
        (tg,) = by_region(graph, "aws:lb/targetGroup:TargetGroup", region)
        assert listeners[443]["protocol"] == "HTTPS"
        assert listeners[443]["sslPolicy"] == TLS_POLICY
        assert (
            listeners[443]["certificateArn"]
            == graph.named(f"api-{region}-certificate").state["arn"]
        )
        assert listeners[443]["defaultActions"][0]["targetGroupArn"] == tg.state["arn"]
        redirect = listeners[80]["defaultActions"][0]
        assert (
            redirect["type"],
            redirect["redirect"]["protocol"],
            redirect["redirect"]["statusCode"],
        ) == ("redirect", "HTTPS", "HTTP_301")
        assert tg.plain_inputs["targetType"] == "lambda"
        health = tg.plain_inputs["healthCheck"]
        assert health["path"] == health_resource_path(settings.base_path, SECRET).replace(
            "-", "%2D"
        )
        assert re.fullmatch(r"/[A-Za-z0-9@:%_+.~#?&/=]*", health["path"]), health["path"]
        assert health["matcher"] == "200"
        assert health["interval"] == settings.health_check.interval_seconds
        assert health["unhealthyThreshold"] == max(2, settings.health_check.failure_threshold)
        wrapped = tg.inputs["healthCheck"]  # the path carries the secret: secret in state
        assert rpc.is_rpc_secret(wrapped) or rpc.is_rpc_secret(wrapped["path"])
        (permission,) = by_region(graph, "aws:lambda/permission:Permission", region)
        assert permission.plain_inputs["principal"] == "elasticloadbalancing.amazonaws.com"
        assert permission.plain_inputs["sourceArn"] == tg.state["arn"]
        (attachment,) = by_region(
            graph, "aws:lb/targetGroupAttachment:TargetGroupAttachment", region
        )
        assert (
            attachment.plain_inputs["targetId"]
            == graph.named(f"api-{region}-function").state["arn"]
        )


def test_alb_uses_the_users_network_where_given() -> None:
    network = {
        "vpc_id": "vpc-0123456789abcdef0",
        "subnet_ids": ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"],
    }
    graph = build_graph(door_args("alb", "us", alb_networks={"us-west-2": network}))
    assert not by_region(graph, "aws:ec2/vpc:Vpc", "us-west-2")
    assert by_region(graph, "aws:ec2/vpc:Vpc", "us-east-1")
    (lb,) = by_region(graph, "aws:lb/loadBalancer:LoadBalancer", "us-west-2")
    assert lb.plain_inputs["subnets"] == network["subnet_ids"]
    assert lb.plain_inputs["ipAddressType"] == "ipv4"
    (group,) = by_region(graph, "aws:ec2/securityGroup:SecurityGroup", "us-west-2")
    assert group.plain_inputs["vpcId"] == network["vpc_id"]
    assert graph.invokes == [("aws:index/getAvailabilityZones:getAvailabilityZones", "us-east-1")]


@pytest.mark.parametrize("stack", STACKS)
def test_global_accelerator_shape(stack: str) -> None:
    graph = graph_of("alb-ga", stack, "update")
    settings = resolve_args(door_args("alb-ga", stack))
    (accelerator,) = graph.of_type("aws:globalaccelerator/accelerator:Accelerator")
    assert accelerator.plain_inputs["ipAddressType"] == "DUAL_STACK"
    (listener,) = graph.of_type("aws:globalaccelerator/listener:Listener")
    assert listener.plain_inputs["protocol"] == "TCP"
    assert listener.plain_inputs["acceleratorArn"] == accelerator.state["arn"]
    assert sorted(p["fromPort"] for p in listener.plain_inputs["portRanges"]) == [80, 443]
    groups = graph.of_type("aws:globalaccelerator/endpointGroup:EndpointGroup")
    assert sorted(g.plain_inputs["endpointGroupRegion"] for g in groups) == sorted(settings.regions)
    for group in groups:
        region = group.plain_inputs["endpointGroupRegion"]
        (lb,) = by_region(graph, "aws:lb/loadBalancer:LoadBalancer", region)
        (endpoint,) = group.plain_inputs["endpointConfigurations"]
        assert endpoint["endpointId"] == lb.state["arn"]
        assert endpoint["clientIpPreservationEnabled"] is True
        assert (
            group.plain_inputs["healthCheckIntervalSeconds"]
            == settings.health_check.interval_seconds
        )
        assert group.plain_inputs["thresholdCount"] == settings.health_check.failure_threshold
        assert group.plain_inputs["trafficDialPercentage"] == 100


def test_a_callers_accelerator_provider_is_used() -> None:
    def kwargs() -> dict[str, Any]:
        return {"providers": {"accelerator": aws.Provider("tenant-ga", region="us-west-2")}}

    graph = build_graph(door_args("alb-ga", "us"), make_kwargs=kwargs)
    tenant = graph.named("tenant-ga").urn
    for resource in graph.resources:
        if resource.type.startswith("aws:globalaccelerator/"):
            assert resource.provider_urn == tenant
    assert "api-accelerator-provider" not in {r.name for r in graph.resources}


def test_rest_graph_is_what_it_was() -> None:
    """The REST stack gains no resource from the front-door seam (URNs are the baseline's)."""
    rest = cached_graph("us", "update")
    assert {family(r) for r in rest.resources} - {None} == {"rest"}
    assert rest.outputs["static_ips"] == []


INVALID = [
    ("front_door", {"front_door": "cloudfront"}),
    ("base_path", {"front_door": "alb", "base_path": "my-api"}),
    ("global_accelerator", {"global_accelerator": True}),
    ("global_accelerator", {"front_door": "alb", "global_accelerator": "yes"}),
    (
        "alb_networks",
        {
            "front_door": "http",
            "alb_networks": {
                "us-west-2": {
                    "vpc_id": "vpc-0123abcd",
                    "subnet_ids": ["subnet-0123abcd", "subnet-4567abcd"],
                }
            },
        },
    ),
    ("alb_networks.eu-west-1", {"front_door": "alb", "alb_networks": {"eu-west-1": {}}}),
    (
        "alb_networks.us-west-2.vpc_id",
        {"front_door": "alb", "alb_networks": {"us-west-2": {"vpc_id": "vpc-1", "subnet_ids": []}}},
    ),
    (
        "alb_networks.us-west-2.subnet_ids",
        {
            "front_door": "alb",
            "alb_networks": {
                "us-west-2": {"vpc_id": "vpc-0123abcd", "subnet_ids": ["subnet-0123abcd"]}
            },
        },
    ),
    (
        "alb_networks.us-west-2.colour",
        {"front_door": "alb", "alb_networks": {"us-west-2": {"colour": 1}}},
    ),
]


@pytest.mark.parametrize(("field", "override"), INVALID, ids=[f for f, _ in INVALID])
def test_invalid_front_door_args_name_their_field(field: str, override: dict[str, Any]) -> None:
    with pytest.raises(ArgsError) as error:
        resolve_args({**stack_args("us"), **override})
    assert error.value.field == field


def test_stack_config_keys() -> None:
    args = args_from_config(
        {
            "frontDoor": "alb",
            "globalAccelerator": True,
            "albNetworks": {
                "us-west-2": {
                    "vpcId": "vpc-0123abcd",
                    "subnetIds": ["subnet-0123abcd", "subnet-4567abcd"],
                }
            },
        }
    )
    assert args == {
        "front_door": "alb",
        "global_accelerator": True,
        "alb_networks": {
            "us-west-2": {
                "vpc_id": "vpc-0123abcd",
                "subnet_ids": ["subnet-0123abcd", "subnet-4567abcd"],
            }
        },
    }
    with pytest.raises(StackConfigError, match=r"albNetworks\.us-west-2\.vpc"):
        args_from_config({"albNetworks": {"us-west-2": {"vpc": "vpc-0123abcd"}}})


def test_weighted_routing_sets_the_accelerators_traffic_dials() -> None:
    args = {
        **stack_args("us"),
        "front_door": "alb",
        "global_accelerator": True,
        "routing": {"policy": "weighted", "weights": {"us-east-1": 200, "us-west-2": 50}},
    }
    settings = resolve_args(args)
    assert traffic_dials(settings) == {"us-east-1": 100.0, "us-west-2": 25.0}
    graph = build_graph(args)
    dials = {
        g.plain_inputs["endpointGroupRegion"]: g.plain_inputs["trafficDialPercentage"]
        for g in graph.of_type("aws:globalaccelerator/endpointGroup:EndpointGroup")
    }
    assert dials == {"us-east-1": 100.0, "us-west-2": 25.0}
    latency = resolve_args({**args, "routing": {"policy": "latency"}})
    assert set(traffic_dials(latency).values()) == {100.0}


def test_dns_only_policies_are_refused_with_global_accelerator() -> None:
    args = {**stack_args("us"), "front_door": "alb", "global_accelerator": True}
    with pytest.raises(ArgsError, match=r"routing\.policy"):
        resolve_args({**args, "routing": {"policy": "failover"}})
