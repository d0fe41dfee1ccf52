"""Which resources exist, where they live, and on which provider."""

from __future__ import annotations

from collections import Counter

from multi_region_api.components.front_door_guard import GUARD_TYPE

from tests.unit.components.conftest import cached_graph
from tests.unit.components.support import Graph, Registered

REGIONAL_RESOURCES = Counter(
    {
        "aws:cloudwatch/logGroup:LogGroup": 2,  # function logs, access logs
        "aws:iam/role:Role": 2,  # function, API Gateway logging
        "aws:iam/rolePolicy:RolePolicy": 1,
        "aws:iam/rolePolicyAttachment:RolePolicyAttachment": 1,
        "aws:apigateway/account:Account": 1,
        "aws:lambda/function:Function": 1,
        "aws:lambda/permission:Permission": 1,
        "aws:apigateway/restApi:RestApi": 1,
        "aws:apigateway/resource:Resource": 1,
        "aws:apigateway/method:Method": 2,
        "aws:apigateway/integration:Integration": 2,
        "aws:apigateway/deployment:Deployment": 1,
        "aws:apigateway/stage:Stage": 1,
        "aws:apigateway/methodSettings:MethodSettings": 1,
        "aws:apigateway/domainName:DomainName": 2,
        "aws:apigateway/basePathMapping:BasePathMapping": 2,
    }
)
GLOBAL_TYPES = {
    "aws:route53/record:Record",
    "aws:route53/healthCheck:HealthCheck",
    "aws:cloudwatch/metricAlarm:MetricAlarm",
    "aws:sns/topic:Topic",
    "aws:sns/topicSubscription:TopicSubscription",
}


def regional_api(graph: Graph, region: str) -> Registered:
    return graph.named(f"api-{region}")


def descendants(graph: Graph, ancestor: Registered) -> list[Registered]:
    found, frontier = [], {ancestor.urn}
    while frontier:
        children = [r for r in graph.resources if r.parent in frontier]
        found += children
        frontier = {r.urn for r in children}
    return found


def test_every_custom_resource_has_an_explicit_provider(any_graph) -> None:
    _, _, graph, _ = any_graph
    ours = {r.urn for r in graph.resources if r.type.startswith("pulumi:providers:")}
    for resource in graph.resources:
        if resource.type == GUARD_TYPE:  # the dynamic provider's: no region, no account
            continue
        if resource.custom and not resource.type.startswith("pulumi:providers:"):
            assert resource.provider, f"{resource.name} is on the default provider"
            assert resource.provider_urn in ours, resource.name


def test_one_provider_per_region_plus_global_us_east_1(any_graph) -> None:
    _, _, graph, settings = any_graph
    regions = graph.aws_providers()
    assert sorted(regions.values()) == sorted([*settings.regions, "us-east-1"])
    for region in settings.regions:
        provider = graph.named(f"api-{region}-provider")
        assert provider.plain_inputs["region"] == region
    assert graph.named("api-global-provider").plain_inputs["region"] == "us-east-1"


def test_each_region_holds_exactly_its_resources_on_its_provider(any_graph) -> None:
    _, _, graph, settings = any_graph
    providers = graph.aws_providers()
    for region in settings.regions:
        component = regional_api(graph, region)
        assert component.type == "multi-region-api:index:RegionalApi"
        assert component.parent == graph.named("api").urn
        assert providers[component.providers["aws"].rsplit("::", 1)[0]] == region
        children = descendants(graph, component)
        assert Counter(r.type for r in children) == REGIONAL_RESOURCES
        for child in children:
            assert providers[child.provider_urn] == region, child.name
            assert child.name.startswith(f"api-{region}-"), child.name


def test_certificates_are_validated_before_the_regional_api_on_its_provider(any_graph) -> None:
    """``RegionalApi`` gets a validated certificate ARN; its certificate and the validation live
    in its region, are children of the component, and alias their former URNs (children of the
    regional component) so a deployed stack keeps them."""
    _, _, graph, settings = any_graph
    providers = graph.aws_providers()
    for region in settings.regions:
        for suffix in ("certificate", "certificate-validation"):
            resource = graph.named(f"api-{region}-{suffix}")
            assert resource.parent == graph.named("api").urn
            assert providers[resource.provider_urn] == region
            assert resource.alias_parents == [regional_api(graph, region).urn]


def test_global_resources_are_on_the_us_east_1_provider(any_graph) -> None:
    _, _, graph, settings = any_graph
    providers = graph.aws_providers()
    global_ = [r for r in graph.resources if r.type in GLOBAL_TYPES]
    assert global_
    for resource in global_:
        assert resource.provider_urn == graph.named("api-global-provider").urn, resource.name
        assert providers[resource.provider_urn] == "us-east-1"
        assert resource.parent == graph.named("api").urn
    counts = Counter(r.type for r in global_)
    n = len(settings.regions)
    assert counts == Counter(
        {
            # one validation record per distinct name + 2 latency + 2 regional aliases per region
            # + the shared name's A and AAAA aliases to the latency name
            "aws:route53/record:Record": (1 + n) + 4 * n + 2,
            "aws:route53/healthCheck:HealthCheck": n,
            "aws:cloudwatch/metricAlarm:MetricAlarm": n,
            "aws:sns/topic:Topic": 1,
        }
    )


def test_every_child_is_parented_and_prefixed_by_the_component(any_graph) -> None:
    _, _, graph, _ = any_graph
    root = graph.named("api")
    assert root.type == "multi-region-api:index:MultiRegionApi"
    for resource in graph.resources:
        if resource is not root:
            assert resource.parent, resource.name
            assert resource.name.startswith("api-"), resource.name


def test_preview_registers_the_same_resources_as_an_update(any_graph) -> None:
    """Nothing is created inside ``apply``: unknown values in a preview hide no resource."""
    stack, _, graph, _ = any_graph
    assert graph.urns() == cached_graph(stack, "update").urns()


def test_taggable_resources_carry_user_stack_and_component_tags(any_graph) -> None:
    stack, _, graph, settings = any_graph
    for resource in graph.resources:
        tags = resource.plain_inputs.get("tags")
        if resource.custom and tags is not None:
            assert tags["stack"] == stack, resource.name
            assert tags["component"] == "api", resource.name
            assert settings.tags.items() <= tags.items(), resource.name


def test_alarm_email_adds_a_subscription(stack_args_with) -> None:
    graph = stack_args_with(alarm_email="oncall@example.com")
    (subscription,) = graph.of_type("aws:sns/topicSubscription:TopicSubscription")
    topic = graph.named("api-health-alarms")
    assert subscription.plain_inputs["protocol"] == "email"
    assert subscription.plain_inputs["endpoint"] == "oncall@example.com"
    assert subscription.plain_inputs["topic"] == topic.state["arn"]


def test_opting_out_of_the_api_gateway_account_setting(stack_args_with) -> None:
    graph = stack_args_with(manage_api_gateway_account=False)
    assert not graph.of_type("aws:apigateway/account:Account")
    assert not [r for r in graph.of_type("aws:iam/role:Role") if "apigw" in r.name]


def test_dashboard_lives_in_the_home_region_and_shows_every_region(updated) -> None:
    graph, settings = updated
    (dashboard,) = graph.of_type("aws:cloudwatch/dashboard:Dashboard")
    assert graph.aws_providers()[dashboard.provider_urn] == settings.home_region
    assert dashboard.parent == graph.named("api").urn
    body = dashboard.plain_inputs["dashboardBody"]
    for region in settings.regions:
        assert graph.named(f"api-{region}-function").state["name"] in body, region
        assert graph.named(f"api-{region}-health-check").state_id in body, region
