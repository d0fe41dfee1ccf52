"""Component arguments: the public TypedDict, its defaults, and eager validation.

Args are a ``TypedDict`` with snake_case keys so the component can be hosted for other Pulumi
languages unchanged. ``resolve_args`` turns them into an immutable ``ApiSettings`` once; every part
of the component, the local runtime and the tests read that, never the raw dict.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import NotRequired, TypedDict

import pulumi

from ..handlers.contract import FrontDoor
from .app_args import AppArgs, AppSettings, resolve_app
from .args_error import ArgsError as ArgsError
from .args_error import reject_unknown
from .geo_locations import CONTINENTS, is_location
from .region_names import region_problem

# Route 53 health checkers only run in these regions (Route 53 API: HealthCheckRegion).
HEALTH_CHECKER_REGIONS = (
    "us-east-1",
    "us-west-1",
    "us-west-2",
    "eu-west-1",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-northeast-1",
    "sa-east-1",
)
DEFAULT_CHECKER_REGIONS = ("us-east-1", "eu-west-1", "ap-southeast-1")
MIN_CHECKER_REGIONS = 3
# Route 53 request intervals: the standard one, and the fast one priced as an optional feature.
STANDARD_HEALTH_CHECK_INTERVAL = 30
FAST_HEALTH_CHECK_INTERVAL = 10
HEALTH_CHECK_INTERVALS = (FAST_HEALTH_CHECK_INTERVAL, STANDARD_HEALTH_CHECK_INTERVAL)

_REGION_RE = re.compile(r"^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$")
_LABEL_RE = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_BASE_PATH_RE = re.compile(r"^[A-Za-z0-9._~-]{1,128}$")
_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_ZONE_ID_RE = re.compile(r"^Z[A-Z0-9]{1,31}$")
_VPC_ID_RE = re.compile(r"^vpc-[0-9a-f]{8}([0-9a-f]{9})?$")
_SUBNET_ID_RE = re.compile(r"^subnet-[0-9a-f]{8}([0-9a-f]{9})?$")
REGION_SWITCH_REGIONS = 2
MIN_ALB_SUBNETS = 2  # an ALB needs subnets in at least two Availability Zones
# CloudWatch Logs accepts only these retention values.
LOG_RETENTION_DAYS = (
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922,
    3288, 3653,
)  # fmt: skip


class HealthCheckArgs(TypedDict):
    """Route 53 health-check tuning; every key is optional."""

    interval_seconds: NotRequired[int]
    """Seconds between checks from each checker: 10 (fast, extra cost) or 30."""
    failure_threshold: NotRequired[int]
    """Consecutive failures (1-10) before Route 53 pulls the region out of DNS."""
    regions: NotRequired[list[str]]
    """Route 53 checker regions (at least 3)."""
    deep_ping_percent: NotRequired[int]
    """Share (0-100) of health checks that also read and write the local table replica."""


# A plain ``str`` in the TypedDict: the component provider's schema analyzer takes no Literal.
ROUTING_POLICIES = ("latency", "failover", "weighted", "geolocation")
MAX_WEIGHT = 255
# The longest labels the routing records put in front of ``domain_name``.
_ROUTING_LABEL_CHARS = len("secondary.fallback.geolocation.")


class RoutingArgs(TypedDict):
    """How Route 53 picks a region for the shared name; every key is optional."""

    policy: NotRequired[str]
    """``latency`` (default), ``failover``, ``weighted`` or ``geolocation``."""
    primary_region: NotRequired[str]
    """failover: the active region (default: the home region)."""
    weights: NotRequired[dict[str, int]]
    """weighted: region -> 0-255 (default: equal). 0 drains a region; not all may be 0."""
    locations: NotRequired[dict[str, list[str]]]
    """geolocation: region -> Route 53 continent codes (EU, NA, ...) or ISO country codes."""
    default_region: NotRequired[str]
    """geolocation: the region for every other location (default: the home region)."""


class AlbNetworkArgs(TypedDict):
    """A region's own VPC for the ``alb`` front door (instead of the minimal one it creates)."""

    vpc_id: str
    """The VPC, e.g. ``vpc-0123456789abcdef0``."""
    subnet_ids: list[str]
    """Public subnets of that VPC in at least two Availability Zones (routes to an internet
    gateway). The ALB is IPv4-only here: whether the subnets have IPv6 is unknown at preview."""


class MultiRegionApiArgs(TypedDict):
    """Inputs of ``MultiRegionApi``."""

    regions: list[str]
    """AWS regions to deploy to (at least 2, no duplicates)."""
    domain_name: str
    """The shared API hostname, e.g. ``api.us.example.com``; regions get ``<region>.<domain>``."""
    hosted_zone_id: str
    """Route 53 hosted zone that holds ``domain_name``."""
    home_region: NotRequired[str]
    """Home of the global table and single writer of catalog data (default: first region)."""
    base_path: NotRequired[str]
    """API base path on the custom domains, without slashes (default: none)."""
    health_check_secret: NotRequired[pulumi.Input[str]]
    """Secret the health checkers send as ``healthCheckerId`` (default: generated, kept secret)."""
    health_check: NotRequired[HealthCheckArgs]
    """Route 53 health-check tuning."""
    force_fail_regions: NotRequired[list[str]]
    """Regions whose /health answers 503: an IaC-managed failover drill."""
    alarm_email: NotRequired[str]
    """Email subscribed to the health-check alarm topic."""
    log_retention_days: NotRequired[int]
    """CloudWatch Logs retention for the Lambda and access logs (default 14)."""
    tags: NotRequired[dict[str, str]]
    """Tags added to every taggable resource."""
    manage_api_gateway_account: NotRequired[bool]
    """Set the per-region API Gateway CloudWatch logging role (default true). Turn off where the
    account already manages that account-wide setting."""
    routing: NotRequired[RoutingArgs]
    """Route 53 routing policy of the shared name (default: latency)."""
    front_door: NotRequired[str]
    """What receives requests in each region: ``rest`` (API Gateway REST API, default), ``http``
    (API Gateway HTTP API) or ``alb`` (Application Load Balancer)."""
    global_accelerator: NotRequired[bool]
    """Put the ALBs behind one Global Accelerator (static anycast IPs, no DNS in the failover
    path); only with ``front_door: alb``. Default false."""
    alb_networks: NotRequired[dict[str, AlbNetworkArgs]]
    """Region -> the VPC and subnets its ALB uses; regions left out get a minimal public VPC."""
    region_switch: NotRequired[bool]
    """Add a Route 53 ARC Region switch plan that fails a region out through DNS, triggered by
    the region's health alarm (default false). Active/passive with ``failover`` routing,
    active/active otherwise; exactly two regions; not with ``global_accelerator``."""
    app: NotRequired[AppArgs]
    """The application the function runs (default: the platform's routes only)."""


@dataclass(frozen=True)
class HealthCheckSettings:
    interval_seconds: int = STANDARD_HEALTH_CHECK_INTERVAL
    failure_threshold: int = 3
    regions: tuple[str, ...] = DEFAULT_CHECKER_REGIONS
    deep_ping_percent: int = 10


@dataclass(frozen=True)
class RoutingSettings:
    """The validated routing policy; only the fields of ``policy`` carry meaning."""

    policy: str = "latency"
    primary_region: str = ""
    weights: dict[str, int] = field(default_factory=dict)
    locations: dict[str, tuple[str, ...]] = field(default_factory=dict)
    default_region: str = ""


@dataclass(frozen=True)
class AlbNetwork:
    vpc_id: str
    subnet_ids: tuple[str, ...]


@dataclass(frozen=True)
class ApiSettings:
    """Validated arguments with defaults applied. ``regions`` keeps the caller's order."""

    regions: tuple[str, ...]
    home_region: str
    domain_name: str
    hosted_zone_id: str
    base_path: str = ""
    health_check: HealthCheckSettings = field(default_factory=HealthCheckSettings)
    force_fail_regions: frozenset[str] = frozenset()
    alarm_email: str | None = None
    log_retention_days: int = 14
    tags: dict[str, str] = field(default_factory=dict)
    manage_api_gateway_account: bool = True
    routing: RoutingSettings = field(default_factory=RoutingSettings)
    front_door: FrontDoor = FrontDoor.REST
    global_accelerator: bool = False
    alb_networks: dict[str, AlbNetwork] = field(default_factory=dict)
    region_switch: bool = False
    app: AppSettings | None = None

    @property
    def peer_regions(self) -> tuple[str, ...]:
        """Every region but the home region, sorted so the order of ``regions`` never matters."""
        return tuple(sorted(r for r in self.regions if r != self.home_region))


def is_region(value: object) -> bool:
    return isinstance(value, str) and bool(_REGION_RE.match(value))


def is_hostname(value: object) -> bool:
    if not isinstance(value, str) or len(value) > 253 or value != value.lower():
        return False
    labels = value.split(".")
    return len(labels) >= 2 and all(_LABEL_RE.match(label) for label in labels)


def _int(field_name: str, value: object, allowed: range | tuple[int, ...]) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value not in allowed:
        if isinstance(allowed, range):
            shown = f" from {allowed.start} to {allowed.stop - 1}"
        else:
            *first, last = (str(n) for n in allowed)
            shown = f": {', '.join(first)} or {last}" if first else f": {last}"
        raise ArgsError(field_name, f"must be an integer{shown}, got {value!r}")
    return value


def _regions(field_name: str, value: object, *, minimum: int) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, (list, tuple)):
        raise ArgsError(field_name, f"must be a list of region names, got {value!r}")
    for region in value:
        if not is_region(region):
            raise ArgsError(field_name, f"{region!r} is not an AWS region name like 'us-east-1'")
        if problem := region_problem(region):
            raise ArgsError(field_name, problem)
    duplicates = sorted({r for r in value if value.count(r) > 1})
    if duplicates:
        raise ArgsError(field_name, f"lists {', '.join(duplicates)} more than once")
    if len(value) < minimum:
        raise ArgsError(field_name, f"needs at least {minimum} regions, got {len(value)}")
    return tuple(value)


def _health_check(raw: object) -> HealthCheckSettings:
    if raw is None:
        return HealthCheckSettings()
    if not isinstance(raw, dict):
        raise ArgsError("health_check", f"must be a mapping, got {raw!r}")
    reject_unknown(raw, HealthCheckArgs, "health_check.")
    defaults = HealthCheckSettings()
    checkers = _regions(
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
        interval_seconds=_int(
            "health_check.interval_seconds",
            raw.get("interval_seconds", defaults.interval_seconds),
            HEALTH_CHECK_INTERVALS,
        ),
        failure_threshold=_int(
            "health_check.failure_threshold",
            raw.get("failure_threshold", defaults.failure_threshold),
            range(1, 11),
        ),
        regions=checkers,
        deep_ping_percent=_int(
            "health_check.deep_ping_percent",
            raw.get("deep_ping_percent", defaults.deep_ping_percent),
            range(0, 101),
        ),
    )


def _region_keys(field_name: str, raw: object, regions: tuple[str, ...]) -> dict[str, object]:
    if not isinstance(raw, dict):
        raise ArgsError(field_name, f"must map regions to values, got {raw!r}")
    for region in raw:
        if region not in regions:
            raise ArgsError(f"{field_name}.{region}", f"is not one of regions {list(regions)}")
    return dict(raw)


def _one_of_regions(field_name: str, value: object, regions: tuple[str, ...]) -> str:
    if value not in regions:
        raise ArgsError(field_name, f"{value!r} is not one of regions {list(regions)}")
    assert isinstance(value, str)
    return value


def _weights(raw: object, regions: tuple[str, ...]) -> dict[str, int]:
    """Absent: every region weighs 1. Given: every region needs its weight, so adding a region to
    the stack never silently sends it traffic."""
    given = _region_keys("routing.weights", raw, regions) if raw is not None else {}
    if raw is not None:
        missing = [r for r in regions if r not in given]
        if missing:
            raise ArgsError(f"routing.weights.{missing[0]}", "is missing (0 drains a region)")
    weights = {
        region: _int(f"routing.weights.{region}", given.get(region, 1), range(MAX_WEIGHT + 1))
        for region in regions
    }
    if not any(weights.values()):
        raise ArgsError("routing.weights", "are all 0: at least one region must get traffic")
    return weights


def _locations(raw: object, regions: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    given = _region_keys("routing.locations", raw, regions)
    owner: dict[str, str] = {}
    for region, codes in given.items():
        name = f"routing.locations.{region}"
        if isinstance(codes, str) or not isinstance(codes, (list, tuple)):
            raise ArgsError(name, f"must be a list of location codes, got {codes!r}")
        for code in codes:
            if not is_location(code):
                raise ArgsError(
                    name,
                    f"{code!r} is not a Route 53 location: a continent "
                    f"({', '.join(CONTINENTS)}) or an ISO 3166-1 alpha-2 country code",
                )
            if code in owner:
                raise ArgsError(name, f"{code!r} is already routed to {owner[code]}")
            owner[code] = region
    return {region: tuple(codes) for region, codes in given.items() if codes}  # type: ignore[arg-type]


def _routing(raw: object, regions: tuple[str, ...], home: str, domain: str) -> RoutingSettings:
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise ArgsError("routing", f"must be a mapping, got {raw!r}")
    unknown = sorted(set(raw) - set(RoutingArgs.__annotations__))
    if unknown:
        raise ArgsError(f"routing.{unknown[0]}", "is not a known setting")
    policy = raw.get("policy", "latency")
    if policy not in ROUTING_POLICIES:
        raise ArgsError("routing.policy", f"must be one of {', '.join(ROUTING_POLICIES)}")
    if len(domain) + _ROUTING_LABEL_CHARS > 253:
        raise ArgsError("domain_name", "is too long for the routing records' names")
    allowed = {
        "latency": set(),
        "failover": {"primary_region"},
        "weighted": {"weights"},
        "geolocation": {"locations", "default_region"},
    }[policy] | {"policy"}
    stray = sorted(set(raw) - allowed)
    if stray:
        raise ArgsError(f"routing.{stray[0]}", f"has no meaning for policy {policy!r}")
    if policy == "failover":
        primary = _one_of_regions(
            "routing.primary_region", raw.get("primary_region", home), regions
        )
        return RoutingSettings(policy=policy, primary_region=primary)
    if policy == "weighted":
        return RoutingSettings(policy=policy, weights=_weights(raw.get("weights"), regions))
    if policy == "geolocation":
        default = _one_of_regions(
            "routing.default_region", raw.get("default_region", home), regions
        )
        return RoutingSettings(
            policy=policy,
            locations=_locations(raw.get("locations", {}), regions),
            default_region=default,
        )
    return RoutingSettings()


def _front_door(raw: object) -> FrontDoor:
    choices = [door.value for door in FrontDoor]
    if raw is None:
        return FrontDoor.REST
    if not isinstance(raw, str) or raw not in choices:
        raise ArgsError("front_door", f"must be one of {', '.join(choices)}, got {raw!r}")
    return FrontDoor(raw)


def _alb_networks(raw: object, regions: tuple[str, ...]) -> dict[str, AlbNetwork]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise ArgsError("alb_networks", f"must map regions to {{vpc_id, subnet_ids}}, got {raw!r}")
    networks: dict[str, AlbNetwork] = {}
    for region, network in raw.items():
        where = f"alb_networks.{region}"
        if region not in regions:
            raise ArgsError(where, f"{region!r} is not one of regions {list(regions)}")
        if not isinstance(network, dict):
            raise ArgsError(where, f"must be a mapping with vpc_id and subnet_ids, got {network!r}")
        unknown = sorted(set(network) - set(AlbNetworkArgs.__annotations__))
        if unknown:
            raise ArgsError(f"{where}.{unknown[0]}", "is not a known setting")
        vpc_id = network.get("vpc_id")
        if not isinstance(vpc_id, str) or not _VPC_ID_RE.match(vpc_id):
            raise ArgsError(f"{where}.vpc_id", f"{vpc_id!r} is not a VPC id like vpc-0123abcd")
        subnets = network.get("subnet_ids")
        if isinstance(subnets, str) or not isinstance(subnets, (list, tuple)):
            raise ArgsError(f"{where}.subnet_ids", f"must be a list of subnet ids, got {subnets!r}")
        for subnet in subnets:
            if not isinstance(subnet, str) or not _SUBNET_ID_RE.match(subnet):
                raise ArgsError(
                    f"{where}.subnet_ids", f"{subnet!r} is not a subnet id like subnet-0123abcd"
                )
        if len(set(subnets)) != len(subnets) or len(subnets) < MIN_ALB_SUBNETS:
            raise ArgsError(
                f"{where}.subnet_ids",
                f"needs at least {MIN_ALB_SUBNETS} distinct subnets in different Availability "
                f"Zones, got {list(subnets)}",
            )
        networks[region] = AlbNetwork(vpc_id=vpc_id, subnet_ids=tuple(subnets))
    return networks


def _region_switch(raw: object, regions: tuple[str, ...], accelerator: bool) -> bool:
    """The plan fails regions out through Route 53 health checks, so it needs DNS routing, and an
    ARC plan spans exactly two regions (API reference, ``Plan.regions``: "Fixed number of 2")."""
    if not isinstance(raw, bool):
        raise ArgsError("region_switch", f"must be true or false, got {raw!r}")
    if raw and accelerator:
        raise ArgsError(
            "region_switch",
            "has no effect with global_accelerator (the accelerator, not DNS, picks the region): "
            "drain a region with routing.weights instead",
        )
    if raw and len(regions) != REGION_SWITCH_REGIONS:
        raise ArgsError(
            "region_switch",
            f"needs exactly {REGION_SWITCH_REGIONS} regions (a Region switch plan spans two), "
            f"got {len(regions)}",
        )
    return raw


def resolve_args(args: MultiRegionApiArgs, *, base_dir: Path | None = None) -> ApiSettings:
    """Validate ``args`` and apply defaults; raise ``ArgsError`` naming the first bad field.

    ``base_dir`` anchors the app's relative paths: the program's working directory (the Pulumi
    project directory under ``pulumi up``) unless a caller reads a stack file from elsewhere.
    """
    if not isinstance(args, dict):
        raise ArgsError(
            "(args)", f"must be a MultiRegionApiArgs mapping, got {type(args).__name__}"
        )
    reject_unknown(args, MultiRegionApiArgs, "")
    for required in ("regions", "domain_name", "hosted_zone_id"):
        if args.get(required) in (None, "", []):
            raise ArgsError(required, "is required")

    regions = _regions("regions", args["regions"], minimum=2)
    home = args.get("home_region") or regions[0]
    if home not in regions:
        raise ArgsError("home_region", f"{home!r} is not one of regions {list(regions)}")

    domain = args["domain_name"]
    if not is_hostname(domain):
        raise ArgsError(
            "domain_name", f"{domain!r} is not a lower-case hostname like api.example.com"
        )
    zone = args["hosted_zone_id"]
    if not isinstance(zone, str) or not _ZONE_ID_RE.match(zone):
        raise ArgsError("hosted_zone_id", f"{zone!r} is not a Route 53 zone id like Z0123456789ABC")

    base_path = args.get("base_path") or ""
    if base_path and not _BASE_PATH_RE.match(base_path):
        raise ArgsError(
            "base_path", f"{base_path!r} must be one path segment without slashes, e.g. 'v1'"
        )

    force_fail = args.get("force_fail_regions") or []
    if isinstance(force_fail, str) or not isinstance(force_fail, (list, tuple)):
        raise ArgsError("force_fail_regions", f"must be a list of regions, got {force_fail!r}")
    for region in force_fail:
        if region not in regions:
            raise ArgsError(
                "force_fail_regions", f"{region!r} is not one of regions {list(regions)}"
            )

    email = args.get("alarm_email")
    if email is not None and (not isinstance(email, str) or not _EMAIL_RE.match(email)):
        raise ArgsError("alarm_email", f"{email!r} is not an email address")

    tags = args.get("tags") or {}
    if not isinstance(tags, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in tags.items()
    ):
        raise ArgsError("tags", "must map strings to strings")

    manage_account = args.get("manage_api_gateway_account", True)
    if not isinstance(manage_account, bool):
        raise ArgsError(
            "manage_api_gateway_account", f"must be true or false, got {manage_account!r}"
        )

    front_door = _front_door(args.get("front_door"))
    accelerator = args.get("global_accelerator", False)
    if not isinstance(accelerator, bool):
        raise ArgsError("global_accelerator", f"must be true or false, got {accelerator!r}")
    if accelerator and front_door is not FrontDoor.ALB:
        raise ArgsError(
            "global_accelerator",
            f"needs front_door 'alb' (Global Accelerator fronts ALBs), "
            f"got front_door {front_door.value!r}",
        )
    if front_door is FrontDoor.ALB and "-" in base_path:
        raise ArgsError(
            "base_path",
            f"{base_path!r}: an ALB health-check path cannot contain '-' (front_door 'alb')",
        )
    routing = _routing(args.get("routing"), regions, home, domain)
    if accelerator and routing.policy not in ("latency", "weighted"):
        raise ArgsError(
            "routing.policy",
            f"{routing.policy!r} has no meaning with global_accelerator (the shared name is the "
            "accelerator): use latency, or weighted for traffic dials",
        )
    networks = _alb_networks(args.get("alb_networks"), regions)
    if networks and front_door is not FrontDoor.ALB:
        raise ArgsError(
            "alb_networks", f"only applies to front_door 'alb', not {front_door.value!r}"
        )

    region_switch = _region_switch(args.get("region_switch", False), regions, accelerator)

    return ApiSettings(
        regions=regions,
        home_region=home,
        domain_name=domain,
        hosted_zone_id=zone,
        base_path=base_path,
        health_check=_health_check(args.get("health_check")),
        force_fail_regions=frozenset(force_fail),
        alarm_email=email,
        log_retention_days=_int(
            "log_retention_days", args.get("log_retention_days", 14), LOG_RETENTION_DAYS
        ),
        tags=dict(tags),
        manage_api_gateway_account=manage_account,
        routing=routing,
        front_door=front_door,
        global_accelerator=accelerator,
        alb_networks=networks,
        region_switch=region_switch,
        app=resolve_app(args.get("app"), Path.cwd() if base_dir is None else base_dir),
    )
