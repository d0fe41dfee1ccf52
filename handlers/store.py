"""All DynamoDB access. One table: partition key and TTL attribute from ``contract.py``.

Data layout (a global table: every item replicates to every region, last writer wins per item):

=============================  ==============================================================
``pk``                          item
=============================  ==============================================================
``HITS#<ip>#<region>``          ``count`` (N): one counter per client IP *and region*, bumped with
                                ``ADD`` in the receiving region only; reads sum the items of all
                                regions with one ``BatchGetItem`` (never a scan). Two regions never
                                write the same item, so replication cannot lose an increment.
``ITEM#<id>``                   ``data`` (S, the JSON object), ``updatedRegion``, ``updatedAt``:
                                write anywhere, last writer wins.
``ORDER#<id>``                  ``homeRegion``, ``version`` (N), ``status``, ``customer``,
                                ``lines`` (S, JSON), ``note``, ``createdAt``, ``updatedAt``: written
                                only in its home region, updates conditional on ``version``.
``CATALOG#<id>``                ``name``, ``priceCents``, ``description``, ``updatedAt``: written
                                only in the home region (single writer).
``CATALOG``                     ``ids`` (SS): the catalog's index, updated in the same transaction
                                as the entry, so listing is a ``GetItem`` + ``BatchGetItem``.
``HEALTH#<region>``             ``at`` (N, epoch ms) of the region's last deep ping; a peer's item
                                tells how fresh replication from it is.
``IDEMPOTENCY#orders.create#…`` Powertools idempotency records (``status``, ``data``,
                                ``validation``, ``expires_at`` TTL), same key in every region.
=============================  ==============================================================

boto3 is imported on first use, not at import time, so the shallow ``/health`` path of a cold
start never pays for it. Clients are created once per container and region.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cache, cached_property
from typing import TYPE_CHECKING, Any

from .contract import PARTITION_KEY, TTL_ATTRIBUTE

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.idempotency import DynamoDBPersistenceLayer
    from botocore.client import BaseClient
    from botocore.config import Config as BotoConfig

# API routes: about 1 s per attempt, two attempts. A request that cannot reach DynamoDB fails with
# 503 in a few seconds instead of botocore's default of up to ~60 s per call.
API_TIMEOUTS = {"connect_timeout": 1.0, "read_timeout": 1.0, "total_max_attempts": 2}
# The deep health check answers Route 53, which allows 2 s for the whole response, on a cold start
# too. Two calls of at most 0.5 s each, no retry: a hanging DynamoDB gives a clean 503 in ~1 s.
HEALTH_TIMEOUTS = {"connect_timeout": 0.5, "read_timeout": 0.5, "total_max_attempts": 1}
BATCH_GET_LIMIT = 100
BATCH_GET_ROUNDS = 3
IDEMPOTENCY_PREFIX = "IDEMPOTENCY#orders.create"
CATALOG_INDEX = "CATALOG"


class StorageUnavailable(Exception):
    """DynamoDB did not answer or refused the call (timeouts, throttling, missing table)."""


class ConditionFailed(Exception):
    """A conditional write found the item in another state than expected."""


def _boto_config(timeouts: dict[str, float]) -> BotoConfig:
    from botocore.config import Config as BotoConfig

    return BotoConfig(
        connect_timeout=timeouts["connect_timeout"],
        read_timeout=timeouts["read_timeout"],
        retries={"total_max_attempts": int(timeouts["total_max_attempts"]), "mode": "standard"},
    )


@contextmanager
def _translated_errors() -> Iterator[None]:
    """Turn botocore failures into the two errors the logic layer understands."""
    from botocore.exceptions import BotoCoreError, ClientError

    try:
        yield
    except ClientError as exc:
        code = exc.response.get("Error", {}).get("Code", "")
        if code == "ConditionalCheckFailedException":
            raise ConditionFailed(code) from exc
        if code == "TransactionCanceledException":
            reasons = exc.response.get("CancellationReasons") or []
            if any(r.get("Code") == "ConditionalCheckFailed" for r in reasons):
                raise ConditionFailed(code) from exc
        raise StorageUnavailable(code or "ClientError") from exc
    except BotoCoreError as exc:
        raise StorageUnavailable(type(exc).__name__) from exc


def _s(value: str) -> dict[str, str]:
    return {"S": value}


def _n(value: int) -> dict[str, str]:
    return {"N": str(value)}


class Store:
    """The table as this region's Lambda sees it (its local replica)."""

    def __init__(self, table_name: str, region: str) -> None:
        self.table_name = table_name
        self.region = region

    @cached_property
    def client(self) -> BaseClient:
        import boto3

        return boto3.client("dynamodb", region_name=self.region, config=_boto_config(API_TIMEOUTS))

    @cached_property
    def health_client(self) -> BaseClient:
        import boto3

        # The default session caches the service model: the second client costs little.
        return boto3.client(
            "dynamodb", region_name=self.region, config=_boto_config(HEALTH_TIMEOUTS)
        )

    @cached_property
    def idempotency_layer(self) -> DynamoDBPersistenceLayer:
        from aws_lambda_powertools.utilities.idempotency import DynamoDBPersistenceLayer

        return DynamoDBPersistenceLayer(
            table_name=self.table_name,
            key_attr=PARTITION_KEY,
            expiry_attr=TTL_ATTRIBUTE,
            boto3_client=self.client,
        )

    def _batch_get(
        self, keys: Sequence[str], *, consistent: bool = False, client: BaseClient | None = None
    ) -> dict[str, dict[str, Any]]:
        """``pk`` -> raw item for the keys that exist; unprocessed keys are retried a few times."""
        client = client or self.client
        found: dict[str, dict[str, Any]] = {}
        pending = list(dict.fromkeys(keys))
        for start in range(0, len(pending), BATCH_GET_LIMIT):
            request = {
                self.table_name: {
                    "Keys": [
                        {PARTITION_KEY: _s(k)} for k in pending[start : start + BATCH_GET_LIMIT]
                    ],
                    "ConsistentRead": consistent,
                }
            }
            for _ in range(BATCH_GET_ROUNDS):
                with _translated_errors():
                    answer = client.batch_get_item(RequestItems=request)
                for item in answer.get("Responses", {}).get(self.table_name, []):
                    found[item[PARTITION_KEY]["S"]] = item
                request = answer.get("UnprocessedKeys") or {}
                if not request:
                    break
            if request:
                raise StorageUnavailable("BatchGetItem left keys unprocessed")
        return found

    def _get(self, pk: str, *, consistent: bool = False) -> dict[str, Any] | None:
        with _translated_errors():
            answer = self.client.get_item(
                TableName=self.table_name, Key={PARTITION_KEY: _s(pk)}, ConsistentRead=consistent
            )
        item: dict[str, Any] | None = answer.get("Item")
        return item

    # -- health -------------------------------------------------------------------------------

    def health_ping(self, at_ms: int, regions: Sequence[str]) -> dict[str, int]:
        """Write this region's heartbeat, read every region's back (consistent, one call).

        Returns region -> heartbeat epoch ms for the regions that have one. Raises
        ``StorageUnavailable`` if the write or the read fails or our own write is not read back.
        """
        with _translated_errors():
            self.health_client.put_item(
                TableName=self.table_name,
                Item={
                    PARTITION_KEY: _s(f"HEALTH#{self.region}"),
                    "at": _n(at_ms),
                    "region": _s(self.region),
                },
            )
        items = self._batch_get(
            [f"HEALTH#{r}" for r in regions], consistent=True, client=self.health_client
        )
        beats = {item["region"]["S"]: int(item["at"]["N"]) for item in items.values()}
        if beats.get(self.region) != at_ms:
            raise StorageUnavailable("own heartbeat not read back")
        return beats

    # -- hits ---------------------------------------------------------------------------------

    def add_hit(self, ip: str) -> int:
        with _translated_errors():
            answer = self.client.update_item(
                TableName=self.table_name,
                Key={PARTITION_KEY: _s(f"HITS#{ip}#{self.region}")},
                UpdateExpression="ADD #c :one",
                ExpressionAttributeNames={"#c": "count"},
                ExpressionAttributeValues={":one": _n(1)},
                ReturnValues="UPDATED_NEW",
            )
        return int(answer["Attributes"]["count"]["N"])

    def hits_by_region(self, ip: str, regions: Sequence[str]) -> dict[str, int]:
        keys = {f"HITS#{ip}#{r}": r for r in regions}
        items = self._batch_get(list(keys))
        return {keys[pk]: int(item["count"]["N"]) for pk, item in items.items()}

    # -- items --------------------------------------------------------------------------------

    def put_item(self, item_id: str, data: dict[str, Any], updated_at: str) -> None:
        with _translated_errors():
            self.client.put_item(
                TableName=self.table_name,
                Item={
                    PARTITION_KEY: _s(f"ITEM#{item_id}"),
                    "data": _s(json.dumps(data, separators=(",", ":"), ensure_ascii=False)),
                    "updatedRegion": _s(self.region),
                    "updatedAt": _s(updated_at),
                },
            )

    def get_item(self, item_id: str) -> dict[str, Any] | None:
        raw = self._get(f"ITEM#{item_id}")
        if raw is None:
            return None
        return {
            "id": item_id,
            "data": json.loads(raw["data"]["S"]),
            "updatedRegion": raw["updatedRegion"]["S"],
            "updatedAt": raw["updatedAt"]["S"],
        }

    def delete_item(self, item_id: str) -> None:
        with _translated_errors():
            self.client.delete_item(
                TableName=self.table_name, Key={PARTITION_KEY: _s(f"ITEM#{item_id}")}
            )

    # -- orders -------------------------------------------------------------------------------

    @staticmethod
    def _order_from(raw: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": raw[PARTITION_KEY]["S"].removeprefix("ORDER#"),
            "homeRegion": raw["homeRegion"]["S"],
            "version": int(raw["version"]["N"]),
            "status": raw["status"]["S"],
            "customer": raw["customer"]["S"],
            "lines": json.loads(raw["lines"]["S"]),
            "note": raw["note"]["S"],
            "createdAt": raw["createdAt"]["S"],
            "updatedAt": raw["updatedAt"]["S"],
        }

    def create_order(self, order: dict[str, Any]) -> None:
        """Insert a new order; ``ConditionFailed`` if the id is taken."""
        with _translated_errors():
            self.client.put_item(
                TableName=self.table_name,
                Item={
                    PARTITION_KEY: _s(f"ORDER#{order['id']}"),
                    "homeRegion": _s(order["homeRegion"]),
                    "version": _n(order["version"]),
                    "status": _s(order["status"]),
                    "customer": _s(order["customer"]),
                    "lines": _s(json.dumps(order["lines"], separators=(",", ":"))),
                    "note": _s(order["note"]),
                    "createdAt": _s(order["createdAt"]),
                    "updatedAt": _s(order["updatedAt"]),
                },
                ConditionExpression="attribute_not_exists(pk)",
            )

    def get_order(self, order_id: str, *, consistent: bool = False) -> dict[str, Any] | None:
        raw = self._get(f"ORDER#{order_id}", consistent=consistent)
        return None if raw is None else self._order_from(raw)

    def update_order(
        self, order_id: str, expected_version: int, changes: dict[str, str], updated_at: str
    ) -> dict[str, Any]:
        """Apply ``changes`` if the order is at ``expected_version`` and homed here.

        Raises ``ConditionFailed`` otherwise (missing, stale, or homed elsewhere).
        """
        names = {"#v": "version", "#u": "updatedAt"}
        values = {
            ":expected": _n(expected_version),
            ":next": _n(expected_version + 1),
            ":now": _s(updated_at),
            ":here": _s(self.region),
        }
        sets = ["#v = :next", "#u = :now"]
        for index, (field, value) in enumerate(sorted(changes.items())):
            names[f"#f{index}"] = field
            values[f":f{index}"] = _s(value)
            sets.append(f"#f{index} = :f{index}")
        with _translated_errors():
            answer = self.client.update_item(
                TableName=self.table_name,
                Key={PARTITION_KEY: _s(f"ORDER#{order_id}")},
                UpdateExpression="SET " + ", ".join(sets),
                ConditionExpression="attribute_exists(pk) AND #v = :expected "
                "AND homeRegion = :here",
                ExpressionAttributeNames=names,
                ExpressionAttributeValues=values,
                ReturnValues="ALL_NEW",
            )
        return self._order_from(answer["Attributes"])

    # -- catalog ------------------------------------------------------------------------------

    @staticmethod
    def _catalog_from(raw: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": raw[PARTITION_KEY]["S"].removeprefix("CATALOG#"),
            "name": raw["name"]["S"],
            "priceCents": int(raw["priceCents"]["N"]),
            "description": raw["description"]["S"],
            "updatedAt": raw["updatedAt"]["S"],
        }

    def put_catalog_entry(self, entry: dict[str, Any]) -> None:
        """Write the entry and add its id to the index atomically."""
        with _translated_errors():
            self.client.transact_write_items(
                TransactItems=[
                    {
                        "Put": {
                            "TableName": self.table_name,
                            "Item": {
                                PARTITION_KEY: _s(f"CATALOG#{entry['id']}"),
                                "name": _s(entry["name"]),
                                "priceCents": _n(entry["priceCents"]),
                                "description": _s(entry["description"]),
                                "updatedAt": _s(entry["updatedAt"]),
                            },
                        }
                    },
                    {
                        "Update": {
                            "TableName": self.table_name,
                            "Key": {PARTITION_KEY: _s(CATALOG_INDEX)},
                            "UpdateExpression": "ADD ids :id",
                            "ExpressionAttributeValues": {":id": {"SS": [entry["id"]]}},
                        }
                    },
                ]
            )

    def get_catalog_entry(self, entry_id: str) -> dict[str, Any] | None:
        raw = self._get(f"CATALOG#{entry_id}")
        return None if raw is None else self._catalog_from(raw)

    def list_catalog(self) -> list[dict[str, Any]]:
        index = self._get(CATALOG_INDEX)
        ids = sorted(index["ids"]["SS"]) if index else []
        items = self._batch_get([f"CATALOG#{i}" for i in ids])
        return [self._catalog_from(items[f"CATALOG#{i}"]) for i in ids if f"CATALOG#{i}" in items]


@cache
def get_store(table_name: str, region: str) -> Store:
    """The container's store for this table and region (clients are made on first use)."""
    return Store(table_name, region)
