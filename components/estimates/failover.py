"""How long clients keep reaching a failed region: detection, then DNS caches or propagation.

DNS front doors (``rest``, ``http``, ``alb`` without Global Accelerator) fail over through
Route 53 as below. With Global Accelerator there is no DNS in the failover path: the ALB target
group's health check (the stack's interval, its threshold but at least 2) marks the region
unhealthy, and Global Accelerator then moves new connections away; AWS documents no figure for
that propagation. The issue's source architecture measured about 90 s with a 2 x 15 s check, so
the model charges the remaining 60 s to propagation (``ACCELERATOR_PROPAGATION_SECONDS``).

Detection. Every checker probes every ``interval`` seconds and flips its own verdict after
``failure_threshold`` consecutive failures. A checker whose probe lands just after the failure
flips after ``(threshold - 1) x interval``; one whose probe landed just before flips after
``threshold x interval``. Route 53 calls the endpoint unhealthy once 18 % or fewer of the
checkers report it healthy (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/
dns-failover-determining-health-of-endpoints.html), so the slowest of the checkers it needs
bounds detection: worst case ``threshold x interval``, best case ``(threshold - 1) x interval``.
Route 53 documents no figure for moving a status change into its DNS answers; the drill measures
the whole path.

DNS. The latency records are alias records to the API Gateway regional domain names; an alias
record has no TTL of its own and answers with the target's TTL
(https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resource-record-sets-choosing-alias-non-alias.html).
Route 53's FAQ gives 60 s for ELB and S3 alias targets, and API Gateway regional names
(``d-*.execute-api.<region>.amazonaws.com``) answer with 60 s as well: ``dig`` shows it, AWS does
not document it. A client that resolved just before the change keeps the old answer that long.

Extending: the DNS part depends on what the shared name aliases (``ALIAS_TTL_SECONDS``, keyed by
``contract.FrontDoor``); the detection part reads the health-check settings the component deploys.
"""

from __future__ import annotations

from dataclasses import dataclass

from multi_region_api.handlers.contract import FrontDoor

from ..alb import health_thresholds
from ..args import ApiSettings

ALIAS_TARGET_TTL_SECONDS = 60
ALIAS_TTL_SECONDS: dict[FrontDoor, int] = dict.fromkeys(FrontDoor, ALIAS_TARGET_TTL_SECONDS)
"""Front door -> the TTL its alias target answers with."""
ACCELERATOR_PROPAGATION_SECONDS = 60
"""Measured: ~90 s end to end with 2 x 15 s detection ("multi-region serverless backend -
reloaded", issue 12); Global Accelerator publishes no propagation time."""
UNHEALTHY_HEALTHY_SHARE = 0.18
"""Route 53: unhealthy when this share or less of the checkers report the endpoint healthy."""


@dataclass(frozen=True)
class FailoverEstimate:
    detection_best_seconds: int
    detection_worst_seconds: int
    dns_ttl_seconds: int
    policy: str = "latency"
    propagation_seconds: int = 0
    """Global Accelerator's move of new connections after detection (0 for DNS front doors)."""

    @property
    def worst_case_seconds(self) -> int:
        return self.detection_worst_seconds + self.dns_ttl_seconds + self.propagation_seconds

    def as_output(self) -> dict[str, int | str]:
        """Plain values for a stack output."""
        return {
            "detectionBestSeconds": self.detection_best_seconds,
            "detectionWorstSeconds": self.detection_worst_seconds,
            "dnsTtlSeconds": self.dns_ttl_seconds,
            "propagationSeconds": self.propagation_seconds,
            "worstCaseSeconds": self.worst_case_seconds,
            "routingPolicy": self.policy,
        }

    def describe(self) -> str:
        if self.propagation_seconds:
            return (
                f"detection {self.detection_best_seconds}-{self.detection_worst_seconds} s "
                f"+ Global Accelerator propagation {self.propagation_seconds} s, no DNS TTL "
                f"= worst case {self.worst_case_seconds} s"
            )
        return (
            f"detection {self.detection_best_seconds}-{self.detection_worst_seconds} s "
            f"+ DNS TTL {self.dns_ttl_seconds} s = worst case {self.worst_case_seconds} s"
        )


def failover_estimate(
    settings: ApiSettings, *, dns_ttl_seconds: int | None = None
) -> FailoverEstimate:
    """Detection from the deployed interval and threshold, plus the front door's alias TTL."""
    if dns_ttl_seconds is None:
        dns_ttl_seconds = ALIAS_TTL_SECONDS[settings.front_door]
    interval = settings.health_check.interval_seconds
    threshold = settings.health_check.failure_threshold
    if settings.global_accelerator:
        alb_threshold = health_thresholds(threshold)
        return FailoverEstimate(
            detection_best_seconds=(alb_threshold - 1) * interval,
            detection_worst_seconds=alb_threshold * interval,
            dns_ttl_seconds=0,
            policy=settings.routing.policy,
            propagation_seconds=ACCELERATOR_PROPAGATION_SECONDS,
        )
    return FailoverEstimate(
        detection_best_seconds=(threshold - 1) * interval,
        detection_worst_seconds=threshold * interval,
        dns_ttl_seconds=dns_ttl_seconds,
        policy=settings.routing.policy,
    )


@dataclass(frozen=True)
class RegionImpact:
    """What the loss of one region does to clients under the stack's routing policy."""

    region: str
    affected_share: float | None
    """Share of the stack's clients whose answer named the region (None: set by where clients
    are, which the model does not know: latency and geolocation)."""
    worst_case_seconds: int
    """How long those clients can still be sent to it (0: no client was)."""
    path: str

    def describe(self) -> str:
        who = (
            "the clients routed to it"
            if self.affected_share is None
            else f"{self.affected_share:.0%} of traffic"
        )
        return f"{self.region} down: {who}, up to {self.worst_case_seconds} s ({self.path})"


def region_impacts(
    settings: ApiSettings, estimate: FailoverEstimate | None = None
) -> tuple[RegionImpact, ...]:
    """Per region: who notices its failure and for how long, by policy.

    The records chain aliases (shared name -> policy name -> region), all evaluated by Route 53
    from the same health checks in one answer, so every path shares the one detection + TTL.
    failover: only a failed primary moves clients; a failed standby is taken out unnoticed.
    weighted: the region's share of the weights (a drained region has none). geolocation: the
    clients of its locations fall through to the ``*`` default; when it is the default region
    the default path fails over to the others as well.
    """
    estimate = estimate or failover_estimate(settings)
    worst = estimate.worst_case_seconds
    routing = settings.routing
    impacts = []
    for region in settings.regions:
        if routing.policy == "failover":
            primary = region == routing.primary_region
            impact = RegionImpact(
                region,
                1.0 if primary else 0.0,
                worst if primary else 0,
                "primary -> secondary" if primary else "standby: no client moves",
            )
        elif routing.policy == "weighted":
            share = routing.weights[region] / sum(routing.weights.values())
            impact = RegionImpact(
                region, share, worst if share else 0, "weight moves to the healthy regions"
            )
        elif routing.policy == "geolocation":
            codes = routing.locations.get(region, ())
            is_default = region == routing.default_region
            paths = ([f"{', '.join(codes)} -> * default"] if codes else []) + (
                ["* default -> fallback regions"] if is_default else []
            )
            impact = RegionImpact(
                region, None, worst if paths else 0, "; ".join(paths) or "routes no location"
            )
        else:
            impact = RegionImpact(region, None, worst, "nearest healthy region")
        impacts.append(impact)
    return tuple(impacts)
