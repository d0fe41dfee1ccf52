"""Global Accelerator's choice of endpoint group, for the local global endpoint.

A client reaches the edge nearest to it, and the edge sends the connection to the nearest
endpoint group (the preference order stands in for "nearest") that is healthy. A group's traffic
dial admits that share of the traffic headed for it; the rest spills to the next healthy group.
When no group is healthy Global Accelerator sends traffic to all of them (fail open), and so does
this. Health is the ALB target group's check (for ALB endpoints Global Accelerator uses it):
HTTP 200 only, at the stack's interval, with a threshold of at least 2 (the target group's minimum)
for both directions.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from multi_region_api.components.alb import health_thresholds

FULL_DIAL = 100.0
ALB_HEALTHY_STATUS = 200  # the target group's matcher


def alb_accepts(status: int) -> bool:
    """The target group's matcher: exactly 200 (Route 53 would take any 2xx or 3xx)."""
    return status == ALB_HEALTHY_STATUS


def alb_threshold(failure_threshold: int) -> int:
    return health_thresholds(failure_threshold)


@dataclass
class AcceleratorRouting:
    """Chooses a region per request like Global Accelerator's endpoint groups."""

    dials: Mapping[str, float] = field(default_factory=dict)
    """Region -> traffic dial (0-100); a region not listed has 100."""
    rng: random.Random = field(default_factory=random.Random)

    def choose(self, preference: tuple[str, ...], healthy: Callable[[str], bool]) -> str:
        candidates = [r for r in preference if healthy(r)] or list(preference)
        for region in candidates:
            dial = self.dials.get(region, FULL_DIAL)
            if dial >= FULL_DIAL or self.rng.random() * FULL_DIAL < dial:
                return region
        # Every dial turned the request away: the nearest group that takes any traffic gets it.
        return next((r for r in candidates if self.dials.get(r, FULL_DIAL) > 0), candidates[0])
