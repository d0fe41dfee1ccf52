"""Region names checked against the partitions data of the installed botocore.

A well-formed but misspelt region (``us-wset-2``) passes any pattern, then fails late: ``pulumi
up`` with a provider error, ``make local`` with a traceback from moto. botocore ships the list of
every partition's regions and the pattern of each partition's future ones (``partitions.json``,
what boto3 resolves endpoints from), so a name it does not know is refused here, with the
closest known one.

A region newer than the installed botocore is refused too, with the hint to upgrade: boto3 (the
ops tools), moto (the local runtime) and the regional Powertools layer table would not know it
either, so accepting it with a warning would only move the failure somewhere less clear; an
upgrade is one command.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import cache

import botocore
from botocore.loaders import create_loader


@dataclass(frozen=True)
class _Partition:
    name: str
    region_pattern: re.Pattern[str]
    regions: frozenset[str]


@cache
def _partitions() -> tuple[_Partition, ...]:
    data = create_loader().load_data("partitions")
    found = []
    for partition in data["partitions"]:
        pattern = re.compile(partition["regionRegex"])
        # Each partition also lists a pseudo-region for global endpoints (``aws-global``).
        regions = frozenset(r for r in partition["regions"] if pattern.match(r))
        found.append(_Partition(partition["id"], pattern, regions))
    return tuple(found)


def known_regions() -> frozenset[str]:
    """Every region of every partition the installed botocore knows."""
    return frozenset(r for p in _partitions() for r in p.regions)


def region_problem(name: str) -> str | None:
    """Why ``name`` is not a region botocore knows (naming the closest one), or None."""
    known = known_regions()
    if name in known:
        return None
    close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    version = botocore.__version__
    partition = next((p.name for p in _partitions() if p.region_pattern.match(name)), None)
    newer = (
        f" If it is a region of partition {partition!r} newer than botocore {version}, upgrade "
        "botocore (pip install -U botocore)."
        if partition
        else ""
    )
    return f"{name!r} is not an AWS region botocore {version} knows{hint}{newer}"
