"""Every physical name and generated value fits AWS's documented limits, checked before any
resource exists; the graph built with the longest region names proves the check is right."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import pytest
from multi_region_api.components import ArgsError, MultiRegionApiArgs, resolve_args
from multi_region_api.components.aws_limits import (
    AUTONAME_SUFFIX_LENGTH,
    LIMITS,
    MAX_TAGS_PER_RESOURCE,
    PHYSICAL_NAMES,
    check_physical_names,
    dashboard_name,
    environment_size,
    max_health_check_secret_length,
)
from multi_region_api.components.region_names import known_regions
from multi_region_api.handlers import contract

from tests.unit.components.support import AUTONAMED, PROJECT, Graph, Registered, build_graph

LONGEST_REGIONS = ["ap-southeast-4", "ap-northeast-3", "eu-central-2"]
LONGEST_BASE_PATH = "v" * 128
# 64 characters: the most ACM takes as a certificate's first (common) name.
LONGEST_DOMAIN = "a" * 56 + ".example"


def longest_args(**overrides: Any) -> MultiRegionApiArgs:
    args: dict[str, Any] = {
        "regions": LONGEST_REGIONS,
        "home_region": LONGEST_REGIONS[0],
        "domain_name": LONGEST_DOMAIN,
        "hosted_zone_id": "Z0123456789ABCDEFGHIJ",
        "base_path": LONGEST_BASE_PATH,
        "health_check_secret": "s" * max_health_check_secret_length(LONGEST_BASE_PATH),
        "tags": {"k" * 128: "v" * 256},
        **overrides,
    }
    return args  # type: ignore[return-value]


def longest_name(args: MultiRegionApiArgs, stack: str = "us") -> str:
    """The longest component name the check accepts for ``args``."""
    settings = resolve_args(args)
    name = "n"
    while True:
        try:
            check_physical_names(name + "n", settings, project=PROJECT, stack=stack)
        except ArgsError:
            return name
        name += "n"


@cache
def longest_graph(region_switch: bool = False) -> tuple[str, Graph]:
    """With ``region_switch``: the plan's two regions, the longest two (a plan spans two)."""
    extra: dict[str, Any] = (
        {"regions": LONGEST_REGIONS[:2], "region_switch": True} if region_switch else {}
    )
    args = longest_args(**extra)
    name = longest_name(args)
    return name, build_graph(args, name=name)


@pytest.fixture(params=[False, True], ids=["no-plan", "region-switch"])
def longest(request: pytest.FixtureRequest) -> tuple[str, Graph]:
    return longest_graph(request.param)


def physical_values(resource: Registered) -> list[tuple[str, str]]:
    """(limit, value) for every limited property the resource carries after an update."""
    state = resource.state
    found: list[tuple[str, str]] = []
    for limit in LIMITS.values():
        if limit.type != resource.type or limit.property not in state:
            continue
        value = state[limit.property]
        if limit.property == "environment":
            continue  # checked below from the plain inputs (the state keeps it secret)
        values = value if isinstance(value, list) else [value]
        found += [(limit.resource, v) for v in values if isinstance(v, str)]
    return found


def test_the_tightest_name_is_the_api_gateway_logs_role_at_exactly_64() -> None:
    name, graph = longest_graph()
    # 64 - len("-ap-southeast-4-apigw-logs-role") - 8 autonaming characters
    assert len(name) == 64 - len("-ap-southeast-4-apigw-logs-role") - AUTONAME_SUFFIX_LENGTH == 25
    role = graph.named(f"{name}-ap-southeast-4-apigw-logs-role").state["name"]
    assert len(role) == 64


def test_every_physical_name_in_the_graph_fits_its_documented_limit(
    longest: tuple[str, Graph],
) -> None:
    _, graph = longest
    checked = 0
    for resource in graph.resources:
        for limit, value in physical_values(resource):
            assert LIMITS[limit].violation(value) is None, (resource.name, limit, value)
            checked += 1
    assert checked > 40


def test_every_autonamed_or_explicit_name_in_the_graph_has_a_limit(
    longest: tuple[str, Graph],
) -> None:
    _, graph = longest
    limited = {(limit.type, limit.property) for limit in LIMITS.values()}
    for resource in graph.resources:
        for prop in ("name", "statementId", "dashboardName"):
            if prop in resource.state and resource.custom:
                assert (resource.type, prop) in limited, (resource.type, prop)
    assert {(t, p) for t, p in AUTONAMED.items()} <= limited


def test_every_autonamed_resource_has_its_template_in_the_table(longest: tuple[str, Graph]) -> None:
    """The check's templates are the names the code creates (a new resource must be added)."""
    name, graph = longest
    templates = {
        p.template.format(name=name, region=r) for p in PHYSICAL_NAMES for r in LONGEST_REGIONS
    }
    for resource in graph.resources:
        if resource.type in AUTONAMED:
            assert resource.name in templates, resource.name


def test_tags_health_check_path_and_environment_fit(longest: tuple[str, Graph]) -> None:
    _, graph = longest
    for resource in graph.resources:
        tags = resource.plain_inputs.get("tags") or {}
        assert len(tags) <= MAX_TAGS_PER_RESOURCE
        for key, value in tags.items():
            assert LIMITS["tag key"].violation(key) is None, key
            assert LIMITS["tag value"].violation(value) is None, value
    for check in graph.of_type("aws:route53/healthCheck:HealthCheck"):
        if check.plain_inputs["type"] == "CALCULATED":
            continue  # the Region switch plan's: no endpoint, no path
        path = check.plain_inputs["resourcePath"]
        assert len(path) == 255, path  # the longest secret with the longest base path
    assert max_health_check_secret_length(LONGEST_BASE_PATH) == 102
    functions = graph.of_type("aws:lambda/function:Function")
    for function in functions:
        variables = function.plain_inputs["environment"]["variables"]
        assert environment_size(variables) <= 4096
        assert len(json.loads(variables[contract.ENV_REGION_URLS])) == len(functions)


def test_one_character_more_names_the_component_name() -> None:
    args = longest_args()
    name = longest_name(args) + "x"
    with pytest.raises(ArgsError, match=r"MultiRegionApi\.name: .*apigw-logs-role.* 64"):
        build_graph(args, name=name)


@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"domain_name": "a" * 57 + ".example"}, "domain_name"),
        ({"health_check_secret": "s" * 200}, "health_check_secret"),
        # 35 characters, but 105 URL-quoted: over the 102 that fit with a 128-character base path
        ({"health_check_secret": "/" * 35}, "health_check_secret"),
        ({"health_check_secret": "with space"}, "health_check_secret"),
        ({"health_check_secret": "caf\u00e9-secret"}, "health_check_secret"),
        ({"tags": {"k" * 129: "v"}}, "tags"),
        ({"tags": {"k": "v" * 257}}, "tags"),
        ({"tags": {"aws:owner": "me"}}, "tags"),
        ({"tags": {f"k{i}": "v" for i in range(47)}}, "tags"),
    ],
)
def test_values_over_a_limit_name_their_field(override: dict[str, Any], field: str) -> None:
    with pytest.raises(ArgsError, match=rf"MultiRegionApiArgs\.{field}:"):
        build_graph(longest_args(**override), name="api")


def test_a_component_name_outside_the_shared_character_set_is_refused() -> None:
    with pytest.raises(ArgsError, match=r"MultiRegionApi\.name: 'my_api\.v2'"):
        build_graph(longest_args(), name="my_api.v2")


def test_many_regions_under_a_long_domain_overflow_the_lambda_environment() -> None:
    # Real regions of the aws partition only (botocore's names): the 18 longest.
    commercial = [r for r in known_regions() if r[:3] in ("ap-", "eu-", "ca-") and "iso" not in r]
    regions = sorted(commercial, key=lambda r: (-len(r), r))[:18]
    args = longest_args(regions=regions, home_region=regions[0], tags={})
    with pytest.raises(ArgsError, match=r"MultiRegionApiArgs\.regions: .*environment.* 4096"):
        check_physical_names("api", resolve_args(args), project=PROJECT, stack="us")


def test_dashboard_names_drop_the_dots_stack_names_may_hold() -> None:
    assert dashboard_name(PROJECT, "us", "api") == f"{PROJECT}-us-api"
    dotted = dashboard_name(PROJECT, "team.prod", "api")
    assert LIMITS["CloudWatch dashboard name"].violation(dotted) is None
    assert dotted.startswith(f"{PROJECT}-team-prod-api-")
    assert dotted != dashboard_name(PROJECT, "team-prod", "api")
    graph = build_graph(longest_args(), name="api", stack="team.prod")
    (dashboard,) = graph.of_type("aws:cloudwatch/dashboard:Dashboard")
    assert dashboard.plain_inputs["dashboardName"] == dashboard_name(PROJECT, "team.prod", "api")
