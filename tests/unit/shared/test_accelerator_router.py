"""Global Accelerator's routing, locally: nearest healthy group, traffic dials, fail open."""

from __future__ import annotations

import random

import pytest
from multi_region_api.local_runtime.accelerator_router import (
    AcceleratorRouting,
    alb_accepts,
    alb_threshold,
)

ORDER = ("us-east-1", "us-west-2", "eu-west-1")


def healthy_set(*regions: str):  # type: ignore[no-untyped-def]
    return lambda region: region in regions


def test_the_nearest_healthy_group_wins() -> None:
    routing = AcceleratorRouting()
    assert routing.choose(ORDER, healthy_set(*ORDER)) == "us-east-1"
    assert routing.choose(ORDER, healthy_set("us-west-2", "eu-west-1")) == "us-west-2"
    assert routing.choose(ORDER, healthy_set("eu-west-1")) == "eu-west-1"


def test_fail_open_when_every_group_is_unhealthy() -> None:
    assert AcceleratorRouting().choose(ORDER, healthy_set()) == "us-east-1"


def test_a_traffic_dial_spills_its_share_to_the_next_group() -> None:
    routing = AcceleratorRouting(dials={"us-east-1": 25.0}, rng=random.Random(7))
    served = [routing.choose(ORDER, healthy_set(*ORDER)) for _ in range(4000)]
    share = served.count("us-east-1") / len(served)
    assert 0.22 < share < 0.28
    assert set(served) == {"us-east-1", "us-west-2"}


def test_a_zero_dial_takes_nothing_unless_nothing_else_can() -> None:
    routing = AcceleratorRouting(dials={"us-east-1": 0.0}, rng=random.Random(1))
    assert {routing.choose(ORDER, healthy_set(*ORDER)) for _ in range(200)} == {"us-west-2"}
    all_zero = AcceleratorRouting(dials=dict.fromkeys(ORDER, 0.0), rng=random.Random(1))
    assert all_zero.choose(ORDER, healthy_set(*ORDER)) == "us-east-1"


@pytest.mark.parametrize(("status", "ok"), [(200, True), (204, False), (301, False), (503, False)])
def test_alb_health_checks_match_200_only(status: int, ok: bool) -> None:
    assert alb_accepts(status) is ok


def test_alb_thresholds_are_at_least_two() -> None:
    assert [alb_threshold(n) for n in (1, 2, 3, 10)] == [2, 2, 3, 10]
