"""Catalog: a single writer. Reads anywhere; writes only in ``HOME_REGION``.

For reference data that must never diverge (prices): there is one writer, so replication has
nothing to resolve. Sized for small catalogs (the index is one item, listing returns everything).
"""

from __future__ import annotations

from ..config import Config
from ..errors import not_found, wrong_region
from ..models import CatalogEntry, CatalogEntryIn, CatalogList
from ..store import get_store
from .clock import now_iso


def list_entries(config: Config) -> CatalogList:
    entries = [
        CatalogEntry(**e) for e in get_store(config.table_name, config.region).list_catalog()
    ]
    return CatalogList(entries=entries, count=len(entries))


def get_entry(config: Config, entry_id: str) -> CatalogEntry:
    found = get_store(config.table_name, config.region).get_catalog_entry(entry_id)
    if found is None:
        raise not_found(f"catalog entry {entry_id}")
    return CatalogEntry(**found)


def put_entry(config: Config, entry_id: str, payload: CatalogEntryIn) -> CatalogEntry:
    if not config.is_home:
        home_url = config.url_of(config.home_region)
        raise wrong_region(
            config.home_region, home_url, f"{home_url}/catalog/{entry_id}", "the catalog"
        )
    entry = CatalogEntry(id=entry_id, updatedAt=now_iso(), **payload.model_dump())
    get_store(config.table_name, config.region).put_catalog_entry(entry.model_dump())
    return entry
