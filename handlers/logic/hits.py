"""Per-client hit counter: atomic per region, summed across regions on read.

Each region increments only its own item, so concurrent hits in two regions are both kept when the
global table replicates (last-writer-wins is per item, and no item has two writers).
"""

from __future__ import annotations

from ..config import Config
from ..models import Hits
from ..store import get_store


def record_hit(config: Config, ip: str) -> Hits:
    store = get_store(config.table_name, config.region)
    mine = store.add_hit(ip)
    counts = store.hits_by_region(ip, config.peer_regions) if config.peer_regions else {}
    counts[config.region] = mine
    return _hits(config, ip, counts)


def read_hits(config: Config, ip: str) -> Hits:
    counts = get_store(config.table_name, config.region).hits_by_region(ip, config.regions)
    return _hits(config, ip, counts)


def _hits(config: Config, ip: str, counts: dict[str, int]) -> Hits:
    by_region = {r: counts.get(r, 0) for r in config.regions}
    return Hits(ip=ip, region=config.region, total=sum(by_region.values()), byRegion=by_region)
