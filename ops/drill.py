"""Failover drill on a deployed stack: invert a region's health check, watch Route 53 take it out.

Inverting the health check makes Route 53 treat the region as unhealthy while it still serves, so
the drill is safe to undo at any moment: ``restore`` (or Ctrl-C while the drill is watching)
inverts it back. The IaC alternative, ``forceFailRegions`` in the stack config, makes the region's
/health answer 503 and needs a ``pulumi up`` each way; it also exercises the handler's failure
path, which the inversion does not.

The drill reports two things every poll. The checkers' verdict, by Route 53's own rule: unhealthy
when 18 % or fewer of the checkers count the endpoint healthy (``route53_health.HealthVerdict``).
And what the global name answers a client in the failed region (``dns_answer``): the failover is
complete when that answer names another region of the stack, and the time until then is the
measured time-to-failover, printed next to the model. Clock, sleep, the status source and the DNS
probe are injected so the tests run without waiting and without AWS.
"""

from __future__ import annotations

import signal
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import boto3
from botocore.config import Config
from multi_region_api.components.args import ApiSettings
from multi_region_api.components.estimates.failover import failover_estimate

from .dns_answer import DnsAnswer
from .route53_health import (
    CheckerReport,
    HealthCheckRef,
    HealthVerdict,
    checker_reports,
    find_health_checks,
    set_inverted,
)
from .stack_settings import OpsError

ROUTE53_CONFIG = Config(
    region_name="us-east-1",
    connect_timeout=5,
    read_timeout=15,
    retries={"total_max_attempts": 5, "mode": "standard"},
)
EXIT_TIMEOUT = 3
EXIT_INTERRUPTED = 130


def require_credentials(session: boto3.Session) -> None:
    """A one-line error when the session has no credentials at all, before any request."""
    if session.get_credentials() is None:
        raise OpsError(
            "no AWS credentials: set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY"
        )


def route53_client(session: boto3.Session) -> Any:
    require_credentials(session)
    return session.client("route53", config=ROUTE53_CONFIG)


@dataclass
class DrillDeps:
    route53: Any
    probe: Callable[[ApiSettings, str], DnsAnswer]
    status: Callable[[str], tuple[CheckerReport, ...]] | None = None
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    out: Callable[[str], None] = field(default=print)

    def reports(self, health_check_id: str) -> tuple[CheckerReport, ...]:
        if self.status is not None:
            return self.status(health_check_id)
        return checker_reports(self.route53, health_check_id)


class Drill:
    def __init__(
        self,
        stack: str,
        settings: ApiSettings,
        deps: DrillDeps,
        *,
        poll_seconds: float = 10,
        timeout_seconds: float = 600,
    ) -> None:
        self.stack = stack
        self.settings = settings
        self.deps = deps
        self.poll_seconds = poll_seconds
        self.timeout_seconds = timeout_seconds

    def _all_checks(self) -> dict[str, HealthCheckRef]:
        found = find_health_checks(self.deps.route53, self.stack)
        for region, refs in found.items():
            if len(refs) > 1:
                ids = ", ".join(r.id for r in refs)
                raise OpsError(
                    f"more than one health check tagged stack={self.stack} region={region}: {ids}"
                )
        return {region: refs[0] for region, refs in found.items()}

    def _check(self, region: str, checks: dict[str, HealthCheckRef]) -> HealthCheckRef:
        if region not in self.settings.regions:
            raise OpsError(
                f"no such region {region!r} in stack {self.stack!r} "
                f"(regions: {', '.join(self.settings.regions)})"
            )
        if region not in checks:
            raise OpsError(
                f"health check not found: none tagged stack={self.stack} region={region} "
                "(is the stack deployed?)"
            )
        return checks[region]

    def _watch(self, ref: HealthCheckRef, *, inverted: bool, failed: bool) -> float | None:
        """Poll until the global name, asked for a client in the region, answers without the region
        (``failed``) or with it again; the seconds that took, or None on timeout.

        The checkers' verdict is printed alongside: with an inverted check their reports still
        describe a working endpoint, so only the DNS answer shows when Route 53 acted on it.
        """
        start = self.deps.clock()
        while True:
            verdict = HealthVerdict(self.deps.reports(ref.id), inverted=inverted)
            answer = self.deps.probe(self.settings, ref.region)
            elapsed = self.deps.clock() - start
            self.deps.out(
                f"  +{elapsed:4.0f} s  checkers: {verdict.describe()}; "
                f"answer for {ref.region} clients: {', '.join(answer.regions) or 'none'}"
            )
            present = ref.region in answer.regions
            if answer.regions and present != failed:
                self.deps.out(f"global name: {answer.describe()}")
                return elapsed
            if elapsed >= self.timeout_seconds:
                return None
            self.deps.sleep(self.poll_seconds)

    def fail(self, region: str) -> int:
        checks = self._all_checks()
        ref = self._check(region, checks)
        if ref.inverted:
            raise OpsError(
                f"{region} is already failed (health check {ref.id} is inverted); "
                f"restore it first: multi-region-api drill --stack {self.stack} restore {region}"
            )
        others = [r for r in self.settings.regions if r != region]
        if all(r in checks and checks[r].inverted for r in others):
            raise OpsError(f"refusing to fail {region}: it is the last region not failed")

        estimate = failover_estimate(self.settings)
        previous = signal.signal(signal.SIGINT, signal.default_int_handler)
        set_inverted(self.deps.route53, ref.id, True)
        self.deps.out(f"{region}: inverted health check {ref.id}; Ctrl-C restores it")
        try:
            measured = self._watch(ref, inverted=True, failed=True)
        except KeyboardInterrupt:
            set_inverted(self.deps.route53, ref.id, False)
            self.deps.out(f"interrupted: restored {region} (health check {ref.id} not inverted)")
            return EXIT_INTERRUPTED
        finally:
            signal.signal(signal.SIGINT, previous)

        if measured is None:
            self.deps.out(
                f"timed out after {self.timeout_seconds:.0f} s; {region} stays inverted, "
                f"restore with: multi-region-api drill --stack {self.stack} restore {region}"
            )
            return EXIT_TIMEOUT
        self.deps.out(f"time to failover: measured {measured:.0f} s; model: {estimate.describe()}")
        self.deps.out(
            f"{region} stays failed; restore with: "
            f"multi-region-api drill --stack {self.stack} restore {region}"
        )
        return 0

    def restore(self, region: str) -> int:
        ref = self._check(region, self._all_checks())
        if not ref.inverted:
            self.deps.out(f"{region} is not failed (health check {ref.id} is not inverted)")
            return 0
        set_inverted(self.deps.route53, ref.id, False)
        self.deps.out(f"{region}: health check {ref.id} no longer inverted")
        measured = self._watch(ref, inverted=False, failed=False)
        if measured is None:
            self.deps.out(
                f"timed out after {self.timeout_seconds:.0f} s waiting for the global name "
                f"to answer with {region} again"
            )
            return EXIT_TIMEOUT
        self.deps.out(f"time to recovery: {measured:.0f} s")
        return 0

    def status(self) -> int:
        checks = self._all_checks()
        missing = [r for r in self.settings.regions if r not in checks]
        for region in self.settings.regions:
            if region in missing:
                self.deps.out(f"{region}: health check not found (tag stack={self.stack})")
                continue
            ref = checks[region]
            verdict = HealthVerdict(self.deps.reports(ref.id), inverted=ref.inverted)
            failed = " INVERTED (drill)" if ref.inverted else ""
            self.deps.out(f"{region}: {ref.id}{failed} {verdict.describe()}")
        for region in self.settings.regions:
            answer = self.deps.probe(self.settings, region)
            self.deps.out(f"from {region}: {answer.describe()}")
        self.deps.out(f"failover model: {failover_estimate(self.settings).describe()}")
        return 1 if missing else 0
