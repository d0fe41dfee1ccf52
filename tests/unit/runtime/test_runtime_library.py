"""The runtime library's pure parts: deployment, key conventions, tokens, OpenAPI helpers."""

from __future__ import annotations

import json
import subprocess
import sys
import types

import pytest
from multi_region_api.handlers import contract

import multi_region_api
from multi_region_api import runtime

URLS = {
    "us-east-1": "https://us-east-1.api.example.com/v1",
    "us-west-2": "https://us-west-2.api.example.com/v1/",
}


def environ(region: str = "us-west-2", **extra: str) -> dict[str, str]:
    return {
        contract.ENV_REGION: region,
        contract.ENV_HOME_REGION: "us-east-1",
        contract.ENV_REGION_URLS: json.dumps(URLS),
        contract.ENV_TABLE_NAME: "t",
        **extra,
    }


def test_the_deployment_is_read_from_the_contract_names() -> None:
    here = runtime.load_deployment(environ())
    assert (here.region, here.home_region, here.table_name) == ("us-west-2", "us-east-1", "t")
    assert here.regions == ("us-east-1", "us-west-2")
    assert here.peer_regions == ("us-east-1",)
    assert not here.is_home
    assert here.base_path == "/v1"
    assert here.url_of("us-west-2") == "https://us-west-2.api.example.com/v1"
    assert here.shared_url == "https://api.example.com/v1"
    assert here.origins == (
        "https://api.example.com",
        "https://us-east-1.api.example.com",
        "https://us-west-2.api.example.com",
    )
    assert here.front_door is contract.FrontDoor.REST


def test_shared_url_from_the_environment_wins() -> None:
    here = runtime.load_deployment(environ(**{contract.ENV_SHARED_URL: "http://127.0.0.1:8080/"}))
    assert here.shared_url == "http://127.0.0.1:8080"


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({contract.ENV_TABLE_NAME: ""}, contract.ENV_TABLE_NAME),
        ({contract.ENV_REGION_URLS: "{"}, contract.ENV_REGION_URLS),
        ({contract.ENV_REGION: "eu-west-1"}, contract.ENV_REGION),
        ({contract.ENV_FRONT_DOOR: "grpc"}, contract.ENV_FRONT_DOOR),
    ],
)
def test_a_bad_environment_names_the_variable(change: dict[str, str], named: str) -> None:
    with pytest.raises(runtime.ConfigError, match=named):
        runtime.load_deployment({**environ(), **change})


def test_the_home_region_guard_points_at_the_home_region() -> None:
    runtime.load_deployment(environ("us-east-1")).require_home_region("/notes/a", "notes")
    with pytest.raises(runtime.WrongRegion) as refused:
        runtime.load_deployment(environ()).require_home_region("/notes/a", "notes")
    error = refused.value
    assert (error.home, error.home_url) == ("us-east-1", URLS["us-east-1"])
    assert error.location == f"{URLS['us-east-1']}/notes/a"
    gone = runtime.load_deployment(environ()).wrong_region("ap-south-1", "/orders/o", "order o")
    assert (gone.home_url, gone.location) == ("", "/orders/o")


def test_the_reserved_prefix_is_refused_in_application_keys() -> None:
    assert contract.RESERVED_KEY_PREFIX == runtime.RESERVED_KEY_PREFIX
    assert runtime.key("NOTE#a") == {runtime.PARTITION_KEY: {"S": "NOTE#a"}}
    with pytest.raises(runtime.ReservedKey, match=runtime.RESERVED_KEY_PREFIX):
        runtime.key(f"{runtime.RESERVED_KEY_PREFIX}HEALTH#us-east-1")
    assert runtime.key("mra#x")  # only the exact prefix is reserved


def test_tokens_are_stable_and_scoped() -> None:
    assert runtime.request_token("k", "alice") == runtime.request_token("k", "alice")
    assert runtime.request_token("k", "alice") != runtime.request_token("k", "bob")
    assert runtime.request_token(None) != runtime.request_token(None)
    assert len(runtime.id_from_key("order", "k", "alice")) == 32
    assert runtime.id_from_key("order", "k") != runtime.id_from_key("note", "k")
    assert runtime.body_hash({"a": 1, "b": [1]}) == runtime.body_hash({"b": [1], "a": 1})
    token = runtime.change_token(3, {"status": "paid"})
    assert token != runtime.change_token(4, {"status": "paid"})
    mine = {"expected_version": 3, "token": token}
    assert runtime.is_own_update(**mine, current_version=4, current_token=token)
    assert not runtime.is_own_update(**mine, current_version=5, current_token=token)
    assert not runtime.is_own_update(**mine, current_version=4, current_token="other")


def test_openapi_helpers_document_models_and_links() -> None:
    class Note(runtime.ErrorDetail):
        pass

    documented = runtime.response(
        201,
        "Created",
        Note,
        links={"Get": runtime.link("/notes/{note_id}", "get", {"note_id": "$response.body#/id"})},
    )
    assert documented[201]["content"]["application/json"]["model"] is Note
    assert documented[201]["links"]["Get"]["operationRef"] == "#/paths/~1notes~1{note_id}/get"
    errors = runtime.error_responses(*runtime.COMMON_ERRORS, 404)
    assert sorted(errors) == [400, 404, 413, 415, 422, 431, 503]
    assert errors[404]["content"]["application/json"]["model"] is runtime.ErrorBody


def test_importing_the_runtime_pulls_in_neither_pulumi_nor_the_component() -> None:
    script = (
        "import sys\n"
        "import multi_region_api.runtime, multi_region_api.handlers.contract\n"
        "heavy = ('pulumi', 'multi_region_api.components')\n"
        "print(sorted(m for m in sys.modules if m.startswith(heavy)))\n"
        "from multi_region_api import MultiRegionApi, __version__\n"
        "print(MultiRegionApi.__name__, 'pulumi' in sys.modules)\n"
    )
    run = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True
    )
    assert run.stdout.splitlines() == ["[]", "MultiRegionApi True"]


@pytest.mark.parametrize("module", [multi_region_api, runtime], ids=lambda m: m.__name__)
def test_lazy_names_are_listed_and_others_refused(module: types.ModuleType) -> None:
    assert set(module.__all__) <= set(dir(module))
    refused = rf"module '{module.__name__}' has no attribute 'nope'"
    with pytest.raises(AttributeError, match=refused):
        module.nope  # noqa: B018 - the lookup is the test
