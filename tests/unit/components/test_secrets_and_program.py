"""The health-check secret stays secret; the stack program; hosting and custom providers."""

from __future__ import annotations

from typing import Any

import pulumi_aws as aws
import pytest
from multi_region_api.components import MultiRegionApi
from multi_region_api.components.multi_region_api import OUTPUTS, STACK_OUTPUTS
from multi_region_api.components.stack_config import StackConfigError
from multi_region_api.handlers import contract
from pulumi.provider.experimental.analyzer import Analyzer
from pulumi.runtime import rpc

from tests.unit.components.conftest import cached_graph
from tests.unit.components.support import Graph, build_graph, run_stack_program, stack_args

GIVEN_SECRET = "given-secret-0123456789abcdefXYZ"


def plain_leaks(value: Any, secret: str, path: str = "") -> list[str]:
    """Paths where ``secret`` appears outside a secret wrapper."""
    if rpc.is_rpc_secret(value):
        return []
    if isinstance(value, dict):
        return [leak for k, v in value.items() for leak in plain_leaks(v, secret, f"{path}.{k}")]
    if isinstance(value, list):
        return [
            leak for i, v in enumerate(value) for leak in plain_leaks(v, secret, f"{path}[{i}]")
        ]
    return [path] if isinstance(value, str) and secret in value else []


def leaks(graph: Graph, secret: str) -> list[str]:
    found = [f"output {path}" for path in plain_leaks(graph.outputs, secret)]
    for resource in graph.resources:
        found += [f"{resource.name}{path}" for path in plain_leaks(resource.inputs, secret)]
    return found


def test_generated_secret_never_appears_in_plain_inputs_or_outputs() -> None:
    graph = cached_graph("us", "update")
    password = graph.named("api-health-check-secret")
    assert password.plain_inputs["length"] == 32
    assert password.plain_inputs["special"] is False
    secret = password.state["result"]
    assert secret in str(graph.named("api-us-east-1-health-check").plain_inputs)
    assert leaks(graph, secret) == []
    assert not any(graph.secret_outputs.values())  # nothing secret to hide in the outputs


def test_given_secret_is_used_and_never_plain() -> None:
    graph = build_graph({**stack_args("us"), "health_check_secret": GIVEN_SECRET})
    assert not graph.of_type("random:index/randomPassword:RandomPassword")
    path = graph.named("api-us-west-2-health-check").plain_inputs["resourcePath"]
    assert path == f"/health?healthCheckerId={GIVEN_SECRET}"
    assert leaks(graph, GIVEN_SECRET) == []


def test_stack_program_exports_and_keeps_the_config_secret_secret() -> None:
    graph = run_stack_program("eu", extra_config={"healthCheckSecret": GIVEN_SECRET})
    assert set(graph.outputs) == {*STACK_OUTPUTS.values(), "costEstimate", "failoverTimeEstimate"}
    assert graph.outputs["url"] == "https://api.eu.example.com"
    assert graph.outputs["dashboardUrl"].startswith(
        "https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#dashboards"
    )
    assert set(graph.outputs["costEstimate"]["perRegionUsd"]) == {"eu-west-1", "eu-central-1"}
    assert graph.outputs["failoverTimeEstimate"]["worstCaseSeconds"] == 30 * 3 + 60
    assert sorted(graph.outputs["healthCheckIds"]) == ["eu-central-1", "eu-west-1"]
    assert leaks(graph, GIVEN_SECRET) == []
    assert GIVEN_SECRET in str(graph.named("api-eu-west-1-health-check").plain_inputs)
    # The program builds the same graph as the component built from the stack file.
    direct = cached_graph("eu", "update")
    program_urns = graph.urns()
    assert {u for u in direct.urns() if "health-check-secret" not in u and "random" not in u} == (
        program_urns
    )


def test_stack_program_preview_runs_with_unknowns() -> None:
    graph = run_stack_program("us", preview=True)
    assert graph.outputs["url"] == "https://api.us.example.com"
    assert graph.outputs["tableName"] is None  # unknown until the table exists


def test_component_is_hostable_by_the_component_provider_analyzer() -> None:
    result = Analyzer(contract.SERVICE_NAME).analyze([MultiRegionApi])
    component = result["component_definitions"][contract.METRICS_NAMESPACE]
    assert {"regions", "domainName", "hostedZoneId", "healthCheck"} <= set(component.inputs)
    assert {"frontDoor", "globalAccelerator", "albNetworks", "regionSwitch"} <= set(
        component.inputs
    )
    assert set(component.outputs) == set(STACK_OUTPUTS.values())


def test_callers_providers_are_used_for_their_regions() -> None:
    def tenant_providers() -> dict[str, Any]:
        return {
            "providers": {
                "us-west-2": aws.Provider("tenant-us-west-2", region="us-west-2"),
                "global": aws.Provider("tenant-global", region="us-east-1"),
            }
        }

    graph = build_graph(stack_args("us"), make_kwargs=tenant_providers)
    west = graph.named("tenant-us-west-2").urn
    assert graph.named("api-us-west-2-function").provider_urn == west
    assert graph.named("api-us-west-2-stage").provider_urn == west
    assert (
        graph.named("api-us-west-2-health-check").provider_urn == graph.named("tenant-global").urn
    )
    east = graph.named("api-us-east-1-provider").urn
    assert graph.named("api-us-east-1-function").provider_urn == east
    names = {r.name for r in graph.resources}
    assert "api-us-west-2-provider" not in names
    assert "api-global-provider" not in names


def test_unknown_provider_key_is_rejected() -> None:
    def stray() -> dict[str, Any]:
        return {"providers": {"ap-south-1": aws.Provider("stray", region="ap-south-1")}}

    with pytest.raises(ValueError, match="providers: 'ap-south-1'"):
        build_graph(stack_args("us"), make_kwargs=stray)


def test_stack_program_rejects_a_misspelt_config_key() -> None:
    with pytest.raises(StackConfigError, match=r"healthChek \(did you mean 'healthCheck'"):
        run_stack_program("us", extra_config={"healthChek": "{}"})


def test_a_config_secret_too_long_for_the_health_check_fails_the_preview() -> None:
    """A secret from config is an ``Output``; it is checked as soon as it resolves."""
    with pytest.raises(Exception, match=r"health_check_secret: is 300 characters URL-quoted"):
        run_stack_program("us", preview=True, extra_config={"healthCheckSecret": "x" * 300})


def test_the_output_list_is_the_components_output_annotations() -> None:
    """One list: the annotations the provider reads; register_outputs and the exports use it."""
    assert OUTPUTS[:3] == ("url", "regional_urls", "table_name")
    assert set(OUTPUTS) == {
        name for name in MultiRegionApi.__annotations__ if not name.startswith("_")
    }
    assert STACK_OUTPUTS["region_switch_plan_arn"] == "regionSwitchPlanArn"
