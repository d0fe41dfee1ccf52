"""Five changes to moto: four so a local run stays flat for hours (issue #11 item 3), one so
each single-item write is atomic, as on DynamoDB.

Moto keeps a reference to every model object it ever creates (every item version, stream record
and shard iterator, for its ``/moto-api/data.json`` listing), models a stream as a list that is
never trimmed, keeps every shard iterator it ever handed out, and snapshots every table a
transaction touches with ``copy.deepcopy`` (items, indexes and the whole stream history) so it
can roll back. A ``PUT /catalog`` is a TransactWriteItems, so each one costs more than the last,
and the replicator's polls alone grow the process by the iterators they leave behind. Applied in
the moto server process only (``moto_server.py``):

- **No instance tracking.** Model objects are not recorded for ``/moto-api/data.json``, which
  the runtime never reads; they are freed when moto drops them.

- **Stream retention by consumption.** A shard drops the records before the position a reader
  last asked for: the replicator is the only reader and never goes back before its last
  position, so those records are history nobody will read (DynamoDB drops them after 24 h).
  ``MAX_STREAM_RECORDS`` caps a shard nobody reads. Sequence numbers stay absolute.
- **Bounded shard iterators.** Only the newest ``MAX_SHARD_ITERATORS`` are kept (DynamoDB's
  expire after 15 minutes); the replicator always uses the newest one it got.
- **Item-level transaction rollback.** A transaction saves the items it names and the stream's
  length, and on cancellation puts back exactly those, instead of deep-copying whole tables.
- **Atomic writes.** Moto's server runs requests in threads and an UpdateItem reads the item,
  evaluates the expression and writes it back unlocked, so two concurrent increments of one item
  could both apply to the old value, and the response is built from the live item after the call.
  One lock per region's backend is held around each write request (``_WRITES``), answer
  included; reads and stream polls take no lock.
"""

from __future__ import annotations

import copy
import functools
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, cast

from moto.core.common_models import BaseModel
from moto.dynamodb.models import DynamoDBBackend
from moto.dynamodb.models.dynamo_type import DynamoType
from moto.dynamodb.models.table import StreamRecord, StreamShard, Table
from moto.dynamodb.responses import DynamoHandler
from moto.dynamodbstreams.models import DynamoDBStreamsBackend, ShardIterator

MAX_STREAM_RECORDS = 10_000
MAX_SHARD_ITERATORS = 256

_transaction = threading.local()

_WRITES = ("put_item", "update_item", "delete_item", "batch_write_item", "transact_write_items")
"""The DynamoDB actions that write items (a batch is atomic per item, as on DynamoDB)."""

_write_locks: weakref.WeakKeyDictionary[DynamoDBBackend, threading.Lock] = (
    weakref.WeakKeyDictionary()
)
_write_locks_guard = threading.Lock()


class _BoundedIterators(OrderedDict[str, Any]):
    """The streams backend's iterator map, keeping only the newest ``MAX_SHARD_ITERATORS``."""

    def __setitem__(self, key: str, value: Any) -> None:
        super().__setitem__(key, value)
        while len(self) > MAX_SHARD_ITERATORS:
            self.popitem(last=False)


def _first_sequence(shard: StreamShard) -> int:
    """The sequence number of the oldest record still held."""
    return int(shard.starting_sequence_number) + getattr(shard, "trimmed", 0)


def _trim(shard: StreamShard, count: int) -> None:
    if count > 0:
        del shard.items[:count]
        shard.trimmed = getattr(shard, "trimmed", 0) + count  # type: ignore[attr-defined]


def _add(self: StreamShard, old: Any, new: Any) -> None:
    if self.table.lambda_event_source_mappings:  # moto's Lambda path, never used locally
        _original_add(self, old, new)
        return
    event_name = "INSERT" if old is None else "REMOVE" if new is None else "MODIFY"
    view = self.table.stream_specification["StreamViewType"]  # type: ignore[index]
    sequence = _first_sequence(self) + len(self.items)
    self.items.append(StreamRecord(self.table, view, event_name, old, new, sequence))
    _trim(self, len(self.items) - MAX_STREAM_RECORDS)


def _get(self: StreamShard, start: int, quantity: int) -> list[dict[str, Any]]:
    offset = max(0, start - _first_sequence(self))
    _trim(self, min(offset, len(self.items)))  # read past: nobody asks for these again
    return [record.to_json() for record in self.items[:quantity]]


def _table_deepcopy(self: Table, memo: dict[int, Any]) -> Table:
    """Inside a transaction, moto's whole-table snapshot is replaced by ours: no copy."""
    if getattr(_transaction, "active", False):
        return self
    clone = cast(Table, Table.__new__(Table))
    memo[id(self)] = clone
    for name, value in self.__dict__.items():
        setattr(clone, name, copy.deepcopy(value, memo))
    return clone


def _item_key(table: Table, operation: dict[str, Any]) -> tuple[DynamoType, DynamoType | None]:
    source = operation["Item"] if "Item" in operation else operation["Key"]
    range_attr = table.range_key_attr
    return (
        DynamoType(source[table.hash_key_attr]),
        DynamoType(source[range_attr]) if range_attr and range_attr in source else None,
    )


def _stored(table: Table, hash_key: DynamoType, range_key: DynamoType | None) -> Any:
    held = table.items.get(hash_key)
    return held.get(range_key) if range_key is not None and held is not None else held


def _restore(table: Table, hash_key: DynamoType, range_key: DynamoType | None, item: Any) -> None:
    if range_key is None:
        if item is None:
            table.items.pop(hash_key, None)
        else:
            table.items[hash_key] = item
    elif item is None:
        table.items.get(hash_key, {}).pop(range_key, None)
    else:
        table.items[hash_key][range_key] = item


def _transact_write_items(self: DynamoDBBackend, transact_items: list[dict[str, Any]]) -> None:
    saved: list[tuple[Table, DynamoType, DynamoType | None, Any]] = []
    streams: dict[int, tuple[StreamShard, int]] = {}
    try:
        for entry in transact_items:
            for operation in entry.values():
                table = self.tables.get(operation.get("TableName", ""))
                if table is None or table.hash_key_attr not in (
                    operation.get("Item") or operation.get("Key") or {}
                ):
                    continue
                hash_key, range_key = _item_key(table, operation)
                stored = _stored(table, hash_key, range_key)
                saved.append((table, hash_key, range_key, copy.deepcopy(stored)))
                if table.stream_shard is not None:
                    shard = table.stream_shard
                    streams.setdefault(
                        id(shard), (shard, _first_sequence(shard) + len(shard.items))
                    )
    except (KeyError, TypeError, AttributeError):
        pass  # a malformed request: moto's own validation answers it below
    _transaction.active = True
    try:
        _original_transact(self, transact_items)
    except BaseException:
        for table, hash_key, range_key, item in reversed(saved):
            _restore(table, hash_key, range_key, item)
        for shard, end in streams.values():
            del shard.items[max(0, end - _first_sequence(shard)) :]
        raise
    finally:
        _transaction.active = False


_original_add = StreamShard.add
_original_transact = DynamoDBBackend.transact_write_items
_original_streams_init = DynamoDBStreamsBackend.__init__


_original_iterator_init = ShardIterator.__init__


def _iterator_init(
    self: ShardIterator,
    backend: DynamoDBStreamsBackend,
    shard: StreamShard,
    kind: str,
    sequence: int | None = None,
) -> None:
    _original_iterator_init(self, backend, shard, kind, sequence)
    if kind == "LATEST":  # moto counts from the first record ever written
        self.sequence_number = _first_sequence(shard) + len(shard.items)


def _streams_init(self: DynamoDBStreamsBackend, region_name: str, account_id: str) -> None:
    _original_streams_init(self, region_name, account_id)
    self.shard_iterators = _BoundedIterators()


def _write_lock(backend: DynamoDBBackend) -> threading.Lock:
    with _write_locks_guard:
        return _write_locks.setdefault(backend, threading.Lock())


def _atomic(write: Callable[[DynamoHandler], Any]) -> Callable[[DynamoHandler], Any]:
    """The request handler ``write`` under its region's write lock: the whole request, so the
    answer is this write's item, not a later one's. A transaction's own puts and updates are
    backend calls beneath it, so the lock is never taken twice."""

    @functools.wraps(write)
    def locked(self: DynamoHandler) -> Any:
        with _write_lock(self.dynamodb_backend):
            return write(self)

    return locked


_original_writes = {name: getattr(DynamoHandler, name) for name in _WRITES}


def _untracked_new(cls: type[BaseModel], *args: Any, **kwargs: Any) -> BaseModel:
    return super(BaseModel, cls).__new__(cls)


def apply() -> None:
    """Patch moto's classes in this process (idempotent)."""
    BaseModel.__new__ = _untracked_new  # type: ignore[method-assign]
    StreamShard.add = _add  # type: ignore[method-assign]
    StreamShard.get = _get  # type: ignore[method-assign]
    Table.__deepcopy__ = _table_deepcopy  # type: ignore[attr-defined]
    DynamoDBBackend.transact_write_items = _transact_write_items  # type: ignore[method-assign]
    DynamoDBStreamsBackend.__init__ = _streams_init  # type: ignore[method-assign]
    ShardIterator.__init__ = _iterator_init  # type: ignore[method-assign,assignment]
    for name, write in _original_writes.items():
        setattr(DynamoHandler, name, _atomic(write))
