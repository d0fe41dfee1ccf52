"""``ORDER#<id>``: orders, written only in their home region, every write conditional.

Attributes: ``homeRegion``, ``version`` (N), ``status``, ``customer``, ``lines`` (JSON text),
``note``, ``createdAt``, ``updatedAt``, ``requestHash`` (the creating request's body) and
``lastChange`` (the token of the update that made ``version``). Both let a repeated write
recognise its own effect from the item a refused condition returns.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from multi_region_api.runtime import (
    PARTITION_KEY,
    ConditionFailed,
    Table,
    from_raw,
    key,
    to_raw,
    translated_errors,
)


@dataclass(frozen=True)
class OrderRecord:
    id: str
    home_region: str
    version: int
    status: str
    customer: str
    lines: list[dict[str, Any]]
    note: str
    created_at: str
    updated_at: str
    request_hash: str
    last_change: str = ""


class UpdateRefused(Exception):
    """The conditional update did not apply; ``current`` is the item as it stands (or ``None``)."""

    def __init__(self, current: OrderRecord | None) -> None:
        super().__init__("order update refused")
        self.current = current


def _pk(order_id: str) -> str:
    return f"ORDER#{order_id}"


def _record(item: dict[str, Any]) -> OrderRecord:
    return OrderRecord(
        id=str(item[PARTITION_KEY]).removeprefix("ORDER#"),
        home_region=item["homeRegion"],
        version=int(item["version"]),
        status=item["status"],
        customer=item["customer"],
        lines=json.loads(item["lines"]),
        note=item["note"],
        created_at=item["createdAt"],
        updated_at=item["updatedAt"],
        request_hash=item.get("requestHash", ""),
        last_change=item.get("lastChange", ""),
    )


def create(table: Table, order: OrderRecord) -> OrderRecord:
    """Insert ``order`` unless its id is taken; the order stored under that id either way.

    The caller compares ``request_hash``: equal means this request (or its retry) made it.
    """
    item = {
        **key(_pk(order.id)),
        **to_raw(
            {
                "homeRegion": order.home_region,
                "version": order.version,
                "status": order.status,
                "customer": order.customer,
                "lines": json.dumps(order.lines, separators=(",", ":")),
                "note": order.note,
                "createdAt": order.created_at,
                "updatedAt": order.updated_at,
                "requestHash": order.request_hash,
            }
        ),
    }
    try:
        with translated_errors():
            table.client.put_item(
                TableName=table.name,
                Item=item,
                ConditionExpression="attribute_not_exists(pk)",
                ReturnValuesOnConditionCheckFailure="ALL_OLD",
            )
    except ConditionFailed as taken:
        if taken.old is None:  # cannot happen: a taken id has an item
            raise
        return _record(dict(taken.old))
    return order


def get(table: Table, order_id: str) -> OrderRecord | None:
    item = table.get(_pk(order_id))
    return None if item is None else _record(item)


def update(
    table: Table,
    order_id: str,
    expected_version: int,
    changes: dict[str, str],
    change_token: str,
    updated_at: str,
) -> OrderRecord:
    """Apply ``changes`` if the order is at ``expected_version`` and homed here: one write.

    Raises ``UpdateRefused`` with the item as it stands (from the refusal itself, no read).
    """
    names = {"#v": "version", "#u": "updatedAt", "#h": "homeRegion", "#l": "lastChange"}
    values: dict[str, Any] = {
        ":expected": expected_version,
        ":next": expected_version + 1,
        ":now": updated_at,
        ":here": table.region,
        ":token": change_token,
    }
    sets = ["#v = :next", "#u = :now", "#l = :token"]
    for index, (field, value) in enumerate(sorted(changes.items())):
        names[f"#f{index}"] = field
        values[f":f{index}"] = value
        sets.append(f"#f{index} = :f{index}")
    try:
        with translated_errors():
            answer = table.client.update_item(
                TableName=table.name,
                Key=key(_pk(order_id)),
                UpdateExpression="SET " + ", ".join(sets),
                ConditionExpression="attribute_exists(pk) AND #h = :here AND #v = :expected",
                ExpressionAttributeNames=names,
                ExpressionAttributeValues=to_raw(values),
                ReturnValues="ALL_NEW",
                ReturnValuesOnConditionCheckFailure="ALL_OLD",
            )
    except ConditionFailed as refused:
        raise UpdateRefused(None if refused.old is None else _record(dict(refused.old))) from None
    return _record(from_raw(answer["Attributes"]))
