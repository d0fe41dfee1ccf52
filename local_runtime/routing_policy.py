"""Route 53's routing policies, locally: which region the global endpoint sends a request to.

Each policy answers the way the component's records make Route 53 answer (``components/dns.py``),
given which regions are healthy now:

- latency: the first healthy region in the preference order (which stands in for latency).
- failover: the primary while healthy, else the first healthy of the others in preference order
  (the SECONDARY, a latency set with 3+ regions).
- weighted: a weighted draw among the healthy regions with a non-zero weight; if none of those is
  healthy, among the healthy drained (weight-0) ones; if none is healthy at all, Route 53 treats
  every record as healthy. The draw uses a seeded ``random.Random`` so tests are repeatable.
- geolocation: the client's location codes, most specific first (``X-Client-Location: DE,EU`` or
  ``--client-location``), pick the first listed location whose region is healthy; otherwise the
  ``*`` default, which fails over from the default region to the others like its records do.

Every policy fails open like Route 53: with no healthy region it answers as if all were healthy.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from multi_region_api.components.args import ApiSettings

CLIENT_LOCATION_HEADER = "X-Client-Location"
DEFAULT_SEED = 13

Healthy = Callable[[str], bool]


class RoutingPolicy(Protocol):
    @property
    def name(self) -> str: ...

    def choose(self, healthy: Healthy, client_location: tuple[str, ...] = ()) -> str:
        """The region that serves a request now."""
        ...


def _first_healthy(order: tuple[str, ...], healthy: Healthy) -> str | None:
    return next((r for r in order if healthy(r)), None)


@dataclass(frozen=True)
class LatencyPolicy:
    preference: tuple[str, ...]
    name: str = "latency"

    def choose(self, healthy: Healthy, client_location: tuple[str, ...] = ()) -> str:
        return _first_healthy(self.preference, healthy) or self.preference[0]


@dataclass(frozen=True)
class FailoverPolicy:
    primary: str
    preference: tuple[str, ...]
    name: str = "failover"

    @property
    def order(self) -> tuple[str, ...]:
        return (self.primary, *(r for r in self.preference if r != self.primary))

    def choose(self, healthy: Healthy, client_location: tuple[str, ...] = ()) -> str:
        return _first_healthy(self.order, healthy) or self.primary


@dataclass
class WeightedPolicy:
    weights: dict[str, int]
    seed: int = DEFAULT_SEED
    name: str = "weighted"
    _rng: random.Random = field(init=False, repr=False)
    _lock: threading.Lock = field(init=False, repr=False, default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)  # noqa: S311 (routing, not security)

    def _draw(self, regions: list[str]) -> str:
        weights = [self.weights[r] for r in regions]
        if not any(weights):  # only drained regions left: Route 53 picks among them evenly
            weights = [1] * len(regions)
        with self._lock:  # the router serves on many threads; one stream keeps the seed's order
            return self._rng.choices(regions, weights=weights)[0]

    def choose(self, healthy: Healthy, client_location: tuple[str, ...] = ()) -> str:
        regions = sorted(self.weights)
        up = [r for r in regions if healthy(r)]
        weighted = [r for r in up if self.weights[r]]
        if weighted:
            return self._draw(weighted)
        if up:
            return self._draw(up)
        return self._draw([r for r in regions if self.weights[r]])  # fail open


@dataclass(frozen=True)
class GeolocationPolicy:
    locations: dict[str, tuple[str, ...]]
    default_region: str
    preference: tuple[str, ...]
    name: str = "geolocation"

    @property
    def owner(self) -> dict[str, str]:
        return {code: region for region, codes in self.locations.items() for code in codes}

    def matched(self, client_location: tuple[str, ...]) -> list[str]:
        """Regions of the client's listed locations, most specific first."""
        owner = self.owner
        return [owner[code] for code in client_location if code in owner]

    def choose(self, healthy: Healthy, client_location: tuple[str, ...] = ()) -> str:
        matched = self.matched(client_location)
        chosen = _first_healthy(tuple(matched), healthy)
        if chosen:
            return chosen
        fallback = FailoverPolicy(self.default_region, self.preference)
        return _first_healthy(fallback.order, healthy) or (matched or [self.default_region])[0]


def parse_client_location(value: str | None) -> tuple[str, ...]:
    """``"de, EU"`` -> ``("DE", "EU")``; empty or absent -> no location (the default record)."""
    if not value:
        return ()
    return tuple(code.strip().upper() for code in value.split(",") if code.strip())


def policy_for(
    settings: ApiSettings, preference: tuple[str, ...], seed: int = DEFAULT_SEED
) -> RoutingPolicy:
    """The stack's policy; ``preference`` stands in for latency wherever Route 53 uses it."""
    routing = settings.routing
    if routing.policy == "failover":
        return FailoverPolicy(routing.primary_region, preference)
    if routing.policy == "weighted":
        return WeightedPolicy(dict(routing.weights), seed)
    if routing.policy == "geolocation":
        return GeolocationPolicy(dict(routing.locations), routing.default_region, preference)
    return LatencyPolicy(preference)
