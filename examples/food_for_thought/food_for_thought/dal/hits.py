"""``HITS#<ip>#<region>``: one counter per client IP and region, incremented exactly once.

Each region increments only its own item, so concurrent hits in two regions are both kept when
the global table replicates (last writer wins per item, and no item has two writers). Reads sum
the items of all regions with one ``BatchGetItem``.

Exactly once: the item keeps the tokens of its latest increments (``tokens``, oldest first), and
the increment is conditional on its token being absent. A retry of an applied increment (botocore
after a timeout, or the client repeating an ``Idempotency-Key``) fails the condition and reads the
stored count from the refusal itself (``ReturnValuesOnConditionCheckFailure``). The list is
trimmed back to ``TOKENS_KEPT`` when it doubles, so the item stays small (~1 KB, one write unit)
and a retry is recognised as long as fewer than ``TOKENS_KEPT`` other hits of the same client
reached the same region in between.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from multi_region_api.runtime import ConditionFailed, Table, key, to_raw, translated_errors

TOKENS_KEPT = 16


def _pk(ip: str, region: str) -> str:
    return f"HITS#{ip}#{region}"


def add_hit(table: Table, ip: str, token: str) -> int:
    """Count one hit for ``ip`` in this region unless ``token`` was counted; the count after it."""
    names = {"#c": "count", "#t": "tokens"}
    try:
        with translated_errors():
            answer = table.client.update_item(
                TableName=table.name,
                Key=key(_pk(ip, table.region)),
                UpdateExpression="ADD #c :one SET #t = list_append(if_not_exists(#t, :none), :tok)",
                ConditionExpression="NOT contains(#t, :token)",
                ExpressionAttributeNames=names,
                ExpressionAttributeValues=to_raw(
                    {":one": 1, ":none": [], ":tok": [token], ":token": token}
                ),
                ReturnValues="UPDATED_NEW",
                ReturnValuesOnConditionCheckFailure="ALL_OLD",
            )
    except ConditionFailed as refused:  # this token was counted: report the stored count
        return int((refused.old or {}).get("count", 0))
    attributes: dict[str, Any] = answer["Attributes"]
    tokens = attributes["tokens"]["L"]
    if len(tokens) >= 2 * TOKENS_KEPT:
        _trim(table, ip, len(tokens))
    return int(attributes["count"]["N"])


def _trim(table: Table, ip: str, seen: int) -> None:
    """Drop the oldest tokens; conditional, so two trimmers never drop more than one batch."""
    drop = seen - TOKENS_KEPT
    try:
        with translated_errors():
            table.client.update_item(
                TableName=table.name,
                Key=key(_pk(ip, table.region)),
                UpdateExpression="REMOVE " + ", ".join(f"#t[{i}]" for i in range(drop)),
                ConditionExpression="size(#t) >= :seen",
                ExpressionAttributeNames={"#t": "tokens"},
                ExpressionAttributeValues=to_raw({":seen": seen}),
            )
    except ConditionFailed:
        pass  # another request trimmed first


def hits_by_region(table: Table, ip: str, regions: Sequence[str]) -> dict[str, int]:
    """Each region's counter for ``ip`` as replicated here (absent regions are left out)."""
    keys = {_pk(ip, r): r for r in regions}
    items = table.batch_get(list(keys))
    return {keys[pk]: int(item["count"]) for pk, item in items.items()}
