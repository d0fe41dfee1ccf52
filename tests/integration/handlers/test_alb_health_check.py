"""ELB's own health check of the region's target group reaches the health route without the
secret (issue 19, finding 8); nothing a client can send through the load balancer does.

The genuine event is AWS's documented health-check event for a Lambda target ("Lambda functions
as targets", Elastic Load Balancing user guide): the target group's ARN in
``requestContext.elb``, ``User-Agent: ELB-HealthChecker/2.0``, an empty query and no forwarding
headers. Client requests come from the project's ALB event factory, which adds what the load
balancer adds to every request it forwards (``X-Forwarded-For``, ``X-Amzn-Trace-Id``).
"""

from __future__ import annotations

from typing import Any

import pytest
from multi_region_api.components.alb import alb_environment
from multi_region_api.handlers import contract
from multi_region_api.local_runtime.events import TARGET_GROUP_ARN

from tests.integration.handlers.shapes import ShapedApi
from tests.integration.handlers.support import BASE_PATH, SECRET

OWN = (
    "arn:aws:elasticloadbalancing:us-east-1:123456789012:"
    "targetgroup/api-us-east-1-tg-0a1b2c3/6d0ecf831eec9f09"
)
OTHER = OWN.replace("api-us-east-1-tg-0a1b2c3", "someone-elses-tg")
HEALTH = f"/{BASE_PATH}{contract.HEALTH_PATH}"
ELB_AGENT = {"User-Agent": "ELB-HealthChecker/2.0"}


def elb_health_check(target_group_arn: str, *, multi_value: bool) -> dict[str, Any]:
    """What ELB sends the function for a health check (AWS's example, our path)."""
    event: dict[str, Any] = {
        "requestContext": {"elb": {"targetGroupArn": target_group_arn}},
        "httpMethod": "GET",
        "path": HEALTH,
        "body": "",
        "isBase64Encoded": False,
    }
    if multi_value:
        event["multiValueQueryStringParameters"] = {}
        event["multiValueHeaders"] = {"user-agent": ["ELB-HealthChecker/2.0"]}
    else:
        event["queryStringParameters"] = {}
        event["headers"] = {"user-agent": "ELB-HealthChecker/2.0"}
    return event


@pytest.fixture(params=["alb", "alb-multi-value"])
def alb_api(
    aws: None, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> ShapedApi:
    api = ShapedApi(monkeypatch, request.param)
    api.use(api.region, **alb_environment(OWN))
    return api


@pytest.mark.parametrize("multi_value", [False, True])
def test_elbs_health_check_of_this_target_group_passes_without_the_query(
    alb_api: ShapedApi, multi_value: bool
) -> None:
    reply = alb_api.send(elb_health_check(OWN, multi_value=multi_value))
    assert reply.status == 200
    assert reply.body["status"] == "ok"


@pytest.mark.parametrize("multi_value", [False, True])
def test_another_target_groups_health_check_is_refused(
    alb_api: ShapedApi, multi_value: bool
) -> None:
    assert alb_api.send(elb_health_check(OTHER, multi_value=multi_value)).status == 403


def test_a_client_claiming_to_be_elbs_health_checker_is_refused(alb_api: ShapedApi) -> None:
    """Through the listener the event carries this target group's ARN too: only the forwarding
    headers the load balancer adds tell a client from the health checker."""
    forged = alb_api.build("GET", HEALTH, headers=ELB_AGENT)
    forged["requestContext"]["elb"]["targetGroupArn"] = OWN
    assert alb_api.send(forged).status == 403
    query = {contract.HEALTH_SECRET_PARAM: SECRET}
    with_secret = alb_api.build("GET", HEALTH, headers=ELB_AGENT, query=query)
    assert alb_api.send(with_secret).status == 200


def test_without_the_target_group_in_the_environment_the_secret_is_needed(
    aws: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    api = ShapedApi(monkeypatch, "alb")
    assert api.send(elb_health_check(TARGET_GROUP_ARN, multi_value=False)).status == 403


def test_api_gateway_events_never_count_as_elb_health_checks(
    aws: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    api = ShapedApi(monkeypatch, "rest")
    api.use(api.region, **alb_environment(OWN))
    assert api.call("GET", contract.HEALTH_PATH, headers=ELB_AGENT).status == 403
