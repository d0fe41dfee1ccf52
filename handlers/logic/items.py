"""Items: write anywhere, last writer wins. Each copy records who wrote it last and when."""

from __future__ import annotations

from typing import Any

from ..config import Config
from ..errors import not_found
from ..models import Item
from ..store import get_store
from .clock import now_iso


def put_item(config: Config, item_id: str, data: dict[str, Any]) -> Item:
    updated_at = now_iso()
    get_store(config.table_name, config.region).put_item(item_id, data, updated_at)
    return Item(id=item_id, data=data, updatedRegion=config.region, updatedAt=updated_at)


def get_item(config: Config, item_id: str) -> Item:
    found = get_store(config.table_name, config.region).get_item(item_id)
    if found is None:
        raise not_found(f"item {item_id}")
    return Item(**found)


def delete_item(config: Config, item_id: str) -> None:
    """Idempotent: deleting a missing item succeeds too (it may be replicating the other way)."""
    get_store(config.table_name, config.region).delete_item(item_id)
