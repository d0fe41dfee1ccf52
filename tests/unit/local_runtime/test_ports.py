"""The one free-port helper: a port nobody listens on, and a block the runtime can start on."""

from __future__ import annotations

import socket
from dataclasses import dataclass

import pytest
from multi_region_api.local_runtime.ports import (
    FREE_RANGE,
    PortInUse,
    check_ports_free,
    free_block,
    free_port,
)


@dataclass(frozen=True)
class Block:
    base: int

    @property
    def all_ports(self) -> tuple[int, ...]:
        return (self.base, self.base + 1, self.base + 2)


def test_a_free_port_refuses_connections() -> None:
    port = free_port()
    with socket.socket() as client, pytest.raises(ConnectionRefusedError):
        client.connect(("127.0.0.1", port))


def test_a_taken_port_is_named() -> None:
    with socket.create_server(("127.0.0.1", 0)) as server:
        port = server.getsockname()[1]
        with pytest.raises(PortInUse, match=rf"^port {port} on 127\.0\.0\.1 is already in use$"):
            check_ports_free((free_port(), port))


def test_a_free_block_is_free_and_in_range() -> None:
    block = free_block(Block)
    assert block.base in FREE_RANGE
    check_ports_free(block.all_ports)


def test_a_block_search_gives_up_after_its_tries() -> None:
    with socket.create_server(("127.0.0.1", 0)) as server:
        taken = server.getsockname()[1]
        with pytest.raises(PortInUse, match="no free block of ports found in 3 tries"):
            free_block(lambda _: Block(taken), tries=3)
