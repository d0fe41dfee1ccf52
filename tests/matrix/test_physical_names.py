"""Every physical name of every combination, explicit or autonamed, fits AWS's documented length
and characters: with the stacks' regions, and with the longest region names and the longest
component name the component accepts (one character more is an ``ArgsError``)."""

from __future__ import annotations

import pytest
from multi_region_api.components import ArgsError, resolve_args
from multi_region_api.components.aws_limits import (
    AUTONAME_SUFFIX_LENGTH,
    LIMITS,
    MAX_COMPONENT_NAME_LENGTH,
    PHYSICAL_NAMES,
    accelerator_name,
    check_physical_names,
    target_group_name,
)

from tests.matrix.combinations import (
    COMBINATIONS,
    LONGEST_NAME,
    Combination,
    graph,
    longest_commercial_regions,
)
from tests.unit.components.support import AUTONAMED, PROJECT, Registered, build_graph, plain

NAME_PROPERTIES = ("name", "statementId", "dashboardName")


def limited_values(resource: Registered) -> list[tuple[str, str]]:
    """(limit, value) of every limited property the resource carries after an update."""
    found: list[tuple[str, str]] = []
    for limit in LIMITS.values():
        if limit.type != resource.type or limit.property not in resource.state:
            continue
        if limit.property == "environment":
            continue  # test_aws_limits checks its size from the plain inputs
        value = plain(resource.state[limit.property])
        found += [(limit.resource, v) for v in (value if isinstance(value, list) else [value])]
    return found


@pytest.mark.parametrize("combination", COMBINATIONS, ids=lambda c: c.id)
def test_every_physical_name_fits_its_documented_limit(combination: Combination) -> None:
    checked = 0
    for resource in graph(combination).resources:
        for limit, value in limited_values(resource):
            assert isinstance(value, str), (resource.name, limit, value)
            assert LIMITS[limit].violation(value) is None, (resource.name, limit, value)
            checked += 1
        if resource.custom:
            for prop in NAME_PROPERTIES:
                if prop in resource.state:
                    assert any(
                        (lim.type, lim.property) == (resource.type, prop) for lim in LIMITS.values()
                    ), f"{resource.type}.{prop} has no limit in aws_limits.LIMITS"
    assert checked > 30


@pytest.mark.parametrize(
    "combination", [c for c in COMBINATIONS if c.region_set == "longest"], ids=lambda c: c.id
)
def test_every_autonamed_resource_has_its_template_in_the_check(combination: Combination) -> None:
    """``check_physical_names`` checks the templates; a new autonamed resource must be added."""
    templates = {
        p.template.format(name=combination.name, region=r)
        for p in PHYSICAL_NAMES
        for r in combination.regions
    }
    for resource in graph(combination).resources:
        prop = AUTONAMED.get(resource.type)
        if prop and resource.custom and resource.plain_inputs.get(prop) is None:
            assert resource.name in templates, resource.name


def test_the_maximum_component_name_is_what_the_longest_region_allows() -> None:
    """The fixed bound is the tightest autonamed template with botocore's longest region."""
    longest_region = max(len(r) for r in longest_commercial_regions())
    bound = min(
        LIMITS[p.limit].max_length
        - len(p.template.format(name="", region="r" * longest_region))
        - (AUTONAME_SUFFIX_LENGTH if p.autonamed else 0)
        for p in PHYSICAL_NAMES
        if "{name}" in p.template
    )
    assert bound == MAX_COMPONENT_NAME_LENGTH == len(LONGEST_NAME)


def test_one_character_more_than_the_maximum_is_refused_naming_the_component() -> None:
    args = Combination("us", "rest", "latency", 2, region_switch=False).args()
    check_physical_names(LONGEST_NAME, resolve_args(args), project=PROJECT, stack="us")
    with pytest.raises(ArgsError, match=rf"MultiRegionApi\.name: .*{MAX_COMPONENT_NAME_LENGTH}"):
        build_graph(args, name=LONGEST_NAME + "n")


def test_load_balancer_names_that_pulumi_could_not_autoname_now_deploy() -> None:
    """Finding 4: ``orders-api`` in eu-central-1 autonamed its target group with 34 characters
    (Pulumi refuses that before AWS sees it); explicit names fit, hashed where cut."""
    eu_alb = Combination("eu", "alb", "latency", 2, region_switch=False)
    result = build_graph(eu_alb.args(), name="orders-api", stack="eu")
    for typ, expected in (
        ("aws:lb/loadBalancer:LoadBalancer", "multi-region-api-eu-orders-api"),
        ("aws:lb/targetGroup:TargetGroup", target_group_name(PROJECT, "eu", "orders-api")),
    ):
        assert {r.state["name"] for r in result.of_type(typ)} == {expected}
    tg = target_group_name(PROJECT, "eu", "orders-api")
    assert len(tg) == 32
    assert tg.startswith("multi-region-api-eu-order-")
    assert tg != target_group_name(PROJECT, "eu", "orders-api2")


def test_accelerator_names_keep_to_their_alphabet() -> None:
    """Stack names may hold ``_``; accelerator names may not, nor start or end with . or -."""
    limit = LIMITS["Global Accelerator name"]
    for stack in ("us", "team_prod", "x" * 80, "ends."):
        name = accelerator_name(PROJECT, stack, "api")
        assert limit.violation(name) is None, name
    assert accelerator_name(PROJECT, "us", "api") == f"{PROJECT}-us-api"
    for bad in ("-api", "api.", "a_b"):
        assert limit.violation(bad), bad
