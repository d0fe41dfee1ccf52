"""Time to build the component's resource graph under Pulumi mocks for 2, 4, 8 and 16 regions.

Each build uses fresh mocks. The per-region time is reported against the 2-region case: linear
growth keeps it near 1x (the global parts are a small fixed cost that the ratio amortises).
"""

from __future__ import annotations

import warnings
from functools import partial
from pathlib import Path

from multi_region_api.components import MultiRegionApi
from multi_region_api.components.stack_config import load_stack_settings
from multi_region_api.handlers.contract import SERVICE_NAME

import multi_region_api.testing as kit
from bench.result import Result, median_seconds

REGION_POOL = (
    "us-east-1",
    "us-west-2",
    "eu-west-1",
    "eu-central-1",
    "ap-southeast-1",
    "ap-northeast-1",
    "us-east-2",
    "us-west-1",
    "eu-west-2",
    "eu-west-3",
    "eu-north-1",
    "ap-southeast-2",
    "ap-northeast-2",
    "ap-south-1",
    "ca-central-1",
    "sa-east-1",
)
SIZES = (2, 4, 8, 16)
REPEAT = 3
# Per-region build time may grow by this much from 2 to 16 regions and still count as linear.
LINEAR_TARGET = 1.5
REPO = Path(__file__).resolve().parents[1]


def _build(regions: int) -> kit.Registrations:
    """The ``us`` stack's arguments over ``regions`` regions, built under the test kit's mocks."""
    args = {**load_stack_settings("us", REPO).args, "regions": list(REGION_POOL[:regions])}
    registrations = kit.set_mocks(project=SERVICE_NAME, stack="us")
    kit.run(lambda: MultiRegionApi("api", args))
    return registrations


def run() -> list[Result]:
    warnings.simplefilter("ignore", DeprecationWarning)
    _build(2)  # imports and first-use caches stay out of the measurement
    results: list[Result] = []
    per_region: dict[int, float] = {}
    for size in SIZES:
        seconds = median_seconds(partial(_build, size), REPEAT)
        per_region[size] = seconds / size
        resources = len(_build(size).registered)
        results.append(Result(f"graph {size} regions", seconds, "s"))
        results.append(Result(f"resources {size} regions", resources, "resources"))
        results.append(
            Result(f"resources per region at {size}", resources / size, "resources/region")
        )
    for size in SIZES[1:]:
        results.append(
            Result(
                f"time per region at {size}",
                per_region[size],
                "s/region",
                baseline=per_region[SIZES[0]],
                baseline_name=f"at {SIZES[0]}",
                target_ratio=LINEAR_TARGET,
            )
        )
    return results
