"""The kit's route-test helpers: events of every front door, the moto table, the in-process client.

The subjects are the example application (``examples/food_for_thought``) and two small apps
written here (routers and a proxy handler), served through the platform's own dispatcher.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from multi_region_api.components.app_args import IndexSettings
from multi_region_api.handlers import contract
from multi_region_api.handlers.contract import FrontDoor

from multi_region_api.testing import ApiClient, MotoTable, event
from tests.integration.handlers.support import EXAMPLE_PATH, EXAMPLE_ROUTERS

EXAMPLE = {"path": str(EXAMPLE_PATH), "routers": EXAMPLE_ROUTERS}

ECHO_APP = """
from aws_lambda_powertools.event_handler.api_gateway import Router
from multi_region_api import runtime

router = Router()
ROUTERS = (router,)


@router.get("/echo/<word>")
def echo(word: str) -> dict[str, str]:
    if word == "missing":
        raise runtime.NotFound("no such word")
    return {"word": word, "region": runtime.deployment().region}


@router.get("/boom")
def boom() -> dict[str, str]:
    raise RuntimeError("a bug")
"""

PROXY_APP = """
import json


def handle(event, context):
    return {"statusCode": 418, "headers": {"Content-Type": "application/json"},
            "body": json.dumps({"teapot": True})}
"""


@pytest.fixture
def echo_app(tmp_path: Path) -> dict[str, str]:
    (tmp_path / "echo_kit_app.py").write_text(ECHO_APP)
    return {"path": str(tmp_path), "routers": "echo_kit_app:ROUTERS"}


@pytest.mark.parametrize(
    ("door", "marker"),
    [(FrontDoor.REST, "resource"), (FrontDoor.HTTP, "rawPath"), (FrontDoor.ALB, "requestContext")],
)
def test_events_have_their_front_doors_shape(door: FrontDoor, marker: str) -> None:
    built = event("POST", "/notes", front_door=door, json={"a": 1}, query={"q": "x"})
    assert marker in built
    assert json.loads(built["body"]) == {"a": 1}
    if door is FrontDoor.HTTP:
        assert built["version"] == "2.0"
        assert built["headers"]["content-type"] == "application/json"
    elif door is FrontDoor.ALB:
        assert "elb" in built["requestContext"]
        assert built["multiValueQueryStringParameters"] == {"q": ["x"]}
    else:
        assert built["httpMethod"] == "POST"
        assert built["queryStringParameters"] == {"q": "x"}


def test_the_moto_table_has_the_platforms_schema_and_the_apps_indexes() -> None:
    index = IndexSettings(name="by_kind", partition_key="kind")
    with MotoTable(regions=("us-east-1", "eu-west-1"), indexes=(index,)) as table:
        for region in table.regions:
            client = table.client(region)
            described = client.describe_table(TableName=table.name)["Table"]
            assert described["KeySchema"] == [
                {"AttributeName": contract.PARTITION_KEY, "KeyType": "HASH"}
            ]
            assert described["StreamSpecification"]["StreamEnabled"] is True
            assert [i["IndexName"] for i in described["GlobalSecondaryIndexes"]] == ["by_kind"]
            ttl = client.describe_time_to_live(TableName=table.name)["TimeToLiveDescription"]
            assert ttl["AttributeName"] == contract.TTL_ATTRIBUTE
        table.client("us-east-1").put_item(
            TableName=table.name, Item={contract.PARTITION_KEY: {"S": "A"}, "kind": {"S": "x"}}
        )
        assert table.items("us-east-1") == [{contract.PARTITION_KEY: "A", "kind": "x"}]
        assert table.items("eu-west-1") == []


def test_the_client_serves_the_example_app_with_its_errors_and_region() -> None:
    with ApiClient(EXAMPLE, region="us-west-2") as client:
        hello = client.get("/hello")
        assert hello.status == 200
        assert hello.served_region == "us-west-2"
        assert client.get("/no-such-route").json()["error"] == "not_found"
        assert client.health().status == 200
        assert client.get(contract.HEALTH_PATH).status == 403  # no secret: refused


@pytest.mark.parametrize("door", list(FrontDoor))
def test_routes_of_an_app_answer_through_every_front_door(
    echo_app: dict[str, str], door: FrontDoor
) -> None:
    with ApiClient(echo_app, front_door=door, base_path="v1") as client:
        answer = client.get("/echo/hi")
        assert (answer.status, answer.json()) == (200, {"word": "hi", "region": "us-east-1"})
        assert answer.header("x-served-region") == "us-east-1"
        assert client.get("/echo/missing").json()["error"] == "not_found"
        assert client.get("/boom").status == 500
        assert client.post("/echo/hi").status == 405


def test_clients_of_two_regions_each_answer_as_their_own(echo_app: dict[str, str]) -> None:
    with ApiClient(echo_app, region="us-east-1") as home:
        peer = home.in_region("us-west-2")
        assert peer.get("/echo/a").json()["region"] == "us-west-2"
        assert home.get("/echo/a").json()["region"] == "us-east-1"
        assert peer.get("/echo/b").served_region == "us-west-2"


def test_a_proxy_handler_app_gets_every_request_but_health(tmp_path: Path) -> None:
    (tmp_path / "teapot_kit_app.py").write_text(PROXY_APP)
    with ApiClient({"path": str(tmp_path), "handler": "teapot_kit_app.handle"}) as client:
        assert client.get("/anything").status == 418
        assert client.health().status == 200


def test_without_an_app_the_platform_answers_alone() -> None:
    with ApiClient() as client:
        assert client.get("/").status == 200
        assert client.get("/openapi.json").status == 200


def test_a_bad_app_is_an_args_error_naming_the_field(tmp_path: Path) -> None:
    from multi_region_api.components.args_error import ArgsError

    with pytest.raises(ArgsError, match=r"app\.routers"):
        ApiClient({"path": str(tmp_path), "routers": "nothing_here:ROUTERS"})
