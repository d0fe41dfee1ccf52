"""The table as this region's function sees it (its local replica): clients, codecs, errors.

One DynamoDB table per deployment (a global table with a replica in every region), partition key
``pk`` (``PARTITION_KEY``), TTL attribute ``expires_at`` (``TTL_ATTRIBUTE``: an epoch-seconds
number; an item carrying it is deleted by DynamoDB some time after that instant). Application
items choose their own ``pk`` layout, conventionally ``KIND#<id>``.

**Reserved keys.** Every ``pk`` that starts with ``RESERVED_KEY_PREFIX`` (``_mra#``) belongs to
the platform: the deep health check's heartbeats (``_mra#HEALTH#<region>``) and the idempotency
records of ``create_once`` (``_mra#IDEMPOTENCY#<name>#<hash>``). ``key()``, ``Table.get``
and ``Table.batch_get`` raise ``ReservedKey`` for such a key, so application code cannot read or
overwrite them by mistake.

The clients have tight timeouts and bounded retries (``API_TIMEOUTS``): a request that cannot
reach DynamoDB answers 503 ``storage_unavailable`` in a few seconds instead of hanging for
botocore's default of up to a minute. The second attempt may repeat a write whose first attempt
landed, so every write must recognise its own effect (see ``multi_region_api.runtime.tokens``).

boto3 is imported on first use, not at import time, so a cold start that never touches the table
(a shallow ``/health``) does not pay for it. Clients are made once per container and region.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache, cached_property
from typing import TYPE_CHECKING, Any

from multi_region_api.handlers.contract import PARTITION_KEY, RESERVED_KEY_PREFIX, TTL_ATTRIBUTE

from .deployment import deployment
from .errors import StorageUnavailable

if TYPE_CHECKING:
    from boto3.dynamodb.types import TypeDeserializer, TypeSerializer
    from botocore.client import BaseClient
    from botocore.config import Config as BotoConfig


@dataclass(frozen=True)
class Timeouts:
    connect: float
    read: float
    attempts: int


# API routes: about 1 s per attempt, two attempts.
API_TIMEOUTS = Timeouts(connect=1.0, read=1.0, attempts=2)
BATCH_GET_LIMIT = 100
BATCH_GET_ROUNDS = 3

Raw = dict[str, Any]  # an item in DynamoDB's attribute-value format


class ReservedKey(ValueError):
    """Application code used a ``pk`` under the platform's ``RESERVED_KEY_PREFIX``."""

    def __init__(self, pk: str) -> None:
        super().__init__(f"{pk!r}: keys starting with {RESERVED_KEY_PREFIX!r} are the platform's")


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
    """The ``Key`` of item ``pk`` for a client call; ``ReservedKey`` for a platform key."""
    if pk.startswith(RESERVED_KEY_PREFIX):
        raise ReservedKey(pk)
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
    """The region's replica and the client that reaches it (``API_TIMEOUTS``)."""

    timeouts = API_TIMEOUTS

    def __init__(self, name: str, region: str) -> None:
        self.name = name
        self.region = region

    @cached_property
    def client(self) -> BaseClient:
        """A low-level DynamoDB client (attribute values in and out: see ``to_raw``)."""
        import boto3

        # Imported here: the dispatcher's Logger and Metrics read their settings when created.
        from multi_region_api.handlers.observability import trace_aws_sdk

        trace_aws_sdk()
        # The default session caches the service model: a second client costs little.
        return boto3.client("dynamodb", region_name=self.region, config=_boto_config(self.timeouts))

    def key(self, pk: str) -> Raw:
        """The ``Key`` of ``pk`` for this table's calls: ``key(pk)``, which refuses the platform's
        keys (the platform's own table views override it)."""
        return key(pk)

    def get(self, pk: str, *, consistent: bool = False) -> dict[str, Any] | None:
        """The item ``pk`` as Python values (numbers as ``Decimal``), or ``None``."""
        with translated_errors():
            answer = self.client.get_item(
                TableName=self.name, Key=self.key(pk), ConsistentRead=consistent
            )
        item = answer.get("Item")
        return from_raw(item) if item else None

    def batch_get(
        self, keys: Sequence[str], *, consistent: bool = False
    ) -> dict[str, dict[str, Any]]:
        """``pk`` -> item for the keys that exist; unprocessed keys are retried a few times."""
        found: dict[str, dict[str, Any]] = {}
        pending = list(dict.fromkeys(keys))
        for start in range(0, len(pending), BATCH_GET_LIMIT):
            request: dict[str, Any] = {
                self.name: {
                    "Keys": [self.key(k) for k in pending[start : start + BATCH_GET_LIMIT]],
                    "ConsistentRead": consistent,
                }
            }
            for _ in range(BATCH_GET_ROUNDS):
                with translated_errors():
                    answer = self.client.batch_get_item(RequestItems=request)
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


def table() -> Table:
    """This region's replica of the deployment's table."""
    here = deployment()
    return get_table(here.table_name, here.region)


__all__ = [
    "API_TIMEOUTS",
    "PARTITION_KEY",
    "RESERVED_KEY_PREFIX",
    "TTL_ATTRIBUTE",
    "ConditionFailed",
    "Raw",
    "ReservedKey",
    "Table",
    "Timeouts",
    "from_raw",
    "get_table",
    "key",
    "table",
    "to_raw",
    "translated_errors",
]
