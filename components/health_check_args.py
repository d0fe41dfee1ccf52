"""The ``health_check`` argument resolved: Route 53 health-check tuning with its defaults."""

from dataclasses import dataclass

from .arg_checks import integer, region_list
from .args_error import ArgsError, reject_unknown
from .args_types import HealthCheckArgs
from .aws_facts import (
    HEALTH_CHECK_FAILURE_THRESHOLDS,
    HEALTH_CHECK_INTERVALS,
    HEALTH_CHECKER_REGIONS,
    MIN_CHECKER_REGIONS,
    STANDARD_HEALTH_CHECK_INTERVAL,
)

DEFAULT_CHECKER_REGIONS = ("us-east-1", "eu-west-1", "ap-southeast-1")


@dataclass(frozen=True)
class HealthCheckSettings:
    interval_seconds: int = STANDARD_HEALTH_CHECK_INTERVAL
    failure_threshold: int = 3
    regions: tuple[str, ...] = DEFAULT_CHECKER_REGIONS
    deep_ping_percent: int = 10


def resolve_health_check(raw: object) -> HealthCheckSettings:
    if raw is None:
        return HealthCheckSettings()
    if not isinstance(raw, dict):
        raise ArgsError("health_check", f"must be a mapping, got {raw!r}")
    reject_unknown(raw, HealthCheckArgs, "health_check.")
    defaults = HealthCheckSettings()
    checkers = region_list(
        "health_check.regions",
        raw.get("regions", list(defaults.regions)),
        minimum=MIN_CHECKER_REGIONS,
    )
    bad = [r for r in checkers if r not in HEALTH_CHECKER_REGIONS]
    if bad:
        raise ArgsError(
            "health_check.regions",
            f"{bad[0]!r} has no Route 53 health checkers; use {', '.join(HEALTH_CHECKER_REGIONS)}",
        )
    return HealthCheckSettings(
        interval_seconds=integer(
            "health_check.interval_seconds",
            raw.get("interval_seconds", defaults.interval_seconds),
            HEALTH_CHECK_INTERVALS,
        ),
        failure_threshold=integer(
            "health_check.failure_threshold",
            raw.get("failure_threshold", defaults.failure_threshold),
            HEALTH_CHECK_FAILURE_THRESHOLDS,
        ),
        regions=checkers,
        deep_ping_percent=integer(
            "health_check.deep_ping_percent",
            raw.get("deep_ping_percent", defaults.deep_ping_percent),
            range(0, 101),
        ),
    )
