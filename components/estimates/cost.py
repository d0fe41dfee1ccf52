"""The always-on monthly cost of a stack: what it costs before the first user request.

Per region: the Route 53 health check and its optional features, the requests the checkers send
through the front door and Lambda, the deep pings' DynamoDB reads, writes and replicated
writes, the logs those requests write, the handler's custom metrics and the health-check alarm.
The front door adds its own: an HTTP API costs per request like a REST API (less); an ALB costs
by the hour, by LCU-hour and by the public IPv4 address it holds in each Availability Zone, and
its target health checks invoke the function. The minimal VPC an ALB gets (subnets, internet
gateway, route table; no NAT gateway, no endpoints) costs nothing. Per stack: the dashboard and,
with Global Accelerator, the accelerator's fixed fee and data-transfer premium. A Region switch
plan adds its fee per stack and, per region, the calculated health check its records carry and the
health checks ARC creates (one per record name the plan's steps cover). Prices and
their sources are in ``prices``; everything this module has to assume is a field of
``CostAssumptions``. What the component deploys is read, never assumed: the function's memory and
architecture, the health check's type, interval and checker regions, the front door.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from multi_region_api.handlers.contract import FrontDoor

from ..args import ApiSettings
from ..aws_facts import HEALTH_CHECKER_REGIONS, STANDARD_HEALTH_CHECK_INTERVAL
from ..dashboard import handler_metric_count
from ..dns import region_records
from ..function_sizing import FUNCTION_MEMORY_MB
from ..health_checks import HEALTH_CHECK_TYPE
from ..lambda_runtime import LAMBDA_ARCHITECTURE
from . import prices

SECONDS_PER_DAY = 86_400


@dataclass(frozen=True)
class CostAssumptions:
    days_per_month: int = 30
    """The issue's formula: checker regions x checkers per region x 86400 / interval x 30."""
    checkers_per_region: int = 2
    """Route 53 says a checker in each health-checking region probes every 30 s and that the
    endpoint then gets a probe "about every two seconds" with all 8 regions
    (https://docs.aws.amazon.com/Route53/latest/APIReference/API_autonaming_HealthCheckConfig.html):
    30 s / 2 s = 15 checkers over 8 regions, about 2 per region."""
    endpoint_is_aws: bool = False
    """Route 53 prices AWS endpoints lower; nothing says an API Gateway custom domain checked by
    name qualifies, so the default is the higher non-AWS price (an upper bound)."""
    shallow_check_ms: float = 5.0
    """Billed duration of a warm shallow /health (no I/O)."""
    deep_check_ms: float = 40.0
    """Billed duration of a deep /health: one write and a few reads against the local replica."""
    deep_ping_writes: int = 1
    """Items (<= 1 KB, one write unit each) a deep ping writes; each is replicated to every peer."""
    deep_ping_reads_per_region: int = 1
    """Strongly consistent reads (<= 4 KB, one read unit each) per region of the stack: its own
    item back and each peer's item for the replication lag."""
    log_bytes_per_request: int = 1_000
    """Lambda START/END/REPORT lines plus one API Gateway access-log line, compressed estimate."""
    alb_availability_zones: int = 2
    """Subnets (zones) of each ALB: a public IPv4 address and a health-checking node each."""
    bytes_per_check: int = 2_000
    """Request and response of one health check, TLS records included (ALB processed bytes)."""
    accelerator_gb_per_month: float = 0.0
    """Traffic through the accelerator while idle: the checkers probe the regional names (the
    ALBs), and Global Accelerator uses the ALBs' own health checks, so none."""
    arc_health_checks_billed: bool = True
    """Whether the health checks ARC creates for a Region switch plan are billed like any health
    check in the account (nothing stored says either way; counting them is the upper bound)."""


@dataclass(frozen=True)
class HealthCheckProfile:
    """The health-check features that set the price, whatever created the check."""

    checker_regions: int
    interval_seconds: int
    https: bool = True
    string_matching: bool = False
    latency_measurement: bool = False

    @property
    def optional_features(self) -> tuple[str, ...]:
        used = {
            "HTTPS": self.https,
            "string matching": self.string_matching,
            f"fast interval ({self.interval_seconds} s)": (
                self.interval_seconds < STANDARD_HEALTH_CHECK_INTERVAL
            ),
            "latency measurement": self.latency_measurement,
        }
        return tuple(name for name, on in used.items() if on)


def component_profile(settings: ApiSettings) -> HealthCheckProfile:
    """What ``MultiRegionApi`` creates: its check type, no latency measurement."""
    return HealthCheckProfile(
        checker_regions=len(settings.health_check.regions),
        interval_seconds=settings.health_check.interval_seconds,
        https=HEALTH_CHECK_TYPE.startswith("HTTPS"),
        string_matching=HEALTH_CHECK_TYPE.endswith("_STR_MATCH"),
    )


PUBLISHED_EXAMPLES_PROFILE = HealthCheckProfile(
    checker_regions=len(HEALTH_CHECKER_REGIONS),
    interval_seconds=STANDARD_HEALTH_CHECK_INTERVAL,
    https=True,
    string_matching=True,
)
"""What published multi-region examples configure: HTTPS with string matching from every checker
region at the standard interval (REST API behind it, like this component)."""


@dataclass(frozen=True)
class CostLine:
    item: str
    quantity: float
    unit: str
    usd: float


@dataclass(frozen=True)
class RegionCost:
    region: str
    lines: tuple[CostLine, ...]

    @property
    def usd(self) -> float:
        return sum(line.usd for line in self.lines)


@dataclass(frozen=True)
class StackCost:
    profile: HealthCheckProfile
    regions: tuple[RegionCost, ...]
    stack_lines: tuple[CostLine, ...] = field(default=())

    @property
    def usd(self) -> float:
        return sum(r.usd for r in self.regions) + sum(line.usd for line in self.stack_lines)


def checker_requests_per_month(profile: HealthCheckProfile, assumptions: CostAssumptions) -> float:
    """Requests the checkers send to one regional endpoint in a month."""
    return (
        profile.checker_regions
        * assumptions.checkers_per_region
        * SECONDS_PER_DAY
        / profile.interval_seconds
        * assumptions.days_per_month
    )


def _line(item: str, quantity: float, price: prices.Price) -> CostLine:
    return CostLine(item, quantity, price.unit, quantity * price.usd)


ALB_LCU_NEW_CONNECTIONS_PER_SECOND = 25
ALB_LCU_LAMBDA_GB_PER_HOUR = 0.4


def alb_target_checks_per_month(settings: ApiSettings, assumptions: CostAssumptions) -> float:
    """The target group's own health checks: one per interval from each zone's node."""
    interval = settings.health_check.interval_seconds
    days = assumptions.days_per_month
    return assumptions.alb_availability_zones * SECONDS_PER_DAY / interval * days


def _front_door_lines(
    settings: ApiSettings, requests: float, assumptions: CostAssumptions
) -> list[CostLine]:
    door = settings.front_door
    if door is FrontDoor.REST:
        return [_line("checker requests: API Gateway REST", requests, prices.APIGW_REST_REQUEST)]
    if door is FrontDoor.HTTP:
        return [_line("checker requests: API Gateway HTTP", requests, prices.APIGW_HTTP_REQUEST)]
    hours = assumptions.days_per_month * 24
    seconds = assumptions.days_per_month * SECONDS_PER_DAY
    # Each checker request is a new connection; the LCU is the larger of the two dimensions.
    lcu = max(
        requests / seconds / ALB_LCU_NEW_CONNECTIONS_PER_SECOND,
        requests * assumptions.bytes_per_check / 1e9 / hours / ALB_LCU_LAMBDA_GB_PER_HOUR,
    )
    zones = assumptions.alb_availability_zones
    return [
        _line("ALB hours", hours, prices.ALB_HOUR),
        _line("ALB LCU-hours (checker traffic)", lcu * hours, prices.ALB_LCU_HOUR),
        _line("ALB public IPv4 addresses", zones * hours, prices.PUBLIC_IPV4_HOUR),
        CostLine("VPC: subnets, internet gateway, routes (no NAT)", 1, "VPC", 0.0),
    ]


def region_cost(
    settings: ApiSettings,
    region: str,
    profile: HealthCheckProfile,
    assumptions: CostAssumptions,
) -> RegionCost:
    aws = assumptions.endpoint_is_aws
    checker_requests = checker_requests_per_month(profile, assumptions)
    target_checks = (
        alb_target_checks_per_month(settings, assumptions)
        if settings.front_door is FrontDoor.ALB
        else 0.0
    )
    # Every check reaches the function: Route 53's through the front door, the ALB's directly.
    requests = checker_requests + target_checks
    deep_share = settings.health_check.deep_ping_percent / 100
    deep_pings = requests * deep_share
    peers = len(settings.regions) - 1
    avg_ms = (
        1 - deep_share
    ) * assumptions.shallow_check_ms + deep_share * assumptions.deep_check_ms
    gb_seconds = requests * avg_ms / 1000 * FUNCTION_MEMORY_MB / 1024
    writes = deep_pings * assumptions.deep_ping_writes
    reads = deep_pings * assumptions.deep_ping_reads_per_region * len(settings.regions)
    metrics = handler_metric_count(peers) if deep_pings else 0

    lines = [
        _line("health check", 1, prices.HEALTH_CHECK_AWS if aws else prices.HEALTH_CHECK_NON_AWS),
        *(
            _line(
                f"health check: {feature}",
                1,
                prices.HEALTH_CHECK_FEATURE_AWS if aws else prices.HEALTH_CHECK_FEATURE_NON_AWS,
            )
            for feature in profile.optional_features
        ),
        *_front_door_lines(settings, checker_requests, assumptions),
        _line("checker requests: Lambda", requests, prices.LAMBDA_REQUEST),
        _line(
            f"checker requests: Lambda {LAMBDA_ARCHITECTURE} duration",
            gb_seconds,
            prices.LAMBDA_GB_SECOND[LAMBDA_ARCHITECTURE],
        ),
        _line(
            "checker requests: logs",
            requests * assumptions.log_bytes_per_request / 1e9,
            prices.CLOUDWATCH_LOG_INGEST_GB,
        ),
        _line("deep ping: DynamoDB writes", writes, prices.DYNAMODB_WRITE_UNIT),
        _line("deep ping: DynamoDB reads", reads, prices.DYNAMODB_READ_UNIT),
        _line(
            "deep ping: replicated writes to peers",
            writes * peers,
            prices.DYNAMODB_REPLICATED_WRITE_UNIT,
        ),
        _line("deep ping: handler custom metrics", metrics, prices.CLOUDWATCH_CUSTOM_METRIC),
        _line("health-check alarm", 1, prices.CLOUDWATCH_ALARM),
        *_region_switch_lines(settings, assumptions),
    ]
    return RegionCost(region, tuple(lines))


def _region_switch_lines(settings: ApiSettings, assumptions: CostAssumptions) -> list[CostLine]:
    """A region's share of a Region switch plan: checks without an endpoint, so the AWS price."""
    if not settings.region_switch:
        return []
    names = region_records("", settings.domain_name, settings.regions, settings.routing)
    arc_checks = len(names) if assumptions.arc_health_checks_billed else 0
    return [
        _line("Region switch: calculated health check", 1, prices.HEALTH_CHECK_AWS),
        _line("Region switch: ARC's health checks", arc_checks, prices.HEALTH_CHECK_AWS),
    ]


def stack_cost(
    settings: ApiSettings,
    *,
    profile: HealthCheckProfile | None = None,
    assumptions: CostAssumptions | None = None,
) -> StackCost:
    """The stack's always-on monthly cost; ``profile`` defaults to what the component creates."""
    profile = profile or component_profile(settings)
    assumptions = assumptions or CostAssumptions()
    stack_lines = [_line("dashboard", 1, prices.CLOUDWATCH_DASHBOARD)]
    if settings.region_switch:
        stack_lines.append(_line("Region switch plan", 1, prices.REGION_SWITCH_PLAN))
    if settings.global_accelerator:
        stack_lines += [
            _line(
                "Global Accelerator fixed fee",
                assumptions.days_per_month * 24,
                prices.ACCELERATOR_HOUR,
            ),
            _line(
                "Global Accelerator DT-Premium",
                assumptions.accelerator_gb_per_month,
                prices.ACCELERATOR_DT_PREMIUM_GB,
            ),
        ]
    return StackCost(
        profile=profile,
        regions=tuple(region_cost(settings, r, profile, assumptions) for r in settings.regions),
        stack_lines=tuple(stack_lines),
    )


def published_examples_cost(
    settings: ApiSettings, *, assumptions: CostAssumptions | None = None
) -> StackCost:
    """The same stack with the health checks published multi-region examples configure, behind
    a REST API (what they use)."""
    rest = replace(
        settings,
        front_door=FrontDoor.REST,
        global_accelerator=False,
        alb_networks={},
        region_switch=False,
    )
    return stack_cost(rest, profile=PUBLISHED_EXAMPLES_PROFILE, assumptions=assumptions)


FRONT_DOOR_CHOICES: dict[str, tuple[FrontDoor, bool]] = {
    "rest": (FrontDoor.REST, False),
    "http": (FrontDoor.HTTP, False),
    "alb": (FrontDoor.ALB, False),
    "alb + Global Accelerator": (FrontDoor.ALB, True),
}


def front_door_costs(
    settings: ApiSettings, assumptions: CostAssumptions | None = None
) -> dict[str, StackCost]:
    """The stack's always-on cost with each front door, everything else as configured."""
    return {
        label: stack_cost(
            replace(
                settings,
                front_door=door,
                global_accelerator=accelerated,
                # A plan moves DNS records; an accelerator has none to move (args refuse both).
                region_switch=settings.region_switch and not accelerated,
            ),
            assumptions=assumptions,
        )
        for label, (door, accelerated) in FRONT_DOOR_CHOICES.items()
    }


def cost_estimate_output(settings: ApiSettings) -> dict[str, object]:
    """Plain values for the ``costEstimate`` stack output (USD per month)."""
    ours = stack_cost(settings)
    published = published_examples_cost(settings)
    return {
        "perRegionUsd": {r.region: round(r.usd, 2) for r in ours.regions},
        "totalUsd": round(ours.usd, 2),
        "publishedExamplesTotalUsd": round(published.usd, 2),
        "ratioToPublishedExamples": round(ours.usd / published.usd, 3),
    }
