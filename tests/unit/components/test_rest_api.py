"""The REST API front door: proxy integrations, redeployment trigger, stage."""

from __future__ import annotations

import json
from typing import Any

import pytest
from multi_region_api.components import rest_api
from multi_region_api.components.rest_api import deployment_fingerprint

from tests.unit.components.conftest import cached_graph
from tests.unit.components.support import build_graph, stack_args


def test_rest_api_is_regional_with_the_execute_api_endpoint_disabled(any_graph) -> None:
    _, _, graph, settings = any_graph
    for region in settings.regions:
        api = graph.named(f"api-{region}-rest-api").plain_inputs
        assert api["endpointConfiguration"] == {"types": "REGIONAL"}
        assert api["disableExecuteApiEndpoint"] is True


def test_root_and_proxy_any_methods_proxy_to_the_function(updated) -> None:
    graph, settings = updated
    for region in settings.regions:
        api = graph.named(f"api-{region}-rest-api")
        proxy = graph.named(f"api-{region}-proxy-resource")
        assert proxy.plain_inputs["pathPart"] == "{proxy+}"
        assert proxy.plain_inputs["parentId"] == api.state["rootResourceId"]
        invoke_arn = graph.named(f"api-{region}-function").state["invokeArn"]
        for suffix, resource_id in (
            ("root", api.state["rootResourceId"]),
            ("proxy", proxy.state_id),
        ):
            method = graph.named(f"api-{region}-{suffix}-method").plain_inputs
            assert method["httpMethod"] == "ANY"
            assert method["resourceId"] == resource_id
            integration = graph.named(f"api-{region}-{suffix}-integration").plain_inputs
            assert integration["type"] == "AWS_PROXY"
            assert integration["integrationHttpMethod"] == "POST"
            assert integration["uri"] == invoke_arn
            assert integration["resourceId"] == resource_id


def trigger(graph, region: str) -> str:
    return graph.named(f"api-{region}-deployment").plain_inputs["triggers"]["redeployment"]


def test_deployment_trigger_hashes_what_shapes_the_api(updated) -> None:
    graph, settings = updated
    for region in settings.regions:
        value = trigger(graph, region)
        assert len(value) == 64
        uri = graph.named(f"api-{region}-root-integration").plain_inputs["uri"]
        assert value != deployment_fingerprint([{"uri": uri}])


def test_deployment_trigger_changes_when_the_integration_changes() -> None:
    base = cached_graph("us", "update")
    rebuilt = build_graph(stack_args("us"))
    changed = build_graph(stack_args("us"), function_suffix="-v2")
    for region in ("us-east-1", "us-west-2"):
        before = base.named(f"api-{region}-root-integration").plain_inputs["uri"]
        after = changed.named(f"api-{region}-root-integration").plain_inputs["uri"]
        assert before != after
        assert trigger(base, region) != trigger(changed, region)
        assert trigger(base, region) == trigger(rebuilt, region)


CHANGES: list[tuple[str, str, Any]] = [
    ("METHOD_SETTINGS", "http_method", "GET"),
    ("METHOD_SETTINGS", "authorization", "AWS_IAM"),
    ("METHOD_SETTINGS", "api_key_required", True),  # a new argument
    ("INTEGRATION_SETTINGS", "integration_http_method", "PUT"),
    ("INTEGRATION_SETTINGS", "type", "AWS"),
    ("INTEGRATION_SETTINGS", "timeout_milliseconds", 5000),  # a new argument
]


@pytest.mark.parametrize(("table", "key", "value"), CHANGES, ids=[c[1] for c in CHANGES])
def test_any_in_place_change_to_a_method_or_integration_redeploys(
    monkeypatch: pytest.MonkeyPatch, table: str, key: str, value: Any
) -> None:
    """Each argument the methods and integrations are built with, changed alone, changes the
    trigger; the resource receives the changed argument (so it is the same dict)."""
    base = cached_graph("us", "update")
    monkeypatch.setitem(getattr(rest_api, table), key, value)
    changed = build_graph(stack_args("us"))
    kind = "method" if table == "METHOD_SETTINGS" else "integration"
    for region in ("us-east-1", "us-west-2"):
        assert trigger(base, region) != trigger(changed, region)
        resource = changed.named(f"api-{region}-proxy-{kind}")
        camel = key.split("_")[0] + "".join(p.title() for p in key.split("_")[1:])
        assert resource.plain_inputs[camel] == value


def test_fingerprint_depends_on_content_not_key_order() -> None:
    parts = [{"uri": "a", "type": "AWS_PROXY"}]
    assert deployment_fingerprint(parts) == deployment_fingerprint(
        [json.loads(json.dumps({"type": "AWS_PROXY", "uri": "a"}))]
    )
    assert deployment_fingerprint(parts) != deployment_fingerprint(
        [{"uri": "b", "type": "AWS_PROXY"}]
    )


def test_stage_traces_throttles_and_logs(updated) -> None:
    graph, settings = updated
    for region in settings.regions:
        stage = graph.named(f"api-{region}-stage").plain_inputs
        assert stage["xrayTracingEnabled"] is True
        assert stage["deployment"] == graph.named(f"api-{region}-deployment").state_id
        logs = graph.named(f"api-{region}-access-logs")
        assert stage["accessLogSettings"]["destinationArn"] == logs.state["arn"]
        assert "$context.requestId" in stage["accessLogSettings"]["format"]
        assert logs.plain_inputs["retentionInDays"] == settings.log_retention_days
        method_settings = graph.named(f"api-{region}-method-settings").plain_inputs
        assert method_settings["methodPath"] == "*/*"
        assert method_settings["settings"]["metricsEnabled"] is True
        assert method_settings["settings"]["throttlingRateLimit"] > 0
        assert method_settings["settings"]["throttlingBurstLimit"] > 0
        account = graph.named(f"api-{region}-apigw-account").plain_inputs
        role = graph.named(f"api-{region}-apigw-logs-role").state["arn"]
        assert account["cloudwatchRoleArn"] == role
