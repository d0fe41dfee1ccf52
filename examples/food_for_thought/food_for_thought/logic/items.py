"""Items: write anywhere, last writer wins. Each copy records who wrote it last and when."""

from __future__ import annotations

from typing import Any

from multi_region_api.runtime import Deployment, NotFound, get_table

from ..dal import items
from ..models import Item
from .clock import now_iso


def put_item(here: Deployment, item_id: str, data: dict[str, Any]) -> Item:
    stored = items.StoredItem(
        id=item_id, data=data, updated_region=here.region, updated_at=now_iso()
    )
    items.put(get_table(here.table_name, here.region), stored)
    return _model(stored)


def get_item(here: Deployment, item_id: str) -> Item:
    found = items.get(get_table(here.table_name, here.region), item_id)
    if found is None:
        raise NotFound(f"item {item_id}")
    return _model(found)


def delete_item(here: Deployment, item_id: str) -> None:
    """Idempotent: deleting a missing item succeeds too (it may be replicating the other way)."""
    items.delete(get_table(here.table_name, here.region), item_id)


def _model(item: items.StoredItem) -> Item:
    return Item(
        id=item.id, data=item.data, updatedRegion=item.updated_region, updatedAt=item.updated_at
    )
