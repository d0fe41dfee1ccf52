"""Naming rules and the handler environment: computed once, used by component and local runtime."""

from __future__ import annotations

import dataclasses
import json

import pytest
from multi_region_api.components.args import resolve_args
from multi_region_api.components.environment import handler_environment
from multi_region_api.components.naming import health_resource_path, regional_urls, replica_arn
from multi_region_api.handlers import contract

SETTINGS = resolve_args(
    {
        "regions": ["us-west-2", "us-east-1"],
        "home_region": "us-east-1",
        "domain_name": "api.example.com",
        "hosted_zone_id": "Z123",
        "base_path": "v1",
        "force_fail_regions": ["us-west-2"],
        "health_check": {"deep_ping_percent": 25},
    }
)


def test_regional_urls_use_the_regional_name_and_base_path_in_sorted_order() -> None:
    urls = regional_urls(SETTINGS.regions, SETTINGS.domain_name, SETTINGS.base_path)
    assert list(urls) == ["us-east-1", "us-west-2"]
    assert urls["us-west-2"] == "https://us-west-2.api.example.com/v1"


@pytest.mark.parametrize(
    ("base_path", "secret", "expected"),
    [
        ("", "abc", "/health?healthCheckerId=abc"),
        ("v1", "abc", "/v1/health?healthCheckerId=abc"),
        ("", "a&b=c/d", "/health?healthCheckerId=a%26b%3Dc%2Fd"),
    ],
)
def test_health_resource_path(base_path: str, secret: str, expected: str) -> None:
    assert health_resource_path(base_path, secret) == expected


def test_replica_arn_swaps_only_the_region() -> None:
    arn = "arn:aws:dynamodb:us-east-1:123456789012:table/api-table"
    assert (
        replica_arn(arn, "eu-west-1") == "arn:aws:dynamodb:eu-west-1:123456789012:table/api-table"
    )
    with pytest.raises(ValueError, match="not a DynamoDB table ARN"):
        replica_arn("arn:aws:s3:::bucket", "eu-west-1")


def test_environment_is_the_design_contract() -> None:
    env = handler_environment(SETTINGS, region="us-west-2", table_name="t", health_check_secret="s")
    assert set(env) == {
        contract.ENV_TABLE_NAME,
        contract.ENV_HOME_REGION,
        contract.ENV_REGION_URLS,
        contract.ENV_HEALTH_CHECK_SECRET,
        contract.ENV_DEEP_PING_PERCENT,
        contract.ENV_FORCE_FAIL,
        contract.ENV_SERVICE_NAME,
        contract.ENV_METRICS_NAMESPACE,
        contract.ENV_LOG_LEVEL,
        contract.ENV_FRONT_DOOR,
    }
    assert env[contract.ENV_FRONT_DOOR] == contract.FrontDoor.REST
    assert env[contract.ENV_HOME_REGION] == "us-east-1"
    assert env[contract.ENV_FORCE_FAIL] == "true"
    assert env[contract.ENV_DEEP_PING_PERCENT] == "25"
    assert (
        json.loads(env[contract.ENV_REGION_URLS])["us-east-1"]
        == "https://us-east-1.api.example.com/v1"
    )
    home_env = handler_environment(
        SETTINGS, region="us-east-1", table_name="t", health_check_secret="s"
    )
    assert home_env[contract.ENV_FORCE_FAIL] == "false"


def test_environment_accepts_local_urls_and_rejects_foreign_regions() -> None:
    local = {"us-east-1": "http://127.0.0.1:8081", "us-west-2": "http://127.0.0.1:8082"}
    env = handler_environment(
        SETTINGS, region="us-east-1", table_name="t", health_check_secret="s", region_urls=local
    )
    assert json.loads(env[contract.ENV_REGION_URLS]) == local
    with pytest.raises(ValueError, match="eu-west-1"):
        handler_environment(SETTINGS, region="eu-west-1", table_name="t", health_check_secret="s")


@pytest.mark.parametrize("door", list(contract.FrontDoor))
def test_environment_names_the_stacks_front_door(door: contract.FrontDoor) -> None:
    settings = dataclasses.replace(SETTINGS, front_door=door)
    env = handler_environment(settings, region="us-west-2", table_name="t", health_check_secret="s")
    assert env[contract.ENV_FRONT_DOOR] == door.value
