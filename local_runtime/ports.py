"""Ports on 127.0.0.1: whether a block the runtime needs is free, and free ones to run on.

One place for the runtime's start-up check and for every test that needs a port nobody uses.
"""

from __future__ import annotations

import errno
import random
import socket
from collections.abc import Callable
from typing import Protocol, TypeVar

FREE_RANGE = range(20_000, 40_000)
"""Where ``free_block`` looks: below the kernel's ephemeral ports, so clients do not race it."""


class PortInUse(OSError):
    """A port the runtime needs is taken."""


class HasPorts(Protocol):
    @property
    def all_ports(self) -> tuple[int, ...]: ...


Block = TypeVar("Block", bound=HasPorts)


def check_ports_free(ports: tuple[int, ...]) -> None:
    """Raise ``PortInUse`` naming the first taken port (before anything is started).

    The probe binds as the listeners do (``SO_REUSEADDR``, which ``socket.create_server`` and
    ``http.server`` set): a port whose last connections linger in TIME_WAIT after a stop is free
    for them, so it must be free here too, or a restart right after a stop fails for a minute.
    """
    for port in ports:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(("127.0.0.1", port))
            except OSError as exc:
                if exc.errno != errno.EADDRINUSE:
                    raise
                raise PortInUse(f"port {port} on 127.0.0.1 is already in use") from None


def free_port() -> int:
    """A port the kernel just handed out and nobody listens on (closed again at once)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def free_block(at: Callable[[int], Block], tries: int = 20) -> Block:
    """``at(base)`` for a random base whose every port is free right now (a bounded search)."""
    for _ in range(tries):
        block = at(random.randrange(FREE_RANGE.start, FREE_RANGE.stop))  # noqa: S311 - not a secret
        try:
            check_ports_free(block.all_ports)
        except PortInUse:
            continue
        return block
    raise PortInUse(f"no free block of ports found in {tries} tries")
