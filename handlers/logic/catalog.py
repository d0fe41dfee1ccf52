"""Catalog: a single writer. Reads anywhere; writes only in ``HOME_REGION``.

For reference data that must never diverge (prices): there is one writer, so replication has
nothing to resolve. Sized for small catalogs (the index is one item, listing returns everything).
"""

from __future__ import annotations

from ..config import Config
from ..dal import catalog
from ..dal.table import get_table
from ..exceptions import NotFound, WrongRegion
from ..models import CatalogEntry, CatalogEntryIn, CatalogList
from .clock import now_iso


def list_entries(config: Config) -> CatalogList:
    entries = [_model(e) for e in catalog.list_all(get_table(config.table_name, config.region))]
    return CatalogList(entries=entries, count=len(entries))


def get_entry(config: Config, entry_id: str) -> CatalogEntry:
    found = catalog.get(get_table(config.table_name, config.region), entry_id)
    if found is None:
        raise NotFound(f"catalog entry {entry_id}")
    return _model(found)


def put_entry(config: Config, entry_id: str, payload: CatalogEntryIn) -> CatalogEntry:
    if not config.is_home:
        home_url = config.url_of(config.home_region)
        raise WrongRegion(
            config.home_region, home_url, f"{home_url}/catalog/{entry_id}", "the catalog"
        )
    record = catalog.CatalogRecord(
        id=entry_id,
        name=payload.name,
        price_cents=payload.priceCents,
        description=payload.description,
        updated_at=now_iso(),
    )
    catalog.put(get_table(config.table_name, config.region), record)
    return _model(record)


def _model(record: catalog.CatalogRecord) -> CatalogEntry:
    return CatalogEntry(
        id=record.id,
        name=record.name,
        priceCents=record.price_cents,
        description=record.description,
        updatedAt=record.updated_at,
    )
