"""The cost and failover-time models for each front door, against hand-computed values."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from multi_region_api.components.args import ApiSettings
from multi_region_api.components.estimates.cost import (
    CostAssumptions,
    front_door_costs,
    published_examples_cost,
    stack_cost,
)
from multi_region_api.components.estimates.failover import failover_estimate
from multi_region_api.handlers.contract import FrontDoor
from multi_region_api.ops.__main__ import main
from multi_region_api.ops.stack_settings import load_settings

PROJECT = Path(__file__).resolve().parents[3]
CHECKER_REQUESTS = 518_400  # 3 checker regions x 2 checkers x 86400 / 30 s x 30 days


@pytest.fixture
def us() -> ApiSettings:
    return load_settings("us", PROJECT)


def lines(settings: ApiSettings) -> dict[str, float]:
    return {line.item: line.usd for line in stack_cost(settings).regions[0].lines}


def test_http_api_charges_a_dollar_per_million(us: ApiSettings) -> None:
    rest, http = lines(us), lines(replace(us, front_door=FrontDoor.HTTP))
    assert http["checker requests: API Gateway HTTP"] == pytest.approx(CHECKER_REQUESTS * 1e-6)
    assert "checker requests: API Gateway REST" not in http
    saved = rest["checker requests: API Gateway REST"] - http["checker requests: API Gateway HTTP"]
    assert sum(rest.values()) - sum(http.values()) == pytest.approx(saved)


def test_alb_by_hand(us: ApiSettings) -> None:
    alb = lines(replace(us, front_door=FrontDoor.ALB))
    assert alb["ALB hours"] == pytest.approx(720 * 0.0225)
    assert alb["ALB public IPv4 addresses"] == pytest.approx(2 * 720 * 0.005)
    # 0.2 new connections/s against 25 per LCU: 0.008 LCU every hour
    assert alb["ALB LCU-hours (checker traffic)"] == pytest.approx(
        CHECKER_REQUESTS / (30 * 86400) / 25 * 720 * 0.008
    )
    assert alb["VPC: subnets, internet gateway, routes (no NAT)"] == 0
    # The target group's checks (2 zones x every 30 s) invoke the function too.
    target_checks = 2 * 86400 / 30 * 30
    assert alb["checker requests: Lambda"] == pytest.approx(
        (CHECKER_REQUESTS + target_checks) * 0.2e-6
    )
    assert not any("API Gateway" in item for item in alb)


def test_global_accelerator_is_a_stack_line(us: ApiSettings) -> None:
    alb = stack_cost(replace(us, front_door=FrontDoor.ALB))
    ga = stack_cost(replace(us, front_door=FrontDoor.ALB, global_accelerator=True))
    extra = {line.item: line.usd for line in ga.stack_lines}
    assert extra["Global Accelerator fixed fee"] == pytest.approx(720 * 0.025)
    assert extra["Global Accelerator DT-Premium"] == 0  # idle: the checkers use regional names
    assert ga.usd - alb.usd == pytest.approx(18.0)
    with_traffic = stack_cost(
        replace(us, front_door=FrontDoor.ALB, global_accelerator=True),
        assumptions=CostAssumptions(accelerator_gb_per_month=100),
    )
    assert with_traffic.usd - ga.usd == pytest.approx(1.5)


def test_front_doors_against_the_published_examples(us: ApiSettings) -> None:
    published = published_examples_cost(replace(us, front_door=FrontDoor.ALB)).regions[0].usd
    assert published == pytest.approx(published_examples_cost(us).regions[0].usd)
    per_region = {k: c.regions[0].usd for k, c in front_door_costs(us).items()}
    assert per_region["http"] < per_region["rest"] < published < per_region["alb"]
    # The goal for the HTTP API: at most 0.40x the published examples per region.
    assert per_region["http"] / published <= 0.40
    assert per_region["http"] / published == pytest.approx(0.3846, abs=0.0005)


def test_accelerator_failover_has_no_dns_ttl(us: ApiSettings) -> None:
    dns = failover_estimate(replace(us, front_door=FrontDoor.ALB))
    ga = failover_estimate(replace(us, front_door=FrontDoor.ALB, global_accelerator=True))
    assert (dns.dns_ttl_seconds, dns.propagation_seconds) == (60, 0)
    assert (ga.dns_ttl_seconds, ga.propagation_seconds) == (0, 60)
    assert ga.worst_case_seconds == 3 * 30 + 60
    fast = replace(us.health_check, interval_seconds=10, failure_threshold=1)
    quick = failover_estimate(replace(us, health_check=fast, global_accelerator=True))
    assert quick.detection_worst_seconds == 2 * 10  # the target group's threshold is at least 2
    assert "no DNS TTL" in quick.describe()


def test_cost_command_prints_the_front_doors_side_by_side(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--project-dir", str(PROJECT), "cost", "--stack", "us"]) == 0
    out = capsys.readouterr().out
    assert "front doors side by side" in out
    for label in ("| rest |", "| http |", "| alb |", "| alb + Global Accelerator |"):
        assert label in out
