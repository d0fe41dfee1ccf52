"""Catalog: a single writer. Reads anywhere; writes only in ``HOME_REGION``.

For reference data that must never diverge (prices): there is one writer, so replication has
nothing to resolve. Sized for small catalogs (the index is one item, listing returns everything).
"""

from __future__ import annotations

from multi_region_api.runtime import Deployment, NotFound, get_table

from ..dal import catalog
from ..models import CatalogEntry, CatalogEntryIn, CatalogList
from .clock import now_iso


def list_entries(here: Deployment) -> CatalogList:
    entries = [_model(e) for e in catalog.list_all(get_table(here.table_name, here.region))]
    return CatalogList(entries=entries, count=len(entries))


def get_entry(here: Deployment, entry_id: str) -> CatalogEntry:
    found = catalog.get(get_table(here.table_name, here.region), entry_id)
    if found is None:
        raise NotFound(f"catalog entry {entry_id}")
    return _model(found)


def put_entry(here: Deployment, entry_id: str, payload: CatalogEntryIn) -> CatalogEntry:
    here.require_home_region(f"/catalog/{entry_id}", "the catalog")
    record = catalog.CatalogRecord(
        id=entry_id,
        name=payload.name,
        price_cents=payload.priceCents,
        description=payload.description,
        updated_at=now_iso(),
    )
    catalog.put(get_table(here.table_name, here.region), record)
    return _model(record)


def _model(record: catalog.CatalogRecord) -> CatalogEntry:
    return CatalogEntry(
        id=record.id,
        name=record.name,
        priceCents=record.price_cents,
        description=record.description,
        updatedAt=record.updated_at,
    )
