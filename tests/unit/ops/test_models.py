"""Cost and failover-time models against hand-computed values, and their monotonicity."""

from __future__ import annotations

import ast
import itertools
from dataclasses import replace
from pathlib import Path

import pytest
from multi_region_api.components.args import HEALTH_CHECKER_REGIONS, ApiSettings
from multi_region_api.components.estimates import prices
from multi_region_api.components.estimates.cost import (
    CostAssumptions,
    checker_requests_per_month,
    component_profile,
    cost_estimate_output,
    front_door_costs,
    published_examples_cost,
    stack_cost,
)
from multi_region_api.components.estimates.failover import failover_estimate
from multi_region_api.components.function_sizing import FUNCTION_MEMORY_MB
from multi_region_api.components.lambda_runtime import LAMBDA_ARCHITECTURE
from multi_region_api.ops.cost_table import cost_table
from multi_region_api.ops.stack_settings import load_settings

PROJECT = Path(__file__).resolve().parents[3]


@pytest.fixture
def us() -> ApiSettings:
    return load_settings("us", PROJECT)


def tuned(settings: ApiSettings, **health_check: object) -> ApiSettings:
    return replace(settings, health_check=replace(settings.health_check, **health_check))


def test_checker_requests_follow_the_issue_formula(us: ApiSettings) -> None:
    # 3 checker regions x 2 checkers x 86400 / 30 s x 30 days
    assert checker_requests_per_month(component_profile(us), CostAssumptions()) == 518_400


def test_us_stack_by_hand(us: ApiSettings) -> None:
    region = stack_cost(us).regions[0]
    by_item = {line.item: line.usd for line in region.lines}
    assert by_item["health check"] == pytest.approx(0.75)
    assert by_item["health check: HTTPS"] == pytest.approx(2.00)
    assert "health check: fast interval (10 s)" not in by_item
    assert by_item["checker requests: API Gateway REST"] == pytest.approx(518_400 * 3.5e-6)
    assert by_item["checker requests: Lambda"] == pytest.approx(0.10368)
    # 10 % deep pings: 0.9 x 5 ms + 0.1 x 40 ms = 8.5 ms at 0.5 GB (the 512 MB the component
    # deploys, arm64 like the function)
    assert FUNCTION_MEMORY_MB == 512
    assert LAMBDA_ARCHITECTURE == "arm64"
    assert by_item["checker requests: Lambda arm64 duration"] == pytest.approx(
        518_400 * 0.0085 * 0.5 * 0.0000133334
    )
    assert by_item["checker requests: logs"] == pytest.approx(0.2592)
    # 51,840 deep pings: one write each, two reads (two regions), one replicated write (one peer)
    assert by_item["deep ping: DynamoDB writes"] == pytest.approx(0.0324)
    assert by_item["deep ping: DynamoDB reads"] == pytest.approx(0.01296)
    assert by_item["deep ping: replicated writes to peers"] == pytest.approx(0.0324)
    # DeepPingLatency (its sample count counts the successes), PeerHeartbeatAge for the one peer
    assert by_item["deep ping: handler custom metrics"] == pytest.approx(0.60)
    assert by_item["health-check alarm"] == pytest.approx(0.10)
    assert region.usd == pytest.approx(5.734416, abs=1e-6)
    assert stack_cost(us).usd == pytest.approx(2 * 5.734416 + 3.00, abs=1e-5)


def test_published_examples_by_hand(us: ApiSettings) -> None:
    published = published_examples_cost(us)
    # 8 checker regions, string matching: 1,382,400 requests, one more $2 feature
    assert published.regions[0].usd == pytest.approx(11.541776, abs=1e-5)
    assert published.usd == pytest.approx(26.083553, abs=1e-4)
    output = cost_estimate_output(us)
    assert output["totalUsd"] == 14.47
    assert output["publishedExamplesTotalUsd"] == 26.08
    assert output["ratioToPublishedExamples"] == 0.555


def test_fast_interval_adds_the_feature_and_triples_requests(us: ApiSettings) -> None:
    fast = stack_cost(tuned(us, interval_seconds=10)).regions[0]
    by_item = {line.item: line.usd for line in fast.lines}
    assert by_item["health check: fast interval (10 s)"] == pytest.approx(2.00)
    assert by_item["checker requests: API Gateway REST"] == pytest.approx(3 * 518_400 * 3.5e-6)


def test_no_deep_pings_means_no_dynamodb_or_metrics(us: ApiSettings) -> None:
    region = stack_cost(tuned(us, deep_ping_percent=0)).regions[0]
    by_item = {line.item: line.usd for line in region.lines}
    assert by_item["deep ping: DynamoDB writes"] == 0
    assert by_item["deep ping: handler custom metrics"] == 0


def test_aws_endpoint_pricing_is_cheaper(us: ApiSettings) -> None:
    aws = stack_cost(us, assumptions=CostAssumptions(endpoint_is_aws=True)).regions[0]
    by_item = {line.item: line.usd for line in aws.lines}
    assert by_item["health check"] == pytest.approx(0.50)
    assert by_item["health check: HTTPS"] == pytest.approx(1.00)


CONFIGS = list(
    itertools.product(range(3, len(HEALTH_CHECKER_REGIONS) + 1), (0, 10, 100), (False, True))
)


@pytest.mark.parametrize(("checkers", "deep", "aws_endpoint"), CONFIGS)
def test_more_checker_regions_or_a_shorter_interval_never_cost_less(
    us: ApiSettings, checkers: int, deep: int, aws_endpoint: bool
) -> None:
    assumptions = CostAssumptions(endpoint_is_aws=aws_endpoint)

    def cost(n: int, interval: int) -> float:
        settings = tuned(
            us,
            regions=HEALTH_CHECKER_REGIONS[:n],
            interval_seconds=interval,
            deep_ping_percent=deep,
        )
        return stack_cost(settings, assumptions=assumptions).usd

    for interval in (10, 30):
        if checkers < len(HEALTH_CHECKER_REGIONS):
            assert cost(checkers + 1, interval) > cost(checkers, interval)
    assert cost(checkers, 10) > cost(checkers, 30)


@pytest.mark.parametrize(
    ("interval", "threshold", "best", "worst", "total"),
    [(30, 3, 60, 90, 150), (10, 3, 20, 30, 90), (10, 1, 0, 10, 70), (30, 10, 270, 300, 360)],
)
def test_failover_estimate(
    us: ApiSettings, interval: int, threshold: int, best: int, worst: int, total: int
) -> None:
    estimate = failover_estimate(tuned(us, interval_seconds=interval, failure_threshold=threshold))
    assert (estimate.detection_best_seconds, estimate.detection_worst_seconds) == (best, worst)
    assert estimate.dns_ttl_seconds == 60
    assert estimate.worst_case_seconds == total
    assert estimate.as_output()["worstCaseSeconds"] == total


def test_failover_estimate_never_shrinks_with_a_longer_interval_or_threshold(
    us: ApiSettings,
) -> None:
    worst = {
        (i, t): failover_estimate(
            tuned(us, interval_seconds=i, failure_threshold=t)
        ).worst_case_seconds
        for i in (10, 30)
        for t in range(1, 11)
    }
    for t in range(1, 11):
        assert worst[(30, t)] > worst[(10, t)]
    for i, t in itertools.product((10, 30), range(2, 11)):
        assert worst[(i, t)] > worst[(i, t - 1)]


def test_the_models_price_what_the_graph_deploys(us: ApiSettings) -> None:
    """Memory, architecture, check type and interval come from the deployed resources' facts."""
    from tests.unit.components.conftest import cached_graph

    graph = cached_graph("us", "update")
    functions = graph.of_type("aws:lambda/function:Function")
    (memory,) = {f.plain_inputs["memorySize"] for f in functions}
    (architecture,) = {tuple(f.plain_inputs["architectures"]) for f in functions}
    checks = graph.of_type("aws:route53/healthCheck:HealthCheck")
    (check_type,) = {c.plain_inputs["type"] for c in checks}
    (interval,) = {c.plain_inputs["requestInterval"] for c in checks}

    region = stack_cost(us).regions[0]
    (duration,) = [line for line in region.lines if line.item.endswith(" duration")]
    assert duration.item == f"checker requests: Lambda {architecture[0]} duration"
    requests = checker_requests_per_month(component_profile(us), CostAssumptions())
    assert duration.quantity == pytest.approx(requests * 0.0085 * memory / 1024)
    profile = component_profile(us)
    assert profile.https == (check_type == "HTTPS")
    assert profile.interval_seconds == interval


def test_the_stack_program_takes_the_estimates_from_the_library_not_ops() -> None:
    tree = ast.parse((PROJECT / "__main__.py").read_text())
    imported = [
        node.module
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module is not None
    ] + [
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    ]
    assert "multi_region_api.components.estimates" in imported
    assert not [name for name in imported if name.split(".")[:2] == ["multi_region_api", "ops"]]


def test_a_region_switch_plan_adds_its_fee_and_its_health_checks(us: ApiSettings) -> None:
    switched = replace(us, region_switch=True)
    without, with_plan = stack_cost(us), stack_cost(switched)
    assert [line.item for line in with_plan.stack_lines][-1] == "Region switch plan"
    per_region = {
        line.item: line.quantity
        for line in with_plan.regions[0].lines
        if line.item.startswith("Region switch")
    }
    # latency routing: one record name, so one ARC check per region, and the calculated one
    assert per_region == {
        "Region switch: calculated health check": 1,
        "Region switch: ARC's health checks": 1,
    }
    assert with_plan.usd - without.usd == pytest.approx(
        prices.REGION_SWITCH_PLAN.usd + len(us.regions) * 2 * prices.HEALTH_CHECK_AWS.usd
    )
    unbilled = stack_cost(switched, assumptions=CostAssumptions(arc_health_checks_billed=False))
    assert with_plan.usd - unbilled.usd == pytest.approx(
        len(us.regions) * prices.HEALTH_CHECK_AWS.usd
    )
    assert published_examples_cost(switched).usd == published_examples_cost(us).usd
    doors = front_door_costs(switched)
    assert all(
        ("Region switch plan" in [line.item for line in cost.stack_lines])
        == (label != "alb + Global Accelerator")
        for label, cost in doors.items()
    )


def test_the_cost_table_prints_the_plan_next_to_published_examples(us: ApiSettings) -> None:
    table = cost_table("us", replace(us, region_switch=True), CostAssumptions())
    assert "| Region switch plan (per stack) | $70.00 | $0.00 |" in table
    assert "| Region switch: calculated health check | $0.500 | $0.000 |" in table
