"""Health: what Route 53 asks every region, every few seconds, from several checkers.

Only the local replica decides the answer. Peer regions' heartbeats become a metric, never a
failure: one bad region must not pull the healthy ones out of DNS.

No pydantic here: the answer is a plain dataclass, so a shallow ``/health`` on a cold container
never imports it (``platform.py``); ``models.Health`` documents and validates the same shape on
the application resolver.
"""

from __future__ import annotations

import hmac
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from aws_lambda_powertools.metrics import MetricUnit, single_metric

from multi_region_api.runtime.errors import Forbidden, StorageUnavailable

from .. import contract, front_door
from ..config import Config
from ..dal import heartbeat
from ..observability import logger, metrics

ELB_HEALTH_CHECKER = "ELB-HealthChecker/"
"""How ELB's health checks of a Lambda target introduce themselves (``ELB-HealthChecker/2.0``)."""


@dataclass(frozen=True, slots=True)
class Health:
    """The ``/health`` body (``models.Health`` is its schema)."""

    status: Literal["ok", "fail"]
    region: str
    check: Literal["shallow", "deep"]
    reason: str | None = None

    def body(self) -> dict[str, Any]:
        # Not ``dataclasses.asdict``: its deep copy is most of a warm ``/health``'s own time.
        return {
            "status": self.status,
            "region": self.region,
            "check": self.check,
            "reason": self.reason,
        }


def is_own_elb_health_check(config: Config, event: Mapping[str, Any]) -> bool:
    """ELB's health check of this region's target group, which may arrive without the query.

    Whether the event ELB sends a Lambda target for a health check carries the configured query
    string (the secret) is documented nowhere; AWS's example event has none. Recognised instead
    by what only the load balancer writes: ``requestContext.elb.targetGroupArn`` equal to this
    region's target group, and no ``X-Forwarded-For``: the ALB appends one to every request it
    forwards (``xff_header_processing_mode`` is pinned to ``append``), so a client cannot send an
    event without it, and a client's ``User-Agent`` alone proves nothing.
    """
    if config.front_door is not contract.FrontDoor.ALB or not config.alb_target_group_arn:
        return False
    context = event.get("requestContext")
    elb = context.get("elb") if isinstance(context, Mapping) else None
    arn = elb.get("targetGroupArn") if isinstance(elb, Mapping) else None
    if arn != config.alb_target_group_arn:
        return False
    headers = front_door.headers(dict(event))
    agents = headers.get("user-agent", [])
    return (
        len(agents) == 1
        and agents[0].startswith(ELB_HEALTH_CHECKER)
        and "x-forwarded-for" not in headers
    )


def authorize(config: Config, given: str | None, event: Mapping[str, Any] | None = None) -> None:
    """403 unless ``given`` is the secret (constant-time; the secret is never logged) or
    ``event`` is ELB's own health check of this region's target group."""
    if event is not None and is_own_elb_health_check(config, event):
        return
    if given is None or not hmac.compare_digest(
        given.encode("utf-8", "surrogatepass"), config.health_check_secret.encode("utf-8")
    ):
        raise Forbidden(f"missing or wrong {contract.HEALTH_SECRET_PARAM}")


def check(config: Config, rand: Callable[[], float] = random.random) -> Health:
    """Shallow by default; deep with probability ``DEEP_PING_PERCENT``/100 (``rand`` in [0, 1))."""
    if config.force_fail:
        return Health(status="fail", region=config.region, check="shallow", reason="force_fail")
    if rand() * 100 >= config.deep_ping_percent:
        return Health(status="ok", region=config.region, check="shallow")
    return _deep(config)


def _deep(config: Config) -> Health:
    table = heartbeat.heartbeat_table(config.table_name, config.region)
    started = time.monotonic()
    now_ms = int(time.time() * 1000)
    try:
        beats = heartbeat.ping(table, now_ms, config.regions)
    except StorageUnavailable as exc:
        logger.warning("deep health check failed", extra={"cause": str(exc)})
        metrics.add_metric(name=contract.METRIC_DEEP_PING_FAILURE, unit=MetricUnit.Count, value=1)
        return Health(status="fail", region=config.region, check="deep", reason="storage")
    metrics.add_metric(
        name=contract.METRIC_DEEP_PING_LATENCY,
        unit=MetricUnit.Milliseconds,
        value=(time.monotonic() - started) * 1000,
    )
    for peer in config.peer_regions:
        if peer in beats:
            _peer_heartbeat_age(peer, (now_ms - beats[peer]) / 1000)
    return Health(status="ok", region=config.region, check="deep")


def _peer_heartbeat_age(peer: str, seconds: float) -> None:
    """Age of the peer's last heartbeat as replicated here: replication lag + its ping interval.

    An upper bound on replication lag from ``peer``; alarm on it, never fail health on it.
    """
    with single_metric(
        name=contract.METRIC_PEER_HEARTBEAT_AGE,
        unit=MetricUnit.Seconds,
        value=max(seconds, 0.0),
        default_dimensions=metrics.default_dimensions,
    ) as metric:
        metric.add_dimension(name=contract.DIMENSION_PEER_REGION, value=peer)
