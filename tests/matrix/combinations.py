"""Every supported combination of the component's options, and its graph built once per session.

A combination is a front door (``rest``, ``http``, ``alb``, ``alb`` behind Global Accelerator), a
routing policy, the Region switch plan (two regions only, not with an accelerator: ``resolve_args``
refuses the rest), two or three regions, and a region set: each shipped stack's regions, and the
longest commercial region names botocore knows, built with the longest component name, domain,
base path, secret and tags the component accepts (the set the physical-name checks need).

Graphs are built under the realistic mocks of ``tests/unit/components/support.py``, in update mode
(computed outputs known, so every physical name is there to check) and, for one region set, in
preview mode (outputs unknown: every ``apply`` must cope). The engine's source positions of each
registration are not built: nothing here reads them, and they cost a sixth of the build time.
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import botocore
import pulumi.runtime.resource
from multi_region_api.components import MultiRegionApiArgs
from multi_region_api.components.aws_limits import (
    MAX_COMPONENT_NAME_LENGTH,
    max_health_check_secret_length,
)
from pulumi.runtime.proto import source_pb2

from tests.unit.components.support import Graph, build_graph, stack_args

FRONT_DOORS = ("rest", "http", "alb", "alb+accelerator")
POLICIES = ("latency", "failover", "weighted", "geolocation")
ACCELERATOR_POLICIES = ("latency", "weighted")  # resolve_args refuses the DNS-only ones
LOCATIONS = ("NA", "EU", "AS")  # one continent per region for geolocation


def longest_commercial_regions(count: int = 3) -> tuple[str, ...]:
    """The ``count`` longest region names of the ``aws`` partition in botocore's own data."""
    data = json.loads((Path(botocore.__file__).parent / "data" / "partitions.json").read_text())
    (aws,) = [p for p in data["partitions"] if p["id"] == "aws"]
    regions = sorted(aws["regions"], key=lambda r: (-len(r), r))
    return tuple(regions[:count])


REGION_SETS: dict[str, tuple[str, ...]] = {
    "us": (*stack_args("us")["regions"], "us-east-2"),
    "eu": (*stack_args("eu")["regions"], "eu-north-1"),
    "longest": longest_commercial_regions(),
}
PREVIEW_SET = "us"
LONGEST_NAME = "n" * MAX_COMPONENT_NAME_LENGTH
LONGEST_BASE_PATH = "v" * 128
LONGEST_DOMAIN = "a" * 56 + ".example"  # 64: the most ACM takes as a certificate's common name


@dataclass(frozen=True)
class Combination:
    region_set: str
    front_door: str
    policy: str
    region_count: int
    region_switch: bool

    @property
    def id(self) -> str:
        switch = "-switch" if self.region_switch else ""
        return f"{self.region_set}-{self.front_door}-{self.policy}-{self.region_count}r{switch}"

    @property
    def name(self) -> str:
        return LONGEST_NAME if self.region_set == "longest" else "api"

    @property
    def stack(self) -> str:
        return self.region_set if self.region_set in ("us", "eu") else "us"

    @property
    def regions(self) -> tuple[str, ...]:
        return REGION_SETS[self.region_set][: self.region_count]

    @property
    def accelerator(self) -> bool:
        return self.front_door == "alb+accelerator"

    def args(self, **overrides: Any) -> MultiRegionApiArgs:
        regions = list(self.regions)
        base: dict[str, Any]
        if self.region_set == "longest":
            base = {
                "domain_name": LONGEST_DOMAIN,
                "hosted_zone_id": "Z0123456789ABCDEFGHIJ",
                "base_path": LONGEST_BASE_PATH,
                "health_check_secret": "s" * max_health_check_secret_length(LONGEST_BASE_PATH),
                "tags": {"k" * 128: "v" * 256},
            }
        else:
            base = dict(stack_args(self.region_set))
        args: dict[str, Any] = {
            **base,
            "regions": regions,
            "home_region": regions[0],
            "front_door": self.front_door.split("+")[0],
            "global_accelerator": self.accelerator,
            "region_switch": self.region_switch,
            "routing": routing(self.policy, regions),
            **overrides,
        }
        return args  # type: ignore[return-value]


def routing(policy: str, regions: list[str]) -> dict[str, Any]:
    if policy == "failover":
        return {"policy": policy, "primary_region": regions[0]}
    if policy == "weighted":
        return {"policy": policy, "weights": {r: 10 * (i + 1) for i, r in enumerate(regions)}}
    if policy == "geolocation":
        return {
            "policy": policy,
            "locations": {r: [LOCATIONS[i]] for i, r in enumerate(regions)},
            "default_region": regions[-1],
        }
    return {"policy": policy}


def combinations() -> Iterator[Combination]:
    """Every combination ``resolve_args`` accepts, and only those."""
    for region_set in REGION_SETS:
        for door in FRONT_DOORS:
            policies = ACCELERATOR_POLICIES if door == "alb+accelerator" else POLICIES
            for policy in policies:
                for count in (2, 3):
                    yield Combination(region_set, door, policy, count, False)
                    if count == 2 and door != "alb+accelerator":
                        yield Combination(region_set, door, policy, count, True)


COMBINATIONS = tuple(c for c in combinations() if os.environ.get("MATRIX_ONLY", "") in c.id)
"""``MATRIX_ONLY=us-alb`` narrows a local run to the combinations whose id contains it."""
PREVIEWED = tuple(c for c in COMBINATIONS if c.region_set == PREVIEW_SET)


Overrides = tuple[tuple[str, str], ...]
"""Extra args as (key, JSON value) pairs: hashable, so a variant is a cache key too."""


@dataclass(frozen=True)
class Build:
    combination: Combination
    mode: str = "update"
    overrides: Overrides = ()

    def args(self) -> MultiRegionApiArgs:
        return self.combination.args(**{k: json.loads(v) for k, v in self.overrides})


def variant(combination: Combination, mode: str = "update", **overrides: Any) -> Build:
    return Build(combination, mode, tuple(sorted((k, json.dumps(v)) for k, v in overrides.items())))


EXTRA_BUILDS: list[Build] = []
"""Variants other modules need (the switch-safety test's), built with the matrix in one pool."""


@dataclass
class Timing:
    graphs: int = 0
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    """User and system time of this process and its workers: the measure load does not skew."""
    workers: int = 1


TIMING = Timing()
_BUILT: dict[Build, Graph] = {}


def _no_stack_trace() -> source_pb2.StackTrace:
    return source_pb2.StackTrace()


def _build(build: Build) -> Graph:
    original = pulumi.runtime.resource._get_stack_trace
    pulumi.runtime.resource._get_stack_trace = _no_stack_trace
    try:
        return build_graph(
            build.args(),
            name=build.combination.name,
            stack=build.combination.stack,
            preview=build.mode == "preview",
        )
    finally:
        pulumi.runtime.resource._get_stack_trace = original


def _worker_init() -> None:
    """A forked worker gets its own event loop (the parent's may hold its epoll descriptor)."""
    asyncio.set_event_loop(asyncio.new_event_loop())


def _workers() -> int:
    """Under pytest-xdist the other test workers keep the other cores busy, and forking a
    worker (which runs execnet's threads) could copy a lock some thread holds: one process."""
    default = 1 if os.environ.get("PYTEST_XDIST_WORKER") else min(2, os.cpu_count() or 1)
    return max(1, int(os.environ.get("MATRIX_WORKERS", default)))


def build_all() -> None:
    """Build every combination (update; preview for ``PREVIEW_SET``) and ``EXTRA_BUILDS`` once,
    in ``MATRIX_WORKERS`` forked processes (default: up to 2, the CI box's cores; 1 under
    pytest-xdist)."""
    wanted = [
        *(Build(c) for c in COMBINATIONS),
        *(Build(c, "preview") for c in PREVIEWED),
        *EXTRA_BUILDS,
    ]
    missing = list(dict.fromkeys(b for b in wanted if b not in _BUILT))
    if not missing:
        return
    started, cpu = time.perf_counter(), _cpu()
    workers = _workers()
    if workers > 1 and "fork" in multiprocessing.get_all_start_methods():
        with multiprocessing.get_context("fork").Pool(workers, _worker_init) as pool:
            graphs = pool.map(_build, missing, chunksize=4)
    else:
        workers = 1
        graphs = [_build(b) for b in missing]
    _BUILT.update(zip(missing, graphs, strict=True))
    TIMING.graphs += len(missing)
    TIMING.seconds += time.perf_counter() - started
    TIMING.cpu_seconds += _cpu() - cpu
    TIMING.workers = workers


def _cpu() -> float:
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def built(build: Build) -> Graph:
    build_all()
    if build not in _BUILT:
        _BUILT[build] = _build(build)
        TIMING.graphs += 1
    return _BUILT[build]


def graph(combination: Combination, mode: str = "update") -> Graph:
    """The combination's graph, built once per session."""
    return built(Build(combination, mode))


def report() -> str:
    return (
        f"configuration matrix: {len(COMBINATIONS)} combinations, {TIMING.graphs} graphs "
        f"built in {TIMING.seconds:.1f} s by {TIMING.workers} process(es), "
        f"{TIMING.cpu_seconds:.1f} CPU seconds"
    )
