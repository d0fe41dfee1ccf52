"""Per-client hit counter: exactly once per region, summed across regions on read."""

from __future__ import annotations

from ..config import Config
from ..dal import hits
from ..dal.table import get_table
from ..models import Hits


def record_hit(config: Config, ip: str, token: str) -> Hits:
    """Count the hit named ``token`` (once, however often it is retried) and read the sums."""
    table = get_table(config.table_name, config.region)
    mine = hits.add_hit(table, ip, token)
    counts = hits.hits_by_region(table, ip, config.peer_regions) if config.peer_regions else {}
    counts[config.region] = mine
    return _hits(config, ip, counts)


def read_hits(config: Config, ip: str) -> Hits:
    counts = hits.hits_by_region(get_table(config.table_name, config.region), ip, config.regions)
    return _hits(config, ip, counts)


def _hits(config: Config, ip: str, counts: dict[str, int]) -> Hits:
    by_region = {r: counts.get(r, 0) for r in config.regions}
    return Hits(ip=ip, region=config.region, total=sum(by_region.values()), byRegion=by_region)
