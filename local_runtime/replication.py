"""Replication between the regional tables, from their streams: the local global table.

One thread reads every regional table's stream in order and applies each change to every other
region: inserts and modifies as the full new image (batched, 25 puts per ``BatchWriteItem``),
removes as deletes. It polls every 10 ms while there is work and backs off to 200 ms when idle.
Conflicts are resolved by last writer wins on a version ``(stream time in ms, counter, region)``:
the stream record's ``ApproximateCreationDateTime``, then a counter that makes a local write newer
than whatever that region held before it (two writes in one millisecond keep their order), then the
region name as the tie-break between regions. Versions live in the replicator's memory, like the
hidden metadata of DynamoDB global tables, so items carry no extra attributes the handler could
leak.

No echo loops: every write the replicator makes is remembered per region and key with the image
it wrote (a fingerprint); when that region's stream shows the same image next for that key, the
record is the replicator's own and is not replicated again. The alternative, a marker attribute
on replicated items, breaks as soon as a handler updates such an item in place (the marker would
survive into a genuine local change). Because the replicator follows each stream in order, it
also sees when one of its writes landed on top of a newer local write (a race between the
replicator and the handler in that region) and writes the newer image back, so every region
converges on the same winner.

Moto specifics: every put appends a stream record (even when nothing changed) and a delete of a
missing item appends none, so a delete is only remembered when it removed something; an
UpdateItem that creates an item appends a key-only INSERT before the real one (see
``MotoPlaceholders``). Each table has one shard that never closes.
"""

from __future__ import annotations

import base64
import json
import math
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Version = tuple[int, int, str]
"""(stream time in ms, counter, region): compared as a tuple, the greatest wins."""

LAG_SAMPLES = 5000
BATCH_LIMIT = 25
"""BatchWriteItem's maximum number of requests."""
BATCH_ATTEMPTS = 5
POLL_SECONDS = 0.01
IDLE_POLL_SECONDS = 0.2
"""Polls back off from ``POLL_SECONDS`` to this while the streams stay empty (or moto is down):
each poll costs moto a request, and an idle runtime should cost next to nothing."""


def _canonical(value: Any) -> Any:
    """DynamoDB JSON with set members sorted and bytes as text, for image comparison."""
    if isinstance(value, dict):
        return {
            k: sorted(map(_canonical, v)) if k in ("SS", "NS", "BS") else _canonical(v)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_canonical(v) for v in value]
    if isinstance(value, bytes | bytearray):
        return base64.b64encode(value).decode()
    return value


def fingerprint(image: dict[str, Any] | None) -> str:
    return json.dumps(_canonical(image), sort_keys=True, separators=(",", ":"))


@dataclass(frozen=True)
class Change:
    """One stream record of one regional table."""

    region: str
    event: str  # INSERT, MODIFY or REMOVE
    keys: dict[str, Any]
    image: dict[str, Any] | None  # the new image; None for a removal
    created_ms: int

    @property
    def key(self) -> str:
        return fingerprint(self.keys)

    @classmethod
    def from_record(cls, region: str, record: dict[str, Any]) -> Change:
        data = record["dynamodb"]
        created = data["ApproximateCreationDateTime"]
        return cls(
            region=region,
            event=record["eventName"],
            keys=data["Keys"],
            image=data.get("NewImage") if record["eventName"] != "REMOVE" else None,
            created_ms=int(created.timestamp() * 1000),
        )


@dataclass(frozen=True)
class Write:
    """A write the replicator must make: ``image`` into ``region`` (None: delete ``keys``)."""

    region: str
    keys: dict[str, Any]
    image: dict[str, Any] | None
    version: Version


@dataclass
class _Latest:
    version: Version
    keys: dict[str, Any]
    image: dict[str, Any] | None


class Ledger:
    """The replication decisions, without I/O: which writes each stream record calls for.

    ``observe`` must see each region's records in stream order; ``wrote`` must be told about each
    write that appended a stream record, before the next ``observe`` of that region.
    """

    def __init__(self, regions: tuple[str, ...]) -> None:
        self.regions = regions
        self.latest: dict[str, _Latest] = {}
        self.held: dict[tuple[str, str], Version] = {}
        self.pending: dict[tuple[str, str], deque[tuple[str, Version]]] = {}

    def observe(self, change: Change) -> tuple[bool, list[Write]]:
        """(whether the record is a local change that wins, the writes it calls for)."""
        slot = (change.region, change.key)
        queue = self.pending.setdefault(slot, deque())
        local = not (queue and queue[0][0] == fingerprint(change.image))
        if local:
            version: Version = (change.created_ms, 0, change.region)
            held = self.held.get(slot)
            if held is not None and held >= version:
                version = (held[0], held[1] + 1, change.region)
            self.held[slot] = version
            latest = self.latest.get(change.key)
            if latest is None or version > latest.version:
                self.latest[change.key] = _Latest(version, change.keys, change.image)
                others = [r for r in self.regions if r != change.region]
                return True, [Write(r, change.keys, change.image, version) for r in others]
        else:
            self.held[slot] = queue.popleft()[1]
        return False, self._converge(change.region, change.key)

    def _converge(self, region: str, key: str) -> list[Write]:
        """If ``region`` now holds an older version than the winner, write the winner back."""
        latest = self.latest[key]
        slot = (region, key)
        if self.held[slot] >= latest.version:
            return []
        if any(version == latest.version for _, version in self.pending[slot]):
            return []
        return [Write(region, latest.keys, latest.image, latest.version)]

    def restored(self) -> None:
        """Every region was just refilled with the winners: each holds the latest version."""
        self.pending.clear()
        self.held = {
            (r, key): latest.version for key, latest in self.latest.items() for r in self.regions
        }

    def wrote(self, write: Write) -> None:
        slot = (write.region, fingerprint(write.keys))
        self.pending.setdefault(slot, deque()).append((fingerprint(write.image), write.version))


class MotoPlaceholders:
    """Drops the extra INSERT moto appends when UpdateItem creates an item.

    Moto first stores the key alone (an INSERT with a key-only image), then applies the update
    in place and appends the real INSERT; DynamoDB appends only the second. Replicating the first
    would show other regions an item without its attributes. A key-only INSERT is therefore held
    until that region's stream shows the next record for the key: another INSERT means it was the
    placeholder (dropped); anything else, or a whole poll round without news, means a genuine
    key-only write (released in order).
    """

    def __init__(self) -> None:
        self._held: dict[tuple[str, str], tuple[Change, int]] = {}
        self._round = 0

    def feed(self, change: Change) -> list[Change]:
        """The changes to replicate now, in order."""
        slot = (change.region, change.key)
        held = self._held.pop(slot, None)
        ready = [held[0]] if held and change.event != "INSERT" else []
        if change.event == "INSERT" and change.image == change.keys:
            self._held[slot] = (change, self._round)
            return ready
        return [*ready, change]

    def end_round(self) -> list[Change]:
        """Release the key-only INSERTs that saw no follow-up for a whole round."""
        self._round += 1
        ripe = [slot for slot, (_, held_in) in self._held.items() if held_in < self._round - 1]
        return [self._held.pop(slot)[0] for slot in ripe]


def percentile(samples: list[float], p: float) -> float | None:
    """Nearest-rank percentile (``p`` in 0..100) of ``samples``; None when there are none."""
    if not samples:
        return None
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


@dataclass
class ReplicationStats:
    applied: int = 0
    repairs: int = 0
    errors: int = 0
    last_error: str | None = None
    failing_since: float | None = None
    lag_ms: deque[float] = field(default_factory=lambda: deque(maxlen=LAG_SAMPLES))

    def snapshot(self) -> dict[str, Any]:
        samples = list(self.lag_ms)
        return {
            "appliedChanges": self.applied,
            "repairs": self.repairs,
            "errors": self.errors,
            "lastError": self.last_error,
            "failing": self.failing_since is not None,
            "failingSince": self.failing_since,
            "lagMs": {
                "p50": percentile(samples, 50),
                "p99": percentile(samples, 99),
                "samples": len(samples),
            },
        }


ClientFactory = Callable[[str, str], Any]
"""(service, region) -> boto3 client."""
ErrorReport = Callable[[str | None], None]
"""Told the error when replication starts failing, and None when it works again."""


class Replicator:
    """The thread that follows every regional stream and applies the ledger's writes."""

    def __init__(
        self,
        table_name: str,
        stream_arns: dict[str, str],
        client: ClientFactory,
        poll_seconds: float = POLL_SECONDS,
        on_error: ErrorReport = lambda error: None,
    ) -> None:
        self.table_name = table_name
        self.on_error = on_error
        self.stream_arns = stream_arns
        self.poll_seconds = poll_seconds
        self.ledger = Ledger(tuple(stream_arns))
        self.placeholders = MotoPlaceholders()
        self.stats = ReplicationStats()
        self.lock = threading.Lock()
        self._dynamodb = {r: client("dynamodb", r) for r in stream_arns}
        self._streams = {r: client("dynamodbstreams", r) for r in stream_arns}
        self._iterators: dict[str, dict[str, str]] = {}
        self._queue = _WriteQueue()
        self._polling = threading.Lock()
        """Held for a poll round; ``restore`` takes it to swap the streams under the thread."""
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="replicator", daemon=True)

    def start(self) -> None:
        self.open_streams()
        self._thread.start()

    def open_streams(self, position: str = "TRIM_HORIZON") -> None:
        """Position every stream: at its start (new tables) or past what is there (restored)."""
        for region, arn in self.stream_arns.items():
            streams = self._streams[region]
            shards = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"]
            self._iterators[region] = {
                shard["ShardId"]: streams.get_shard_iterator(
                    StreamArn=arn, ShardId=shard["ShardId"], ShardIteratorType=position
                )["ShardIterator"]
                for shard in shards
            }

    def restore(self, stream_arns: dict[str, str]) -> int:
        """Refill new, empty regional tables (moto restarted) from the ledger; the items written.

        The ledger holds the winning image of every key the replicator has seen, which is every
        region's converged state. Lost: writes no poll had read when moto died (at most one poll
        interval's worth) and in-flight replications.
        """
        with self._polling:
            images = [(k, latest) for k, latest in self.ledger.latest.items() if latest.image]
            for region in stream_arns:
                for _, latest in images:
                    self._dynamodb[region].put_item(TableName=self.table_name, Item=latest.image)
            self.stream_arns = stream_arns
            self.open_streams("LATEST")
            self.ledger.restored()
            self.placeholders = MotoPlaceholders()
        return len(images)

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=5)

    def snapshot(self) -> dict[str, Any]:
        with self.lock:
            return self.stats.snapshot()

    def state(self) -> str:
        if not self._thread.is_alive():
            return "stopped" if self._stop.is_set() else "exited"
        with self.lock:
            return "failing" if self.stats.failing_since is not None else "running"

    def _run(self) -> None:
        wait = self.poll_seconds
        while not self._stop.is_set():
            try:
                with self._polling:
                    busy = self.poll_once()
            except Exception as exc:  # moto restarting or stopping: keep following, and say so
                self._failed(f"{type(exc).__name__}: {exc}")
                busy = False
            else:
                self._recovered()
            wait = self.poll_seconds if busy else min(wait * 2, IDLE_POLL_SECONDS)
            if not busy:
                self._stop.wait(wait)

    def _failed(self, error: str) -> None:
        with self.lock:
            self.stats.errors += 1
            self.stats.last_error = error
            first = self.stats.failing_since is None
            if first:
                self.stats.failing_since = time.time()
        if first:
            self.on_error(error)

    def _recovered(self) -> None:
        with self.lock:
            was_failing = self.stats.failing_since is not None
            self.stats.failing_since = None
        if was_failing:
            self.on_error(None)

    def poll_once(self) -> bool:
        """Read each stream once and apply what it calls for; whether any record was read.

        The writes a region's records call for are queued and sent as ``BatchWriteItem`` calls
        (up to 25 puts each) once that region's records are read, or earlier when the queue is
        full or names a key twice. If sending fails, the stream resumes next time at the first
        record whose writes were not all sent: replaying a record is safe, since a local change
        replayed is newer than what its region held and a write is an idempotent put.
        """
        busy = False
        for region, iterators in self._iterators.items():
            for shard, iterator in list(iterators.items()):
                answer = self._streams[region].get_records(ShardIterator=iterator, Limit=1000)
                records = answer["Records"]
                resume = 0
                try:
                    for index, record in enumerate(records):
                        busy = True
                        if self._queue.full():
                            self._flush()
                            resume = index
                        for change in self.placeholders.feed(Change.from_record(region, record)):
                            self._replicate(change)
                    self._flush()
                except Exception:
                    self._queue.clear()
                    if resume < len(records):
                        iterators[shard] = self._streams[region].get_shard_iterator(
                            StreamArn=self.stream_arns[region],
                            ShardId=shard,
                            ShardIteratorType="AT_SEQUENCE_NUMBER",
                            SequenceNumber=records[resume]["dynamodb"]["SequenceNumber"],
                        )["ShardIterator"]
                    raise
                iterators[shard] = answer["NextShardIterator"]
        for change in self.placeholders.end_round():
            self._replicate(change)
        self._flush()
        return busy

    def _replicate(self, change: Change) -> None:
        winner, writes = self.ledger.observe(change)
        for n, write in enumerate(writes):
            if not self._queue.accepts(write):
                self._flush()
            self._queue.add(write, change.created_ms if n == 0 else None, winner)

    def _flush(self) -> None:
        """Send every queued write, in order per region; then tell the ledger and the stats."""
        for region, queued in self._queue.by_region.items():
            dynamodb = self._dynamodb[region]
            puts: list[_Queued] = []
            for item in [*queued, None]:
                if item is not None and item.write.image is not None:
                    puts.append(item)
                    continue
                self._put_batch(dynamodb, puts)
                puts = []
                if item is not None:
                    self._delete(dynamodb, item.write)
        done_ms = time.time() * 1000
        with self.lock:
            for item in self._queue.all():
                if item.created_ms is None:
                    continue
                if item.winner:
                    self.stats.applied += 1
                    self.stats.lag_ms.append(max(0.0, done_ms - item.created_ms))
                else:
                    self.stats.repairs += 1
        self._queue.clear()

    def _put_batch(self, dynamodb: Any, puts: list[_Queued]) -> None:
        if not puts:
            return
        requests = [{"PutRequest": {"Item": item.write.image}} for item in puts]
        for _ in range(BATCH_ATTEMPTS):
            answer = dynamodb.batch_write_item(RequestItems={self.table_name: requests})
            requests = answer.get("UnprocessedItems", {}).get(self.table_name, [])
            if not requests:
                break
        else:
            raise RuntimeError(f"{len(requests)} replicated writes stayed unprocessed")
        for item in puts:
            self.ledger.wrote(item.write)

    def _delete(self, dynamodb: Any, write: Write) -> None:
        old = dynamodb.delete_item(
            TableName=self.table_name, Key=write.keys, ReturnValues="ALL_OLD"
        )
        if old.get("Attributes"):  # moto appends no record for a delete of nothing
            self.ledger.wrote(write)


@dataclass
class _Queued:
    write: Write
    created_ms: int | None
    """The change's stream time, on the first write a change calls for (counted once)."""
    winner: bool


class _WriteQueue:
    """Writes waiting to be sent, per target region, in order; no key twice in one batch."""

    def __init__(self) -> None:
        self.by_region: dict[str, list[_Queued]] = {}
        self._keys: set[tuple[str, str]] = set()

    def accepts(self, write: Write) -> bool:
        return (write.region, fingerprint(write.keys)) not in self._keys and not self.full()

    def full(self) -> bool:
        return any(len(queued) >= BATCH_LIMIT for queued in self.by_region.values())

    def add(self, write: Write, created_ms: int | None, winner: bool) -> None:
        self._keys.add((write.region, fingerprint(write.keys)))
        self.by_region.setdefault(write.region, []).append(_Queued(write, created_ms, winner))

    def all(self) -> list[_Queued]:
        return [item for queued in self.by_region.values() for item in queued]

    def clear(self) -> None:
        self.by_region.clear()
        self._keys.clear()
