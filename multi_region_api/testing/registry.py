"""Set the kit's mocks for a program and keep what it registered.

``set_mocks`` configures the Pulumi runtime (project, stack, preview or update, config) and
returns a :class:`Registrations` that fills as the program creates resources; ``run`` runs a
program function under them and waits for every registration, as ``pulumi up`` would.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pulumi
from pulumi.runtime import rpc, settings
from pulumi.runtime.mocks import MockMonitor
from pulumi.runtime.stack import Stack

from .mocks import DEFAULT_REGION, MultiRegionApiMocks, plain


@dataclass(frozen=True)
class Registered:
    """One resource registration as the engine saw it, and what the mocks answered."""

    urn: str
    state_id: str
    type: str
    name: str
    parent: str
    provider: str
    """``<provider urn>::<id>``, or "" for the default provider."""
    providers: dict[str, str]
    custom: bool
    delete_before_replace: bool
    inputs: dict[str, Any]
    """The inputs with secrets still wrapped (see ``plain_inputs``)."""
    state: dict[str, Any]
    """The outputs the mocks answered."""
    alias_parents: list[str]
    """The parent URN of each alias (a former place in the tree)."""
    dependencies: tuple[str, ...] = ()
    """URNs of ``depends_on`` (and input) dependencies."""
    alias_names: tuple[str, ...] = ()
    """The name of each alias given by name (a former logical name)."""

    @property
    def plain_inputs(self) -> dict[str, Any]:
        result: dict[str, Any] = plain(self.inputs)
        return result

    @property
    def provider_urn(self) -> str:
        return self.provider.rsplit("::", 1)[0]


class Registrations(MockMonitor):
    """The mock monitor, keeping every registration (parent, provider, secret markings)."""

    def __init__(self, mocks: MultiRegionApiMocks) -> None:
        super().__init__(mocks)
        self.aws = mocks
        self.registered: list[Registered] = []

    def RegisterResource(self, request: Any) -> Any:
        response = super().RegisterResource(request)  # type: ignore[no-untyped-call]
        if request.type != "pulumi:pulumi:Stack":
            self.registered.append(
                Registered(
                    urn=response.urn,
                    state_id=response.id,
                    type=request.type,
                    name=request.name,
                    parent=request.parent,
                    provider=request.provider,
                    providers=dict(request.providers),
                    custom=request.custom,
                    delete_before_replace=request.deleteBeforeReplace,
                    inputs=rpc.deserialize_properties(request.object, keep_unknowns=True),
                    state=self.resources[response.urn].state,
                    alias_parents=[a.spec.parentUrn for a in request.aliases],
                    dependencies=tuple(request.dependencies),
                    alias_names=tuple(a.spec.name for a in request.aliases if a.spec.name),
                )
            )
        return response

    @property
    def invokes(self) -> list[tuple[str, str]]:
        """(token, region) of every data-source call."""
        return list(self.aws.invokes)

    def of_type(self, typ: str) -> list[Registered]:
        return [r for r in self.registered if r.type == typ]

    def named(self, name: str) -> Registered:
        """The one resource of that logical name (``ValueError`` for none or several)."""
        matches = [r for r in self.registered if r.name == name]
        if len(matches) != 1:
            raise ValueError(f"{len(matches)} resources are named {name!r}")
        return matches[0]


def config_strings(config: Mapping[str, Any]) -> dict[str, str]:
    """Config as ``pulumi.Config`` stores it: strings, objects and lists as JSON."""
    return {
        key: value if isinstance(value, str) else json.dumps(value) for key, value in config.items()
    }


def set_mocks(
    mocks: MultiRegionApiMocks | None = None,
    *,
    project: str = "project",
    stack: str = "stack",
    preview: bool = False,
    config: Mapping[str, Any] | None = None,
    secret_keys: Iterable[str] = (),
) -> Registrations:
    """Run the next Pulumi program under ``mocks`` (by default ``MultiRegionApiMocks``).

    ``config`` maps full keys (``"<project>:key"``, ``"aws:region"``) to values; non-strings are
    stored as JSON, so ``Config.get_object`` reads them back. Keys in ``secret_keys`` read as
    secrets. Without ``mocks``, resources on the default provider are in ``aws:region``.
    """
    values = config_strings(config or {})
    if mocks is None:
        mocks = MultiRegionApiMocks(
            preview=preview, default_region=values.get("aws:region", DEFAULT_REGION)
        )
    elif mocks.preview != preview:
        raise ValueError(f"mocks made with preview={mocks.preview} but set with preview={preview}")
    registrations = Registrations(mocks)
    # A new root stack (set_mocks makes one when there is none): the last program's exports,
    # a failed one's too, are not this program's.
    settings.ROOT.set(None)
    pulumi.runtime.set_all_config(values, secret_keys=list(secret_keys))
    pulumi.runtime.set_mocks(
        mocks, project=project, stack=stack, preview=preview, monitor=registrations
    )
    return registrations


def run(program: Callable[[], object]) -> dict[str, Any]:
    """Run ``program`` under the mocks last set and wait until every resource has registered.

    Returns the stack's exports (``pulumi.export``), resolved; unknown values (a preview's
    computed outputs) are ``None``. The program's exception, or the first one raised while
    resolving its resources, propagates.
    """
    exports: dict[str, Any] = {}

    @pulumi.runtime.test  # type: ignore[untyped-decorator]
    def settle() -> pulumi.Output[None]:
        program()

        async def resolve() -> None:
            root = pulumi.runtime.get_root_resource()
            outputs = dict(root.outputs) if isinstance(root, Stack) else {}
            for key, value in outputs.items():
                exports[key] = await pulumi.Output.from_input(value).future()

        return pulumi.Output.from_input(asyncio.ensure_future(resolve()))

    settle()
    return exports
