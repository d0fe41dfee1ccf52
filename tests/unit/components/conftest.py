"""Graphs are built once per (stack file, mode) and shared by every test that reads them."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

import pytest
from multi_region_api.components import ApiSettings, resolve_args

from tests.unit.components.support import MODES, STACKS, Graph, build_graph, stack_args


@cache
def cached_graph(stack: str, mode: str) -> Graph:
    return build_graph(stack_args(stack), stack=stack, preview=mode == "preview")


@pytest.fixture(params=[(s, m) for s in STACKS for m in MODES], ids=lambda p: f"{p[0]}-{p[1]}")
def any_graph(request: pytest.FixtureRequest) -> tuple[str, str, Graph, ApiSettings]:
    """Every stack file in both preview and update mode."""
    stack, mode = request.param
    return stack, mode, cached_graph(stack, mode), resolve_args(stack_args(stack))


@pytest.fixture(params=STACKS)
def updated(request: pytest.FixtureRequest) -> tuple[Graph, ApiSettings]:
    """Every stack file after an update, when computed outputs are known."""
    return cached_graph(request.param, "update"), resolve_args(stack_args(request.param))


@pytest.fixture
def stack_args_with() -> Callable[..., Graph]:
    """The us stack's args with some overridden, built in update mode."""

    def build(**overrides: Any) -> Graph:
        return build_graph({**stack_args("us"), **overrides})  # type: ignore[typeddict-item]

    return build
