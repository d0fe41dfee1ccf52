"""Build the component's resource graph under Pulumi mocks and record every registration.

The mocks are the test kit's (``multi_region_api.testing``), which answer like AWS would for one
account; the names below stay importable from here for the tests that use them.
"""

from __future__ import annotations

import asyncio
import json
import runpy
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pulumi
from multi_region_api.components import MultiRegionApi, MultiRegionApiArgs
from multi_region_api.components.multi_region_api import OUTPUTS
from multi_region_api.components.stack_config import (
    load_stack_settings,
    read_stack_file,
    stack_file,
)
from multi_region_api.handlers import contract
from pulumi.runtime.stack import Stack

from multi_region_api.testing import (
    ACCOUNT_ID,
    ALB_ZONE_IDS,
    API_GATEWAY_ZONE_IDS,
    AUTONAME_MAX_LENGTH,
    AUTONAMED,
    GLOBAL_ACCELERATOR_ZONE_ID,
    LOCAL_ZONES,
    MultiRegionApiMocks,
    Registered,
    Registrations,
    plain,
    zone_id,
)
from multi_region_api.testing.mocks import (
    ARC_HEALTH_CHECKS,
    AVAILABILITY_ZONES,
    provider_id,
    short_hash,
)

__all__ = [
    "ACCOUNT",
    "ALB_ZONE_IDS",
    "API_GATEWAY_ZONE_IDS",
    "AUTONAMED",
    "AUTONAME_MAX_LENGTH",
    "GLOBAL_ACCELERATOR_ZONE_ID",
    "LOCAL_ZONES",
    "MODES",
    "PROJECT",
    "ROOT",
    "STACKS",
    "AwsMocks",
    "Graph",
    "RecordingMonitor",
    "Registered",
    "build_graph",
    "config_values",
    "plain",
    "run_stack_program",
    "stack_args",
    "zone_id",
]

ROOT = Path(__file__).resolve().parents[3]
PROJECT = contract.SERVICE_NAME
ACCOUNT = ACCOUNT_ID
STACKS = ("us", "eu")
MODES = ("preview", "update")
_h = short_hash
RecordingMonitor = Registrations


class AwsMocks(MultiRegionApiMocks):
    """The kit's mocks, strict about data sources: the component calls only the ones it knows,
    each through an explicit regional provider."""

    def __init__(
        self, *, preview: bool, function_suffix: str = "", arc_checks_per_read: int | None = None
    ) -> None:
        super().__init__(
            preview=preview, account_id=ACCOUNT, arc_checks_per_read=arc_checks_per_read
        )
        self.function_suffix = function_suffix

    def call(self, args: pulumi.runtime.MockCallArgs) -> dict[str, Any]:
        if args.token not in (AVAILABILITY_ZONES, ARC_HEALTH_CHECKS):
            raise AssertionError(f"unexpected invoke {args.token}")
        if args.token == AVAILABILITY_ZONES and provider_id(args.provider) not in (
            self.provider_regions
        ):
            raise AssertionError("getAvailabilityZones without an explicit regional provider")
        return super().call(args)

    def computed(
        self, args: pulumi.runtime.MockResourceArgs, inputs: dict[str, Any], rid: str, region: str
    ) -> dict[str, Any]:
        if args.typ == "aws:lambda/function:Function":
            inputs = {**inputs, "name": f"{inputs['name']}{self.function_suffix}"}
        return super().computed(args, inputs, rid, region)


@dataclass
class Graph:
    resources: list[Registered]
    outputs: dict[str, Any]
    secret_outputs: dict[str, bool]
    invokes: list[tuple[str, str]] = field(default_factory=list)
    """(token, region of the provider it went through) of every data-source call."""

    def of_type(self, typ: str) -> list[Registered]:
        return [r for r in self.resources if r.type == typ]

    def named(self, name: str) -> Registered:
        (match,) = [r for r in self.resources if r.name == name]
        return match

    def by_urn(self, urn: str) -> Registered:
        (match,) = [r for r in self.resources if r.urn == urn]
        return match

    def aws_providers(self) -> dict[str, str]:
        """Provider urn -> region."""
        return {
            r.urn: r.plain_inputs["region"]
            for r in self.resources
            if r.type == "pulumi:providers:aws"
        }

    def urns(self) -> set[str]:
        return {r.urn for r in self.resources}


def _settle(
    program: Callable[[], Mapping[str, pulumi.Output[Any]]],
    *,
    stack: str,
    preview: bool,
    function_suffix: str = "",
    arc_checks_per_read: int | None = None,
) -> tuple[RecordingMonitor, dict[str, Any], dict[str, bool]]:
    mocks = AwsMocks(
        preview=preview, function_suffix=function_suffix, arc_checks_per_read=arc_checks_per_read
    )
    monitor = RecordingMonitor(mocks)
    pulumi.runtime.set_mocks(mocks, project=PROJECT, stack=stack, preview=preview, monitor=monitor)
    values: dict[str, Any] = {}
    secrets: dict[str, bool] = {}

    @pulumi.runtime.test
    def run() -> pulumi.Output[None]:
        outputs = program()

        async def settle() -> None:
            for key, exported in outputs.items():
                # ``pulumi.export`` takes plain values too (the cost and failover estimates).
                output = pulumi.Output.from_input(exported)
                values[key] = await output.future()
                secrets[key] = await output.is_secret()

        return pulumi.Output.from_input(asyncio.ensure_future(settle()))

    run()
    return monitor, values, secrets


def build_graph(
    args: MultiRegionApiArgs,
    *,
    name: str = "api",
    stack: str = "us",
    preview: bool = False,
    function_suffix: str = "",
    make_kwargs: Callable[[], dict[str, Any]] | None = None,
    arc_checks_per_read: int | None = None,
) -> Graph:
    """Construct ``MultiRegionApi("api", args)`` under fresh mocks and wait for every resource.

    ``make_kwargs`` runs inside the mocked program (resources such as providers must be created
    there) and returns extra keyword arguments for the constructor.
    """

    def program() -> dict[str, pulumi.Output[Any]]:
        api = MultiRegionApi(name, args, **(make_kwargs() if make_kwargs else {}))
        return {name: getattr(api, name) for name in OUTPUTS}

    monitor, values, secrets = _settle(
        program,
        stack=stack,
        preview=preview,
        function_suffix=function_suffix,
        arc_checks_per_read=arc_checks_per_read,
    )
    return Graph(
        resources=list(monitor.registered),
        outputs=values,
        secret_outputs=secrets,
        invokes=list(monitor.aws.invokes),
    )


def stack_args(stack: str) -> MultiRegionApiArgs:
    return load_stack_settings(stack, ROOT).args


def config_values(stack: str) -> dict[str, str]:
    """The stack file's ``multi-region-api:*`` config as ``pulumi.Config`` stores it (JSON for
    objects), so the stack program reads it exactly as ``pulumi up`` would."""
    values = read_stack_file(stack_file(stack, ROOT))
    return {
        f"{PROJECT}:{key}": value if isinstance(value, str) else json.dumps(value)
        for key, value in values.items()
    }


def run_stack_program(
    stack: str, *, preview: bool = False, extra_config: Mapping[str, str] | None = None
) -> Graph:
    """Run ``__main__.py`` with the stack file's config, as ``pulumi up --stack <stack>`` would.

    ``extra_config`` values are set as secret config (like ``pulumi config set --secret``).
    ``Graph.outputs`` are the stack's exports.
    """
    extra = {f"{PROJECT}:{key}": value for key, value in (extra_config or {}).items()}
    pulumi.runtime.set_all_config({**config_values(stack), **extra}, secret_keys=list(extra))

    def program() -> dict[str, pulumi.Output[Any]]:
        runpy.run_path(str(ROOT / "__main__.py"), run_name="__main__")
        root = pulumi.runtime.get_root_resource()
        assert isinstance(root, Stack)
        return dict(root.outputs)

    try:
        monitor, values, secrets = _settle(program, stack=stack, preview=preview)
    finally:
        pulumi.runtime.set_all_config({}, secret_keys=[])
    return Graph(resources=list(monitor.registered), outputs=values, secret_outputs=secrets)
