"""The environment contract as the handler reads it, and the pre-routing guards."""

from __future__ import annotations

import json

import pytest
from multi_region_api.handlers import contract
from multi_region_api.handlers.config import ConfigError, load_config
from multi_region_api.handlers.guards import MAX_JSON_DEPTH, parse_json_body, refusal

from tests.integration.handlers.support import HOME, PEER, SECRET, region_env, rest_event


def test_the_component_environment_loads() -> None:
    config = load_config(region_env(PEER))
    assert config.region == PEER
    assert config.home_region == HOME
    assert config.regions == (HOME, PEER)
    assert config.peer_regions == (HOME,)
    assert not config.is_home
    assert config.base_path == "/v1"
    assert config.url_of(HOME) == f"https://{HOME}.api.example.com/v1"
    assert SECRET not in repr(config)


def test_base_path_comes_from_this_regions_url() -> None:
    assert load_config(region_env(HOME, base_path="")).base_path == ""
    local = region_env(HOME)
    local[contract.ENV_REGION_URLS] = json.dumps(
        {HOME: "http://127.0.0.1:3001/", PEER: "http://127.0.0.1:3002"}
    )
    config = load_config(local)
    assert config.base_path == ""
    assert config.url_of(HOME) == "http://127.0.0.1:3001"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({contract.ENV_TABLE_NAME: ""}, contract.ENV_TABLE_NAME),
        ({contract.ENV_REGION: "eu-west-1"}, "AWS_REGION=eu-west-1"),
        ({contract.ENV_HOME_REGION: "eu-west-1"}, "HOME_REGION=eu-west-1"),
        ({contract.ENV_REGION_URLS: "{"}, contract.ENV_REGION_URLS),
        ({contract.ENV_REGION_URLS: '{"us-east-1": "ftp://x"}'}, contract.ENV_REGION_URLS),
        ({contract.ENV_DEEP_PING_PERCENT: "101"}, contract.ENV_DEEP_PING_PERCENT),
        ({contract.ENV_DEEP_PING_PERCENT: "-1"}, contract.ENV_DEEP_PING_PERCENT),
        ({contract.ENV_HEALTH_CHECK_SECRET: ""}, contract.ENV_HEALTH_CHECK_SECRET),
        ({contract.ENV_FRONT_DOOR: "nlb"}, contract.ENV_FRONT_DOOR),
    ],
)
def test_a_broken_environment_fails_loudly(change: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_config({**region_env(HOME), **change})


def test_force_fail_is_read_from_the_contract() -> None:
    assert load_config(region_env(HOME, force_fail_regions=[HOME])).force_fail
    assert not load_config(region_env(PEER, force_fail_regions=[HOME])).force_fail


def test_json_parser_accepts_plain_json_and_refuses_the_rest() -> None:
    assert parse_json_body('{"a": [1, 2.5, "x", null, true]}') == {"a": [1, 2.5, "x", None, True]}
    nested = "[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH
    assert parse_json_body(nested) is not None
    for bad in ("[" * (MAX_JSON_DEPTH + 1) + "]" * (MAX_JSON_DEPTH + 1), "Infinity", "-1e400",
                '"\\udc00"', '{"\\ud800": 1}', "[" * 100_000):  # fmt: skip
        with pytest.raises(json.JSONDecodeError):
            parse_json_body(bad)


def test_a_rest_event_without_headers_or_body_passes_the_guards() -> None:
    event = rest_event("GET", "/hello")
    event["headers"] = event["multiValueHeaders"] = None
    assert refusal(event) is None


def test_the_front_door_defaults_to_rest_and_is_read_from_the_contract() -> None:
    assert load_config(region_env(HOME)).front_door is contract.FrontDoor.REST
    for door in contract.FrontDoor:
        env = {**region_env(HOME), contract.ENV_FRONT_DOOR: door.value}
        assert load_config(env).front_door is door
