"""The table as this region's Lambda sees it (its local replica): clients, codecs, errors.

One table: partition key and TTL attribute from ``contract.py``. The aggregates and their keys:

=============================  ==============================================================
``pk``                          aggregate (module)
=============================  ==============================================================
``HITS#<ip>#<region>``          per-client, per-region counter (``hits.py``)
``ITEM#<id>``                   last-writer-wins documents (``items.py``)
``ORDER#<id>``                  orders, written in their home region only (``orders.py``)
``CATALOG#<id>``, ``CATALOG``   single-writer catalog and its index (``catalog.py``)
``HEALTH#<region>``             deep-ping heartbeats (``heartbeat.py``)
``IDEMPOTENCY#orders.create#…`` Powertools idempotency records (``idempotency.py``)
=============================  ==============================================================

boto3 is imported on first use, not at import time, so the shallow ``/health`` path of a cold
start never pays for it. Clients are created once per container and region.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache, cached_property
from typing import TYPE_CHECKING, Any

from ..contract import PARTITION_KEY
from ..exceptions import StorageUnavailable
from ..observability import trace_aws_sdk

if TYPE_CHECKING:
    from boto3.dynamodb.types import TypeDeserializer, TypeSerializer
    from botocore.client import BaseClient
    from botocore.config import Config as BotoConfig


@dataclass(frozen=True)
class Timeouts:
    connect: float
    read: float
    attempts: int


# API routes: about 1 s per attempt, two attempts. A request that cannot reach DynamoDB fails with
# 503 in a few seconds instead of botocore's default of up to ~60 s per call. The second attempt
# may repeat a write whose first attempt landed: every write is built to recognise that.
API_TIMEOUTS = Timeouts(connect=1.0, read=1.0, attempts=2)
# The deep health check answers Route 53, which allows 2 s for the whole response, on a cold start
# too. Two calls of at most 0.5 s each, no retry: a hanging DynamoDB gives a clean 503 in ~1 s.
HEALTH_TIMEOUTS = Timeouts(connect=0.5, read=0.5, attempts=1)
BATCH_GET_LIMIT = 100
BATCH_GET_ROUNDS = 3

Raw = dict[str, Any]  # an item in DynamoDB's attribute-value format


class ConditionFailed(Exception):
    """A conditional write found the item in another state; ``old`` is that item, if any."""

    def __init__(self, old: Mapping[str, Any] | None) -> None:
        super().__init__("ConditionalCheckFailedException")
        self.old = old


def _boto_config(timeouts: Timeouts) -> BotoConfig:
    from botocore.config import Config as BotoConfig

    return BotoConfig(
        connect_timeout=timeouts.connect,
        read_timeout=timeouts.read,
        retries={"total_max_attempts": timeouts.attempts, "mode": "standard"},
    )


@cache
def _serializer() -> TypeSerializer:
    from boto3.dynamodb.types import TypeSerializer

    return TypeSerializer()


@cache
def _deserializer() -> TypeDeserializer:
    from boto3.dynamodb.types import TypeDeserializer

    return TypeDeserializer()


def to_raw(values: Mapping[str, Any]) -> Raw:
    """Python values -> attribute values (ints stay exact: numbers travel as ``Decimal``)."""
    serialize = _serializer().serialize
    return {name: serialize(value) for name, value in values.items()}


def from_raw(raw: Mapping[str, Any]) -> dict[str, Any]:
    """Attribute values -> Python values; ``N`` becomes ``Decimal``, so callers cast."""
    deserialize = _deserializer().deserialize
    return {name: deserialize(value) for name, value in raw.items()}


def key(pk: str) -> Raw:
    return to_raw({PARTITION_KEY: pk})


@contextmanager
def translated_errors() -> Iterator[None]:
    """Conditional-check failures become ``ConditionFailed``; anything else is unavailability."""
    from botocore.exceptions import BotoCoreError, ClientError

    try:
        yield
    except ClientError as exc:
        code = exc.response.get("Error", {}).get("Code", "")
        if code == "ConditionalCheckFailedException":
            old = exc.response.get("Item")
            raise ConditionFailed(from_raw(old) if old else None) from exc
        raise StorageUnavailable(code or "ClientError") from exc
    except BotoCoreError as exc:
        raise StorageUnavailable(type(exc).__name__) from exc


class Table:
    """The region's replica and the two clients that reach it."""

    def __init__(self, name: str, region: str) -> None:
        self.name = name
        self.region = region

    @cached_property
    def client(self) -> BaseClient:
        import boto3

        trace_aws_sdk()
        return boto3.client("dynamodb", region_name=self.region, config=_boto_config(API_TIMEOUTS))

    @cached_property
    def health_client(self) -> BaseClient:
        import boto3

        trace_aws_sdk()
        # The default session caches the service model: the second client costs little.
        return boto3.client(
            "dynamodb", region_name=self.region, config=_boto_config(HEALTH_TIMEOUTS)
        )

    def get(self, pk: str, *, consistent: bool = False) -> dict[str, Any] | None:
        with translated_errors():
            answer = self.client.get_item(
                TableName=self.name, Key=key(pk), ConsistentRead=consistent
            )
        item = answer.get("Item")
        return from_raw(item) if item else None

    def batch_get(
        self, keys: Sequence[str], *, consistent: bool = False, client: BaseClient | None = None
    ) -> dict[str, dict[str, Any]]:
        """``pk`` -> item for the keys that exist; unprocessed keys are retried a few times."""
        client = client or self.client
        found: dict[str, dict[str, Any]] = {}
        pending = list(dict.fromkeys(keys))
        for start in range(0, len(pending), BATCH_GET_LIMIT):
            request: dict[str, Any] = {
                self.name: {
                    "Keys": [key(k) for k in pending[start : start + BATCH_GET_LIMIT]],
                    "ConsistentRead": consistent,
                }
            }
            for _ in range(BATCH_GET_ROUNDS):
                with translated_errors():
                    answer = client.batch_get_item(RequestItems=request)
                for raw in answer.get("Responses", {}).get(self.name, []):
                    item = from_raw(raw)
                    found[str(item[PARTITION_KEY])] = item
                request = answer.get("UnprocessedKeys") or {}
                if not request:
                    break
            if request:
                raise StorageUnavailable("BatchGetItem left keys unprocessed")
        return found


@cache
def get_table(name: str, region: str) -> Table:
    """The container's table for this name and region (clients are made on first use)."""
    return Table(name, region)
