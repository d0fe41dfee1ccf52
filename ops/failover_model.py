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
"""

from __future__ import annotations

from dataclasses import dataclass

from multi_region_api.components.alb import health_thresholds
from multi_region_api.components.args import ApiSettings

ALIAS_TARGET_TTL_SECONDS = 60
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
    propagation_seconds: int = 0
    """Global Accelerator's move of new connections after detection (0 for DNS front doors)."""

    @property
    def worst_case_seconds(self) -> int:
        return self.detection_worst_seconds + self.dns_ttl_seconds + self.propagation_seconds

    def as_output(self) -> dict[str, int]:
        """Plain values for a stack output."""
        return {
            "detectionBestSeconds": self.detection_best_seconds,
            "detectionWorstSeconds": self.detection_worst_seconds,
            "dnsTtlSeconds": self.dns_ttl_seconds,
            "propagationSeconds": self.propagation_seconds,
            "worstCaseSeconds": self.worst_case_seconds,
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
    settings: ApiSettings, *, dns_ttl_seconds: int = ALIAS_TARGET_TTL_SECONDS
) -> FailoverEstimate:
    interval = settings.health_check.interval_seconds
    threshold = settings.health_check.failure_threshold
    if settings.global_accelerator:
        alb_threshold = health_thresholds(threshold)
        return FailoverEstimate(
            detection_best_seconds=(alb_threshold - 1) * interval,
            detection_worst_seconds=alb_threshold * interval,
            dns_ttl_seconds=0,
            propagation_seconds=ACCELERATOR_PROPAGATION_SECONDS,
        )
    return FailoverEstimate(
        detection_best_seconds=(threshold - 1) * interval,
        detection_worst_seconds=threshold * interval,
        dns_ttl_seconds=dns_ttl_seconds,
    )
