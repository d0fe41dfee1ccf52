"""``ITEM#<id>``: a JSON document written anywhere; last writer wins.

``data`` is stored as JSON text: DynamoDB numbers cannot hold floats as JSON has them, and a text
attribute gives back exactly what was accepted. Puts and deletes are naturally idempotent, so a
transport retry repeats the same effect.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from multi_region_api.runtime import Table, key, to_raw, translated_errors


@dataclass(frozen=True)
class StoredItem:
    id: str
    data: dict[str, Any]
    updated_region: str
    updated_at: str


def _pk(item_id: str) -> str:
    return f"ITEM#{item_id}"


def put(table: Table, item: StoredItem) -> None:
    with translated_errors():
        table.client.put_item(
            TableName=table.name,
            Item={
                **key(_pk(item.id)),
                **to_raw(
                    {
                        "data": json.dumps(item.data, separators=(",", ":"), ensure_ascii=False),
                        "updatedRegion": item.updated_region,
                        "updatedAt": item.updated_at,
                    }
                ),
            },
        )


def get(table: Table, item_id: str) -> StoredItem | None:
    raw = table.get(_pk(item_id))
    if raw is None:
        return None
    return StoredItem(
        id=item_id,
        data=json.loads(raw["data"]),
        updated_region=raw["updatedRegion"],
        updated_at=raw["updatedAt"],
    )


def delete(table: Table, item_id: str) -> None:
    with translated_errors():
        table.client.delete_item(TableName=table.name, Key=key(_pk(item_id)))
