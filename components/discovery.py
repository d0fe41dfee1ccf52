"""Every ``MultiRegionApi`` a program constructs, for tools that run the program under mocks.

``multi-region-api local`` runs a Pulumi project's program in-process and asks which components it
built and with which settings; the component reports itself here on construction. Outside
``recording()`` nothing is kept.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

import pulumi

from .args import ApiSettings, MultiRegionApiArgs


@dataclass
class Constructed:
    """One component: its name, arguments and resolved settings."""

    name: str
    args: MultiRegionApiArgs
    settings: ApiSettings
    health_check_secret: str | None = field(default=None)
    """The given secret once resolved (a config secret is an ``Output``); None if generated."""


_RECORDING: ContextVar[list[Constructed] | None] = ContextVar("multi_region_api_recording")


@contextmanager
def recording() -> Iterator[list[Constructed]]:
    """Collect the components constructed inside the block (and the tasks it starts)."""
    constructed: list[Constructed] = []
    token = _RECORDING.set(constructed)
    try:
        yield constructed
    finally:
        _RECORDING.reset(token)


def record(name: str, args: MultiRegionApiArgs, settings: ApiSettings) -> None:
    """Called by ``MultiRegionApi.__init__`` once its arguments are valid."""
    constructed = _RECORDING.get(None)
    if constructed is None:
        return
    entry = Constructed(name, args, settings)
    constructed.append(entry)
    secret = args.get("health_check_secret")
    if isinstance(secret, str):
        entry.health_check_secret = secret
    elif isinstance(secret, pulumi.Output):
        secret.apply(lambda value: _keep(entry, value))


def _keep(entry: Constructed, value: str | None) -> None:
    entry.health_check_secret = value
