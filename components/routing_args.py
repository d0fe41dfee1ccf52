"""The ``routing`` argument resolved: which Route 53 routing policy the shared name uses and
the settings that policy reads; a setting of another policy is refused, not ignored."""

from dataclasses import dataclass, field

from .arg_checks import integer, one_of_regions, region_keys
from .args_error import ArgsError, did_you_mean, reject_unknown
from .args_types import ROUTING_POLICIES, RoutingArgs
from .aws_facts import MAX_HOSTNAME_LENGTH, MAX_ROUTING_WEIGHT
from .geo_locations import CONTINENTS, is_location

# The longest labels the routing records put in front of ``domain_name``.
_ROUTING_LABEL_CHARS = len("secondary.fallback.geolocation.")
# The settings each policy reads besides ``policy``.
_POLICY_SETTINGS: dict[str, frozenset[str]] = {
    "latency": frozenset(),
    "failover": frozenset({"primary_region"}),
    "weighted": frozenset({"weights"}),
    "geolocation": frozenset({"locations", "default_region"}),
}


@dataclass(frozen=True)
class RoutingSettings:
    """The validated routing policy; only the fields of ``policy`` carry meaning."""

    policy: str = "latency"
    primary_region: str = ""
    weights: dict[str, int] = field(default_factory=dict)
    locations: dict[str, tuple[str, ...]] = field(default_factory=dict)
    default_region: str = ""


def _weights(raw: object, regions: tuple[str, ...]) -> dict[str, int]:
    """Absent: every region weighs 1. Given: every region needs its weight, so adding a region to
    the stack never silently sends it traffic."""
    given = region_keys("routing.weights", raw, regions, "weights") if raw is not None else {}
    if raw is not None:
        missing = [r for r in regions if r not in given]
        if missing:
            raise ArgsError(f"routing.weights.{missing[0]}", "is missing (0 drains a region)")
    weights = {
        region: integer(
            f"routing.weights.{region}", given.get(region, 1), range(MAX_ROUTING_WEIGHT + 1)
        )
        for region in regions
    }
    if not any(weights.values()):
        raise ArgsError("routing.weights", "are all 0: at least one region must get traffic")
    return weights


def _locations(raw: object, regions: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    given = region_keys("routing.locations", raw, regions, "location codes")
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


def resolve_routing(
    raw: object, regions: tuple[str, ...], home: str, domain: str
) -> RoutingSettings:
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise ArgsError("routing", f"must be a mapping, got {raw!r}")
    reject_unknown(raw, RoutingArgs, "routing.")
    policy = raw.get("policy", "latency")
    if policy not in ROUTING_POLICIES:
        raise ArgsError(
            "routing.policy",
            f"must be one of {', '.join(ROUTING_POLICIES)}{did_you_mean(policy, ROUTING_POLICIES)}",
        )
    if len(domain) + _ROUTING_LABEL_CHARS > MAX_HOSTNAME_LENGTH:
        raise ArgsError("domain_name", "is too long for the routing records' names")
    stray = sorted(set(raw) - _POLICY_SETTINGS[policy] - {"policy"})
    if stray:
        raise ArgsError(f"routing.{stray[0]}", f"has no meaning for policy {policy!r}")
    if policy == "failover":
        primary = one_of_regions("routing.primary_region", raw.get("primary_region", home), regions)
        return RoutingSettings(policy=policy, primary_region=primary)
    if policy == "weighted":
        return RoutingSettings(policy=policy, weights=_weights(raw.get("weights"), regions))
    if policy == "geolocation":
        default = one_of_regions("routing.default_region", raw.get("default_region", home), regions)
        return RoutingSettings(
            policy=policy,
            locations=_locations(raw.get("locations", {}), regions),
            default_region=default,
        )
    return RoutingSettings()
