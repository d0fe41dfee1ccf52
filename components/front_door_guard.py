"""Refuse a ``frontDoor`` switch between ``rest`` and ``http`` before anything changes.

The component cannot see the deployed door in its arguments, but the engine can: it calls a
resource provider's ``check`` with the resource's previous inputs and the new ones at every
``preview`` and ``up``. The guard is a Pulumi dynamic resource holding the door; its ``check``
fails on the refused pair, so ``pulumi preview`` (and the preview ``pulumi up`` runs first) stops
with the message naming ``frontDoor`` and the two-step through ``alb``. The regional APIs (where
the custom domains are) depend on the guard, so an ``up --skip-preview`` (the Automation API's
``up``) registers none of them when the guard refuses.

The provider is pickled with the program (dill) into the resource's state, and the engine runs it
in a separate ``python -m pulumi.dynamic`` process. It is built by a factory so dill pickles the
class by value: the pickle needs only ``pulumi`` where it is loaded (not this package, at any
version), and a later release of this module never breaks a stack's stored provider. Its state is
plain strings; its methods use nothing but the standard library and ``pulumi.dynamic``.

A first deploy, and the first ``up`` after upgrading to a release with the guard, has no previous
inputs: the guard passes and records the door, so upgrade first and switch doors afterwards.
Hosted for other languages (``provider.py``), the engine would start the dynamic provider with
the calling project's Python (none, for TypeScript, Go, C# or YAML), so there the guard is left
out and the README's two-step is the only protection.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import pulumi
import pulumi.dynamic
from multi_region_api.handlers.contract import FrontDoor

FIELD = "frontDoor"
"""The guard's one input: the door, under its stack-config (and schema) name."""
GUARD_TYPE = "pulumi-python:dynamic:Resource"
"""The type token the Python SDK gives every ``pulumi.dynamic.Resource``."""
REFUSED = (FrontDoor.HTTP.value, FrontDoor.REST.value)
"""Doors that may not replace each other in one ``up``: one custom-domain namespace. A tuple, not
a set, so the pickled provider is the same bytes in every run (no hash order)."""
VIA = FrontDoor.ALB.value
"""The door the documented two-step goes through."""

_hosted: ContextVar[bool] = ContextVar("multi_region_api_hosted", default=False)


@contextmanager
def hosted() -> Iterator[None]:
    """While the component provider constructs a component for another language: no guard."""
    token = _hosted.set(True)
    try:
        yield
    finally:
        _hosted.reset(token)


MESSAGE = (
    "MultiRegionApiArgs.{field}: switching from {old!r} to {new!r} on a live stack is refused: "
    "REST and HTTP API custom domains share one namespace and the new door's would be created "
    "while the old door's still hold the names. Go through {via!r} in two updates: set {field} "
    "to {via!r} and run `pulumi up`, then set it to {new!r} and run `pulumi up` again (README: "
    "Changing options on a live stack)."
)
"""The reason the engine prints after ``property 'frontDoor' value "<new>" has a problem:``."""


def guard_provider() -> pulumi.dynamic.ResourceProvider:
    """The provider the guard resource carries (tests call its ``check`` directly).

    Its class is defined in here so dill pickles it by value (see the module docstring).
    """

    class FrontDoorGuardProvider(pulumi.dynamic.ResourceProvider):
        """Checks the door change; creating or updating only records the door."""

        def __init__(self, field: str, refused: tuple[str, ...], via: str, message: str) -> None:
            super().__init__()
            self.field = field
            self.refused = refused
            self.via = via
            self.message = message
            """A format string of ``field``, ``old``, ``new`` and ``via``."""

        def check(self, olds: dict[str, Any], news: dict[str, Any]) -> pulumi.dynamic.CheckResult:
            """``olds`` are the inputs in the stack's state: empty on the first deploy."""
            old, new = olds.get(self.field), news.get(self.field)
            failures = []
            if old != new and {old, new} == set(self.refused):
                reason = self.message.format(field=self.field, old=old, new=new, via=self.via)
                failures.append(pulumi.dynamic.CheckFailure(self.field, reason))
            return pulumi.dynamic.CheckResult(news, failures)

        def diff(
            self, _id: str, olds: dict[str, Any], news: dict[str, Any]
        ) -> pulumi.dynamic.DiffResult:
            # Only the door: the pickled provider changes with the program's paths and versions.
            return pulumi.dynamic.DiffResult(changes=olds.get(self.field) != news.get(self.field))

        def create(self, props: dict[str, Any]) -> pulumi.dynamic.CreateResult:
            return pulumi.dynamic.CreateResult(self.field, {self.field: props[self.field]})

        def update(
            self, _id: str, _olds: dict[str, Any], news: dict[str, Any]
        ) -> pulumi.dynamic.UpdateResult:
            return pulumi.dynamic.UpdateResult({self.field: news[self.field]})

    return FrontDoorGuardProvider(FIELD, REFUSED, VIA, MESSAGE)


class FrontDoorGuard(pulumi.dynamic.Resource):
    """The SDK types only subclasses of ``pulumi.dynamic.Resource`` (``GUARD_TYPE``)."""


def front_door_guard(name: str, door: FrontDoor, parent: pulumi.Resource) -> FrontDoorGuard | None:
    """The component's guard (``<name>-front-door-guard``), or ``None`` when hosted.

    No AWS provider: dynamic resources have their own, whatever providers ``parent`` carries.
    """
    if _hosted.get():
        return None
    return FrontDoorGuard(
        guard_provider(),
        f"{name}-front-door-guard",
        {FIELD: door.value},
        pulumi.ResourceOptions(parent=parent),
    )
