"""Per-client hit counter: exactly once per region, summed across regions on read."""

from __future__ import annotations

from multi_region_api.runtime import Deployment, get_table

from ..dal import hits
from ..models import Hits


def record_hit(here: Deployment, ip: str, token: str) -> Hits:
    """Count the hit named ``token`` (once, however often it is retried) and read the sums."""
    table = get_table(here.table_name, here.region)
    mine = hits.add_hit(table, ip, token)
    counts = hits.hits_by_region(table, ip, here.peer_regions) if here.peer_regions else {}
    counts[here.region] = mine
    return _hits(here, ip, counts)


def read_hits(here: Deployment, ip: str) -> Hits:
    counts = hits.hits_by_region(get_table(here.table_name, here.region), ip, here.regions)
    return _hits(here, ip, counts)


def _hits(here: Deployment, ip: str, counts: dict[str, int]) -> Hits:
    by_region = {r: counts.get(r, 0) for r in here.regions}
    return Hits(ip=ip, region=here.region, total=sum(by_region.values()), byRegion=by_region)
