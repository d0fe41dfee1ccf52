"""Replication decisions, replayed against in-memory regional tables with their streams."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from multi_region_api.handlers import contract
from multi_region_api.local_runtime.replication import (
    Change,
    Ledger,
    MotoPlaceholders,
    Replicator,
    Write,
    percentile,
)

A, B = "us-east-1", "us-west-2"


def _key(pk: str) -> dict[str, Any]:
    return {contract.PARTITION_KEY: {"S": pk}}


def _image(pk: str, value: str) -> dict[str, Any]:
    return {contract.PARTITION_KEY: {"S": pk}, "v": {"S": value}}


class Cluster:
    """Tables and streams for each region; the ledger decides, the cluster applies."""

    def __init__(self) -> None:
        self.ledger = Ledger((A, B))
        self.tables: dict[str, dict[str, Any]] = {A: {}, B: {}}
        self.streams: dict[str, list[Change]] = {A: [], B: []}
        self.read = {A: 0, B: 0}
        self.now_ms = 1_000
        self.replicator_writes = 0

    def write(self, region: str, pk: str, value: str | None, at_ms: int | None = None) -> None:
        """A handler's write (``value`` None: delete) with its stream record."""
        self.now_ms = at_ms if at_ms is not None else self.now_ms + 1
        self._store(region, pk, _image(pk, value) if value is not None else None)

    def _store(self, region: str, pk: str, image: dict[str, Any] | None) -> bool:
        table = self.tables[region]
        existed = pk in table
        if image is None and not existed:
            return False  # like DynamoDB: deleting nothing appends no stream record
        if image is None:
            del table[pk]
        else:
            table[pk] = image
        event = "REMOVE" if image is None else "MODIFY" if existed else "INSERT"
        self.streams[region].append(Change(region, event, _key(pk), image, self.now_ms))
        return True

    def pump(self, order: tuple[str, ...] = (A, B), rounds: int = 20) -> None:
        """Follow the streams in ``order`` until nothing is left; bounded so a loop fails."""
        for _ in range(rounds):
            busy = False
            for region in order:
                while self.read[region] < len(self.streams[region]):
                    change = self.streams[region][self.read[region]]
                    self.read[region] += 1
                    busy = True
                    for write in self.ledger.observe(change)[1]:
                        self._apply(write)
            if not busy:
                return
        raise AssertionError("replication did not settle: an echo loop")

    def _apply(self, write: Write) -> None:
        self.now_ms += 1
        self.replicator_writes += 1
        if self._store(write.region, write.keys[contract.PARTITION_KEY]["S"], write.image):
            self.ledger.wrote(write)


def test_insert_modify_and_delete_reach_the_other_region_once() -> None:
    cluster = Cluster()
    cluster.write(A, "x", "1")
    cluster.pump()
    assert cluster.tables[B]["x"] == _image("x", "1")
    cluster.write(B, "x", "2")
    cluster.pump()
    assert cluster.tables[A]["x"] == _image("x", "2")
    cluster.write(A, "x", None)
    cluster.pump()
    assert cluster.tables == {A: {}, B: {}}
    assert cluster.replicator_writes == 3  # one per change: no echo was replicated back


def test_later_write_wins_even_when_the_older_one_is_replicated_on_top_of_it() -> None:
    cluster = Cluster()
    cluster.write(A, "x", "old", at_ms=100)
    cluster.write(B, "x", "new", at_ms=110)
    cluster.pump(order=(A, B))  # A's older write lands in B after B's newer local write
    assert cluster.tables[A]["x"] == cluster.tables[B]["x"] == _image("x", "new")


def test_same_millisecond_conflict_is_broken_by_region_name() -> None:
    for order in ((A, B), (B, A)):
        cluster = Cluster()
        cluster.write(A, "x", "from-a", at_ms=100)
        cluster.write(B, "x", "from-b", at_ms=100)
        cluster.pump(order=order)
        assert cluster.tables[A]["x"] == cluster.tables[B]["x"] == _image("x", "from-b")


def test_a_write_after_a_replicated_one_wins_within_the_same_millisecond() -> None:
    cluster = Cluster()
    cluster.write(B, "x", "first", at_ms=100)
    cluster.pump()
    cluster.write(A, "x", "second", at_ms=100)  # stamped in the same ms as the first write
    cluster.pump()
    assert cluster.tables[A]["x"] == cluster.tables[B]["x"] == _image("x", "second")


def test_delete_against_a_later_put_keeps_the_put() -> None:
    cluster = Cluster()
    cluster.write(A, "x", "1")
    cluster.pump()
    cluster.write(A, "x", None, at_ms=200)
    cluster.write(B, "x", "2", at_ms=210)
    cluster.pump()
    assert cluster.tables[A]["x"] == cluster.tables[B]["x"] == _image("x", "2")


def test_many_interleaved_writes_converge() -> None:
    cluster = Cluster()
    for i in range(30):
        cluster.write(A if i % 2 else B, f"k{i % 4}", str(i), at_ms=1_000 + i // 3)
        if i % 7 == 0:
            cluster.pump(order=(B, A))
    cluster.pump()
    assert cluster.tables[A] == cluster.tables[B]
    assert cluster.tables[A]["k1"] == _image("k1", "29")


def test_moto_key_only_insert_before_the_real_one_is_dropped() -> None:
    placeholders = MotoPlaceholders()
    key_only = Change(A, "INSERT", _key("h"), _key("h"), 100)
    real = Change(A, "INSERT", _key("h"), _image("h", "1"), 100)
    assert placeholders.feed(key_only) == []
    assert placeholders.feed(real) == [real]
    assert placeholders.end_round() == []
    assert placeholders.end_round() == []


def test_genuine_key_only_insert_is_released_in_order() -> None:
    placeholders = MotoPlaceholders()
    key_only = Change(A, "INSERT", _key("h"), _key("h"), 100)
    update = Change(A, "MODIFY", _key("h"), _image("h", "1"), 101)
    assert placeholders.feed(key_only) == []
    assert placeholders.feed(update) == [key_only, update]
    lonely = Change(B, "INSERT", _key("k"), _key("k"), 102)
    assert placeholders.feed(lonely) == []
    assert placeholders.end_round() == []  # the real INSERT may still be on its way
    assert placeholders.end_round() == [lonely]


def test_change_from_a_stream_record() -> None:
    created = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    record = {
        "eventName": "REMOVE",
        "dynamodb": {
            "ApproximateCreationDateTime": created,
            "Keys": _key("x"),
            "OldImage": _image("x", "1"),
        },
    }
    change = Change.from_record(B, record)
    assert (change.region, change.event, change.image) == (B, "REMOVE", None)
    assert change.keys == _key("x")
    assert change.created_ms == int(created.timestamp() * 1000)


def test_percentile_is_nearest_rank() -> None:
    samples = [float(n) for n in range(1, 101)]
    assert percentile(samples, 50) == 50.0
    assert percentile(samples, 99) == 99.0
    assert percentile([], 50) is None


class _FakeStreams:
    """One shard per region; iterators are positions in the region's record list."""

    def __init__(self, records: list[dict[str, Any]]) -> None:
        self.records = records

    def describe_stream(self, StreamArn: str) -> dict[str, Any]:
        return {"StreamDescription": {"Shards": [{"ShardId": "shard-0"}]}}

    def get_shard_iterator(self, **kwargs: str) -> dict[str, str]:
        if kwargs["ShardIteratorType"] == "TRIM_HORIZON":
            return {"ShardIterator": "0"}
        numbers = [r["dynamodb"]["SequenceNumber"] for r in self.records]
        return {"ShardIterator": str(numbers.index(kwargs["SequenceNumber"]))}

    def get_records(self, ShardIterator: str, Limit: int) -> dict[str, Any]:
        start = int(ShardIterator)
        return {"Records": self.records[start:], "NextShardIterator": str(len(self.records))}


class _FlakyDynamoDB:
    """Fails the batch writes whose (0-based) call numbers are in ``failing``."""

    def __init__(self, failing: set[int]) -> None:
        self.failing = failing
        self.calls = 0
        self.puts: list[dict[str, Any]] = []

    def batch_write_item(self, RequestItems: dict[str, list[Any]]) -> dict[str, Any]:
        self.calls += 1
        if self.calls - 1 in self.failing:
            raise ConnectionError("moto went away for a moment")
        [requests] = RequestItems.values()
        assert len(requests) <= 25
        self.puts += [request["PutRequest"]["Item"] for request in requests]
        return {"UnprocessedItems": {}}


def _record(sequence: str, pk: str) -> dict[str, Any]:
    return {
        "eventName": "INSERT",
        "dynamodb": {
            "ApproximateCreationDateTime": dt.datetime.now(dt.UTC),
            "Keys": _key(pk),
            "NewImage": _image(pk, "1"),
            "SequenceNumber": sequence,
        },
    }


def test_a_failed_batch_is_retried_from_its_first_record_and_nothing_before_it_repeats() -> None:
    """30 changes: a batch of 25 is sent, the batch of the last 5 fails, and only those 5 are
    sent again on the next poll."""
    records = [_record(str(n), f"k{n}") for n in range(30)]
    streams = {A: _FakeStreams(records), B: _FakeStreams([])}
    dynamodb = {A: _FlakyDynamoDB(set()), B: _FlakyDynamoDB({1})}
    clients: dict[str, Any] = {"dynamodbstreams": streams, "dynamodb": dynamodb}
    replicator = Replicator("t", {A: "arn-a", B: "arn-b"}, lambda s, r: clients[s][r])
    replicator.open_streams()
    with pytest.raises(ConnectionError):
        replicator.poll_once()
    expected = [_image(f"k{n}", "1") for n in range(30)]
    assert dynamodb[B].puts == expected[:25]
    assert replicator.poll_once()
    assert dynamodb[B].puts == expected
    assert dynamodb[B].calls == 3
    assert not replicator.poll_once()  # nothing left, nothing repeated
    assert replicator.snapshot()["appliedChanges"] == 30
