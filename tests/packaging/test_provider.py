"""The component as other Pulumi languages see it: its schema, and construction by the provider.

The schema is what `pulumi package add` turns into TypeScript/Go/C#/Java/YAML SDKs, so a change to
it is a change to the public contract. ``snapshots/schema.json`` pins it; after an intended change,
refresh it with ``UPDATE_SNAPSHOTS=1 .venv/bin/pytest tests/packaging/test_provider.py`` and commit
the reviewed diff. The schema's ``version`` is left out: it follows pyproject's version.
"""

from __future__ import annotations

import asyncio
import difflib
import json
import os
import selectors
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import quote

import grpc
import pulumi
import pytest
import yaml
from multi_region_api.components.multi_region_api import STACK_OUTPUTS
from pulumi.errors import InputPropertyError
from pulumi.provider.server import ComponentInitError
from pulumi.runtime import rpc
from pulumi.runtime.proto import provider_pb2, provider_pb2_grpc

from multi_region_api.provider import PACKAGE, component_provider, package_version
from tests.packaging.support import REPO

SNAPSHOT = Path(__file__).with_name("snapshots") / "schema.json"
TOKEN = "multi-region-api:index:MultiRegionApi"
OUTPUTS = set(STACK_OUTPUTS.values())


def generated_schema() -> dict[str, Any]:
    return json.loads(component_provider().schema or "{}")


def render(schema: dict[str, Any]) -> str:
    return (
        json.dumps({k: v for k, v in schema.items() if k != "version"}, indent=2, sort_keys=True)
        + "\n"
    )


def test_schema_matches_the_committed_snapshot() -> None:
    current = render(generated_schema())
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        SNAPSHOT.write_text(current)
        pytest.skip(f"rewrote {SNAPSHOT.name}: review the diff and commit it")
    committed = SNAPSHOT.read_text()
    if current != committed:
        diff = "".join(
            difflib.unified_diff(
                committed.splitlines(keepends=True),
                current.splitlines(keepends=True),
                fromfile="committed snapshots/schema.json",
                tofile="schema generated now",
            )
        )
        pytest.fail(
            "The component's public schema changed (inputs, outputs, types or descriptions):\n"
            f"{diff}\nIf that is intended, refresh the snapshot with\n"
            "  UPDATE_SNAPSHOTS=1 .venv/bin/pytest tests/packaging/test_provider.py\n"
            "and commit it with the change.",
            pytrace=False,
        )


def test_plugin_entry_point_serves_the_schema_over_grpc(tmp_path: Path) -> None:
    """Start the plugin the way the Python language host does, ``python <main's directory>
    <engine address>`` from elsewhere, and ask it for its schema as ``pulumi package add`` does."""
    manifest = yaml.safe_load((REPO / "PulumiPlugin.yaml").read_text())
    assert manifest["runtime"] == "python"
    program_dir = (REPO / manifest["main"]).parent
    plugin = subprocess.Popen(  # noqa: S603 - our interpreter, our entry point
        [sys.executable, program_dir, "127.0.0.1:1"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert plugin.stdout is not None
        with selectors.DefaultSelector() as selector:
            selector.register(plugin.stdout, selectors.EVENT_READ)
            assert selector.select(timeout=60), "the plugin printed no port within 60 s"
        port = plugin.stdout.readline().strip()
        assert port.isdigit(), f"no port: {port!r} {plugin.stderr.read() if plugin.stderr else ''}"
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            stub = provider_pb2_grpc.ResourceProviderStub(channel)
            served = stub.GetSchema(provider_pb2.GetSchemaRequest(version=0), timeout=30).schema
    finally:
        plugin.terminate()
        plugin.wait(timeout=30)
    assert render(json.loads(served)) == SNAPSHOT.read_text()


def test_schema_describes_every_input_and_output() -> None:
    schema = generated_schema()
    assert schema["name"] == PACKAGE
    assert schema["version"] == package_version()
    component = schema["resources"][TOKEN]
    assert component["isComponent"] is True
    assert sorted(component["requiredInputs"]) == ["domainName", "hostedZoneId", "regions"]
    assert set(component["properties"]) == OUTPUTS
    assert set(component["required"]) == OUTPUTS
    properties = [*component["inputProperties"].items(), *component["properties"].items()]
    for type_def in schema["types"].values():
        properties += type_def["properties"].items()
    for name, prop in properties:
        assert prop.get("description"), f"{name} has no description (a docstring in the source)"
    # The secret may be another resource's output (a secret); everything else is validated
    # eagerly at construction, so it must be a plain value.
    assert "plain" not in component["inputProperties"]["healthCheckSecret"]


class EchoMocks(pulumi.runtime.Mocks):
    """A preview: declared inputs come back, computed outputs stay unknown."""

    def __init__(self) -> None:
        self.inputs: dict[tuple[str, str], dict[str, Any]] = {}

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str, dict[str, Any]]:
        self.inputs[(args.typ, args.name)] = args.inputs
        return "", args.inputs

    def call(self, args: pulumi.runtime.MockCallArgs) -> tuple[dict[str, Any], None]:
        raise AssertionError(f"unexpected invoke {args.token}")


def construct(inputs: dict[str, Any]) -> tuple[EchoMocks, str, dict[str, Any]]:
    """Call the provider's ``construct`` as the engine's Construct RPC does, and settle outputs."""
    mocks = EchoMocks()
    pulumi.runtime.set_mocks(mocks, project="consumer", stack="dev", preview=True)
    provider = component_provider()
    settled: dict[str, Any] = {}

    @pulumi.runtime.test
    def run() -> pulumi.Output[None]:
        result = provider.construct("api", TOKEN, inputs, pulumi.ResourceOptions())

        async def settle() -> None:
            # One by one: in a preview the computed outputs are unknown (None here).
            for key, value in {"urn": result.urn, **result.state}.items():
                settled[key] = await pulumi.Output.from_input(value).future()

        return pulumi.Output.from_input(asyncio.ensure_future(settle()))

    run()
    return mocks, settled.pop("urn"), settled


# What the engine hands the provider for a YAML or TypeScript program: camelCase keys, every
# number a float (protobuf), a secret input as a secret Output.
HOSTED_INPUTS: dict[str, Any] = {
    "regions": ["eu-west-1", "eu-central-1"],
    "homeRegion": "eu-west-1",
    "domainName": "api.eu.example.com",
    "hostedZoneId": "Z0123456789EXAMPLE",
    "basePath": "v1",
    "logRetentionDays": 30.0,
    "healthCheck": {"intervalSeconds": 10.0, "failureThreshold": 2.0},
}


def test_provider_constructs_the_component_from_hosted_inputs() -> None:
    inputs = HOSTED_INPUTS | {"healthCheckSecret": pulumi.Output.secret("s3cr3t/+")}
    mocks, urn, state = construct(inputs)

    assert urn.endswith(f"{TOKEN}::api")
    assert set(state) == OUTPUTS
    assert state["url"] == "https://api.eu.example.com/v1"
    assert state["regionalUrls"] == {
        "eu-west-1": "https://eu-west-1.api.eu.example.com/v1",
        "eu-central-1": "https://eu-central-1.api.eu.example.com/v1",
    }
    log_groups = [v for (typ, _), v in mocks.inputs.items() if typ.endswith("logGroup:LogGroup")]
    assert log_groups
    assert {g["retentionInDays"] for g in log_groups} == {30}
    checks = [v for (typ, _), v in mocks.inputs.items() if typ.endswith("healthCheck:HealthCheck")]
    assert len(checks) == 2
    for check in checks:
        assert check["requestInterval"] == 10
        assert check["failureThreshold"] == 2
        # The hosted secret stays a secret all the way into the health check.
        assert rpc.is_rpc_secret(check["resourcePath"])
        path = rpc.unwrap_rpc_secret(check["resourcePath"])
        assert path == f"/v1/health?healthCheckerId={quote('s3cr3t/+', safe='')}"


def test_provider_passes_a_hosted_alb_network_through() -> None:
    network = {"vpcId": "vpc-0123abcd", "subnetIds": ["subnet-0123abcd", "subnet-4567abcd"]}
    mocks, _, state = construct(
        HOSTED_INPUTS
        | {
            "frontDoor": "alb",
            "basePath": "v1",
            "albNetworks": {"eu-west-1": network, "eu-central-1": network},
        }
    )
    balancers = [
        v for (typ, _), v in mocks.inputs.items() if typ == "aws:lb/loadBalancer:LoadBalancer"
    ]
    assert [b["subnets"] for b in balancers] == [network["subnetIds"]] * 2
    assert state["regionSwitchPlanArn"] == ""
    assert state["staticIps"] == []


def test_provider_reports_invalid_hosted_inputs_by_field() -> None:
    with pytest.raises(ComponentInitError, match=r"MultiRegionApiArgs\.regions: needs at least 2"):
        construct(HOSTED_INPUTS | {"regions": ["eu-west-1"]})
    with pytest.raises(ComponentInitError, match=r"log_retention_days: must be an integer"):
        construct(HOSTED_INPUTS | {"logRetentionDays": 14.5})
    with pytest.raises(InputPropertyError, match="hostedZoneId"):
        construct({k: v for k, v in HOSTED_INPUTS.items() if k != "hostedZoneId"})


def test_provider_passes_a_hosted_app_through(tmp_path: Path) -> None:
    """Nested camelCase keys (the app, each index) map to the TypedDicts' snake_case ones; the
    IAM statements, typed ``Any``, keep their own keys."""
    (tmp_path / "shop").mkdir()
    (tmp_path / "shop" / "routes.py").write_text("ROUTERS = []\n")
    statement = {"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "arn:aws:s3:::b/*"}
    mocks, _, _ = construct(
        HOSTED_INPUTS
        | {
            "app": {
                "path": str(tmp_path),
                "routers": "shop.routes:ROUTERS",
                "policyStatements": [statement],
                "environment": {"GREETING": "hi"},
                "indexes": [{"name": "by-email", "partitionKey": "email"}],
            }
        }
    )
    tables = [v for (typ, _), v in mocks.inputs.items() if typ == "aws:dynamodb/table:Table"]
    assert [i["name"] for i in tables[0]["globalSecondaryIndexes"]] == ["by-email"]
    policies = [v for (_, name), v in mocks.inputs.items() if name.endswith("-app-policy")]
    assert len(policies) == 2
    assert all(json.loads(p["policy"])["Statement"] == [statement] for p in policies)
    functions = [v for (typ, _), v in mocks.inputs.items() if typ == "aws:lambda/function:Function"]
    assert all("shop/routes.py" in f["code"].assets for f in functions)
