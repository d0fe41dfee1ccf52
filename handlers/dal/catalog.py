"""``CATALOG#<id>`` entries and the ``CATALOG`` index (``ids``, a string set).

An entry and its index entry are written in one transaction, so listing is a ``GetItem`` +
``BatchGetItem`` and never misses or invents an entry. The transaction carries a client request
token: DynamoDB answers a repeated token (botocore's retry) with the first attempt's success.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..contract import PARTITION_KEY
from .table import Table, key, to_raw, translated_errors

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


def put(table: Table, entry: CatalogRecord, token: str) -> None:
    """Write the entry and add its id to the index atomically (``token``: 1-36 characters)."""
    fields = {
        "name": entry.name,
        "priceCents": entry.price_cents,
        "description": entry.description,
        "updatedAt": entry.updated_at,
    }
    with translated_errors():
        table.client.transact_write_items(
            ClientRequestToken=token,
            TransactItems=[
                {
                    "Put": {
                        "TableName": table.name,
                        "Item": {**key(_pk(entry.id)), **to_raw(fields)},
                    }
                },
                {
                    "Update": {
                        "TableName": table.name,
                        "Key": key(CATALOG_INDEX),
                        "UpdateExpression": "ADD ids :id",
                        "ExpressionAttributeValues": to_raw({":id": {entry.id}}),
                    }
                },
            ],
        )


def get(table: Table, entry_id: str) -> CatalogRecord | None:
    item = table.get(_pk(entry_id))
    return None if item is None else _record(item)


def list_all(table: Table) -> list[CatalogRecord]:
    index = table.get(CATALOG_INDEX)
    ids = sorted(index["ids"]) if index else []
    items = table.batch_get([_pk(i) for i in ids])
    return [_record(items[_pk(i)]) for i in ids if _pk(i) in items]
