"""Checks of argument values that several validators share: integers from a set, region lists,
hostnames, region-keyed mappings."""

import re

from .args_error import ArgsError, did_you_mean, reject_unknown
from .aws_facts import MAX_HOSTNAME_LENGTH, REGION_RE
from .region_names import region_problem

_LABEL_RE = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


def is_region(value: object) -> bool:
    return isinstance(value, str) and bool(REGION_RE.match(value))


def is_hostname(value: object) -> bool:
    if not isinstance(value, str) or len(value) > MAX_HOSTNAME_LENGTH or value != value.lower():
        return False
    labels = value.split(".")
    return len(labels) >= 2 and all(_LABEL_RE.match(label) for label in labels)


def integer(field_name: str, value: object, allowed: range | tuple[int, ...]) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value not in allowed:
        if isinstance(allowed, range):
            shown = f" from {allowed.start} to {allowed.stop - 1}"
        else:
            *first, last = (str(n) for n in allowed)
            shown = f": {', '.join(first)} or {last}" if first else f": {last}"
        raise ArgsError(field_name, f"must be an integer{shown}, got {value!r}")
    return value


def boolean(field_name: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise ArgsError(field_name, f"must be true or false, got {value!r}")
    return value


def region_list(field_name: str, value: object, *, minimum: int) -> tuple[str, ...]:
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


def region_keys(
    field_name: str, raw: object, regions: tuple[str, ...], what: str = "values"
) -> dict[str, object]:
    """A mapping keyed by the stack's regions; a key that is not one names the closest."""
    if not isinstance(raw, dict):
        raise ArgsError(field_name, f"must map regions to {what}, got {raw!r}")
    reject_unknown(raw, regions, f"{field_name}.", f"is not one of regions {list(regions)}")
    return dict(raw)


def one_of_regions(field_name: str, value: object, regions: tuple[str, ...]) -> str:
    if not isinstance(value, str) or value not in regions:
        hint = did_you_mean(value, regions) if isinstance(value, str) else ""
        raise ArgsError(field_name, f"{value!r} is not one of regions {list(regions)}{hint}")
    return value
