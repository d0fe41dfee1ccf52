"""Items: write anywhere, last writer wins. Each copy records who wrote it last and when."""

from __future__ import annotations

from typing import Any

from ..config import Config
from ..dal import items
from ..dal.table import get_table
from ..exceptions import NotFound
from ..models import Item
from .clock import now_iso


def put_item(config: Config, item_id: str, data: dict[str, Any]) -> Item:
    stored = items.StoredItem(
        id=item_id, data=data, updated_region=config.region, updated_at=now_iso()
    )
    items.put(get_table(config.table_name, config.region), stored)
    return _model(stored)


def get_item(config: Config, item_id: str) -> Item:
    found = items.get(get_table(config.table_name, config.region), item_id)
    if found is None:
        raise NotFound(f"item {item_id}")
    return _model(found)


def delete_item(config: Config, item_id: str) -> None:
    """Idempotent: deleting a missing item succeeds too (it may be replicating the other way)."""
    items.delete(get_table(config.table_name, config.region), item_id)


def _model(item: items.StoredItem) -> Item:
    return Item(
        id=item.id, data=item.data, updatedRegion=item.updated_region, updatedAt=item.updated_at
    )
