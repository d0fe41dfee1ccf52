"""Component arguments resolved: ``resolve_args`` validates ``MultiRegionApiArgs`` once into an
immutable ``ApiSettings``; every part of the component, the local runtime and the tests read that,
never the raw dict.

The parts live by job: the public ``TypedDict``s in ``args_types`` (the provider schema's source),
``ApiSettings`` in ``settings``, each nested argument's settings and validation together
(``health_check_args``, ``routing_args``, ``alb_args``, ``app_args``), the checks they share in
``arg_checks``, and what AWS accepts in ``aws_facts``. This module validates the top-level keys
and re-exports the public names, so ``from .args import ...`` keeps working.
"""

import re
from pathlib import Path

from multi_region_api.handlers.contract import FrontDoor

from .alb_args import AlbNetwork, resolve_alb_networks
from .app_args import AppArgs, AppSettings, IndexArgs, IndexSettings, resolve_app
from .arg_checks import boolean, integer, is_hostname, is_region, one_of_regions, region_list
from .args_error import ArgsError, reject_unknown
from .args_types import (
    ROUTING_POLICIES,
    AlbNetworkArgs,
    HealthCheckArgs,
    MultiRegionApiArgs,
    RoutingArgs,
)
from .aws_facts import (
    FAST_HEALTH_CHECK_INTERVAL,
    HEALTH_CHECK_INTERVALS,
    HEALTH_CHECKER_REGIONS,
    HOSTED_ZONE_ID_RE,
    LOG_RETENTION_DAYS,
    MIN_ALB_SUBNETS,
    MIN_CHECKER_REGIONS,
    REGION_SWITCH_REGIONS,
    STANDARD_HEALTH_CHECK_INTERVAL,
)
from .health_check_args import DEFAULT_CHECKER_REGIONS, HealthCheckSettings, resolve_health_check
from .routing_args import RoutingSettings, resolve_routing
from .settings import DEFAULT_LOG_RETENTION_DAYS, ApiSettings

__all__ = [
    "DEFAULT_CHECKER_REGIONS",
    "FAST_HEALTH_CHECK_INTERVAL",
    "HEALTH_CHECKER_REGIONS",
    "HEALTH_CHECK_INTERVALS",
    "LOG_RETENTION_DAYS",
    "MIN_ALB_SUBNETS",
    "MIN_CHECKER_REGIONS",
    "REGION_SWITCH_REGIONS",
    "ROUTING_POLICIES",
    "STANDARD_HEALTH_CHECK_INTERVAL",
    "AlbNetwork",
    "AlbNetworkArgs",
    "ApiSettings",
    "AppArgs",
    "AppSettings",
    "ArgsError",
    "HealthCheckArgs",
    "HealthCheckSettings",
    "IndexArgs",
    "IndexSettings",
    "MultiRegionApiArgs",
    "RoutingArgs",
    "RoutingSettings",
    "is_hostname",
    "is_region",
    "resolve_args",
]

_BASE_PATH_RE = re.compile(r"^[A-Za-z0-9._~-]{1,128}$")
_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _front_door(raw: object) -> FrontDoor:
    choices = [door.value for door in FrontDoor]
    if raw is None:
        return FrontDoor.REST
    if not isinstance(raw, str) or raw not in choices:
        raise ArgsError("front_door", f"must be one of {', '.join(choices)}, got {raw!r}")
    return FrontDoor(raw)


def _region_switch(raw: object, regions: tuple[str, ...], accelerator: bool) -> bool:
    """The plan fails regions out through Route 53 health checks, so it needs DNS routing, and an
    ARC plan spans exactly two regions (API reference, ``Plan.regions``: "Fixed number of 2")."""
    switch = boolean("region_switch", raw)
    if switch and accelerator:
        raise ArgsError(
            "region_switch",
            "has no effect with global_accelerator (the accelerator, not DNS, picks the region): "
            "drain a region with routing.weights instead",
        )
    if switch and len(regions) != REGION_SWITCH_REGIONS:
        raise ArgsError(
            "region_switch",
            f"needs exactly {REGION_SWITCH_REGIONS} regions (a Region switch plan spans two), "
            f"got {len(regions)}",
        )
    return switch


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

    regions = region_list("regions", args["regions"], minimum=2)
    home = one_of_regions("home_region", args.get("home_region") or regions[0], regions)

    domain = args["domain_name"]
    if not is_hostname(domain):
        raise ArgsError(
            "domain_name", f"{domain!r} is not a lower-case hostname like api.example.com"
        )
    zone = args["hosted_zone_id"]
    if not isinstance(zone, str) or not HOSTED_ZONE_ID_RE.match(zone):
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
        one_of_regions("force_fail_regions", region, regions)

    email = args.get("alarm_email")
    if email is not None and (not isinstance(email, str) or not _EMAIL_RE.match(email)):
        raise ArgsError("alarm_email", f"{email!r} is not an email address")

    tags = args.get("tags") or {}
    if not isinstance(tags, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in tags.items()
    ):
        raise ArgsError("tags", "must map strings to strings")

    manage_account = boolean(
        "manage_api_gateway_account", args.get("manage_api_gateway_account", True)
    )

    front_door = _front_door(args.get("front_door"))
    accelerator = boolean("global_accelerator", args.get("global_accelerator", False))
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
    routing = resolve_routing(args.get("routing"), regions, home, domain)
    if accelerator and routing.policy not in ("latency", "weighted"):
        raise ArgsError(
            "routing.policy",
            f"{routing.policy!r} has no meaning with global_accelerator (the shared name is the "
            "accelerator): use latency, or weighted for traffic dials",
        )
    networks = resolve_alb_networks(args.get("alb_networks"), regions)
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
        health_check=resolve_health_check(args.get("health_check")),
        force_fail_regions=frozenset(force_fail),
        alarm_email=email,
        log_retention_days=integer(
            "log_retention_days",
            args.get("log_retention_days", DEFAULT_LOG_RETENTION_DAYS),
            LOG_RETENTION_DAYS,
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
