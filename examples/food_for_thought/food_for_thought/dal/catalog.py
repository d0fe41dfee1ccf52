"""``CATALOG#<id>`` entries and the ``CATALOG`` index (``ids``, a string set).

Listing is a ``GetItem`` of the index + one ``BatchGetItem``. A put writes the index first
(``ADD`` to a set), then the entry: two plain writes, each idempotent, so botocore's or the
client's retry repeats them harmlessly. If the request fails between them, the index names an
entry that does not exist yet, which listing skips; an entry is never stored without being
listed. No transaction: it would double the write units, and a global table replicates the two
items independently anyway, so it would buy no atomicity in the other regions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from multi_region_api.runtime import PARTITION_KEY, Table, key, to_raw, translated_errors

CATALOG_INDEX = "CATALOG"


@dataclass(frozen=True)
class CatalogRecord:
    id: str
    name: str
    price_cents: int
    description: str
    updated_at: str


def _pk(entry_id: str) -> str:
    return f"CATALOG#{entry_id}"


def _record(item: dict[str, Any]) -> CatalogRecord:
    return CatalogRecord(
        id=str(item[PARTITION_KEY]).removeprefix("CATALOG#"),
        name=item["name"],
        price_cents=int(item["priceCents"]),
        description=item["description"],
        updated_at=item["updatedAt"],
    )


def put(table: Table, entry: CatalogRecord) -> None:
    """Add the id to the index, then write the entry (see the module docstring for the order)."""
    fields = {
        "name": entry.name,
        "priceCents": entry.price_cents,
        "description": entry.description,
        "updatedAt": entry.updated_at,
    }
    with translated_errors():
        table.client.update_item(
            TableName=table.name,
            Key=key(CATALOG_INDEX),
            UpdateExpression="ADD ids :id",
            ExpressionAttributeValues=to_raw({":id": {entry.id}}),
        )
        table.client.put_item(TableName=table.name, Item={**key(_pk(entry.id)), **to_raw(fields)})


def get(table: Table, entry_id: str) -> CatalogRecord | None:
    item = table.get(_pk(entry_id))
    return None if item is None else _record(item)


def list_all(table: Table) -> list[CatalogRecord]:
    index = table.get(CATALOG_INDEX)
    ids = sorted(index["ids"]) if index else []
    items = table.batch_get([_pk(i) for i in ids])
    return [_record(items[_pk(i)]) for i in ids if _pk(i) in items]
