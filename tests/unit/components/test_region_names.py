"""Region names against the installed botocore's partitions data (issue 19, finding 10)."""

from __future__ import annotations

import re
from typing import Any

import botocore
import pytest
from botocore.loaders import create_loader
from multi_region_api.components import ArgsError, resolve_args
from multi_region_api.components.region_names import known_regions, region_problem

from tests.unit.components.support import stack_args


def args_with(**overrides: Any) -> Any:
    return {**stack_args("us"), **overrides}


def test_a_misspelt_region_names_the_field_and_the_closest_region() -> None:
    with pytest.raises(ArgsError) as raised:
        resolve_args(args_with(regions=["us-east-1", "us-wset-2"]))
    message = str(raised.value)
    assert message.startswith("MultiRegionApiArgs.regions: 'us-wset-2' is not an AWS region")
    assert "did you mean 'us-west-2'?" in message
    assert "\n" not in message


def test_a_misspelt_checker_region_is_refused_too() -> None:
    checks = {
        **stack_args("us")["health_check"],
        "regions": ["us-east-1", "us-west-2", "eu-wets-1"],
    }
    with pytest.raises(ArgsError, match=r"^MultiRegionApiArgs\.health_check\.regions: 'eu-wets-1'"):
        resolve_args(args_with(health_check=checks))


def test_a_region_newer_than_botocore_says_to_upgrade_it() -> None:
    """``us-north-1`` fits the aws partition's pattern but is no region (yet): refused, since
    boto3, moto and the layer table would not know it either, with the way out."""
    problem = region_problem("us-north-1")
    assert problem is not None
    assert f"newer than botocore {botocore.__version__}, upgrade botocore" in problem
    assert "partition 'aws'" in problem
    assert "newer than" not in (region_problem("xx-nowhere-1") or "")


def test_every_region_botocore_lists_is_accepted_and_pseudo_regions_are_not() -> None:
    partitions = create_loader().load_data("partitions")["partitions"]
    listed = {r for p in partitions for r in p["regions"] if re.match(p["regionRegex"], r)}
    assert known_regions() == listed
    assert {"us-east-1", "ap-southeast-7", "mx-central-1", "cn-north-1"} <= known_regions()
    assert "aws-global" not in known_regions()
    assert all(region_problem(r) is None for r in listed)
