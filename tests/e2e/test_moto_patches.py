"""The patched moto server (``moto_patches``): streams read past are trimmed without breaking
iterators or sequence numbers, a cancelled transaction leaves neither items nor records, and
concurrent writes to one item are each applied whole."""

from __future__ import annotations

import os
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import requests
from botocore.exceptions import ClientError
from multi_region_api.handlers import contract
from multi_region_api.local_runtime.child_process import ChildProcess
from multi_region_api.local_runtime.ports import free_port
from multi_region_api.local_runtime.tables import client, create_tables

from tests.e2e.runtime_support import ROOT

REGION = "us-east-1"
TABLE = "patched"


@pytest.fixture(scope="module")
def moto_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = free_port()
    log: Path = tmp_path_factory.mktemp("moto") / "moto.log"
    env = {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(ROOT)}
    moto = ChildProcess(
        "moto server", "multi_region_api.local_runtime.moto_server", ["--port", str(port)], env, log
    )
    moto.start(30)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        moto.stop()


@pytest.fixture(scope="module")
def stream(moto_url: str) -> tuple[Any, Any, str]:
    arn = create_tables((REGION,), TABLE, moto_url)[REGION]
    return client("dynamodb", REGION, moto_url), client("dynamodbstreams", REGION, moto_url), arn


def _iterator(streams: Any, arn: str, kind: str) -> str:
    shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
    answer = streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType=kind)
    return str(answer["ShardIterator"])


def _put(dynamodb: Any, key: str) -> None:
    dynamodb.put_item(TableName=TABLE, Item={contract.PARTITION_KEY: {"S": key}})


def _keys(records: list[dict[str, Any]]) -> list[str]:
    return [r["dynamodb"]["Keys"][contract.PARTITION_KEY]["S"] for r in records]


def test_a_reader_keeps_its_place_while_what_it_read_is_trimmed(
    stream: tuple[Any, Any, str],
) -> None:
    dynamodb, streams, arn = stream
    iterator = _iterator(streams, arn, "TRIM_HORIZON")
    sequences: list[int] = []
    for round_ in range(3):
        for n in range(5):
            _put(dynamodb, f"r{round_}-{n}")
        answer = streams.get_records(ShardIterator=iterator, Limit=1000)
        assert _keys(answer["Records"]) == [f"r{round_}-{n}" for n in range(5)]
        sequences += [int(r["dynamodb"]["SequenceNumber"]) for r in answer["Records"]]
        iterator = answer["NextShardIterator"]
        # The next poll holds a read position: a fresh TRIM_HORIZON starts there now.
        streams.get_records(ShardIterator=iterator, Limit=1000)
        assert (
            streams.get_records(ShardIterator=_iterator(streams, arn, "TRIM_HORIZON"), Limit=1000)[
                "Records"
            ]
            == []
        )
    assert sequences == list(range(sequences[0], sequences[0] + 15))
    _put(dynamodb, "after-latest")
    latest = _iterator(streams, arn, "LATEST")
    _put(dynamodb, "seen")
    assert _keys(streams.get_records(ShardIterator=latest, Limit=10)["Records"]) == ["seen"]


def test_an_idle_poll_loop_reuses_no_growing_state(stream: tuple[Any, Any, str]) -> None:
    """Thousands of empty polls, each with the iterator the last one returned, keep working."""
    _, streams, arn = stream
    iterator = _iterator(streams, arn, "LATEST")
    first = iterator
    for _ in range(600):
        iterator = streams.get_records(ShardIterator=iterator, Limit=1000)["NextShardIterator"]
    with pytest.raises(ClientError):  # long evicted, like an expired iterator on AWS
        streams.get_records(ShardIterator=first, Limit=1000)


def test_a_cancelled_transaction_leaves_no_item_and_no_stream_record(
    stream: tuple[Any, Any, str],
) -> None:
    dynamodb, streams, arn = stream
    key = contract.PARTITION_KEY
    _put(dynamodb, "kept")
    iterator = _iterator(streams, arn, "LATEST")
    with pytest.raises(ClientError, match="TransactionCanceled"):
        dynamodb.transact_write_items(
            TransactItems=[
                {"Put": {"TableName": TABLE, "Item": {key: {"S": "new"}, "v": {"N": "1"}}}},
                {"Put": {"TableName": TABLE, "Item": {key: {"S": "kept"}, "v": {"N": "2"}}}},
                {
                    "ConditionCheck": {
                        "TableName": TABLE,
                        "Key": {key: {"S": "missing"}},
                        "ConditionExpression": "attribute_exists(#k)",
                        "ExpressionAttributeNames": {"#k": key},
                    }
                },
            ]
        )
    assert "Item" not in dynamodb.get_item(TableName=TABLE, Key={key: {"S": "new"}})
    kept = dynamodb.get_item(TableName=TABLE, Key={key: {"S": "kept"}})["Item"]
    assert "v" not in kept
    assert streams.get_records(ShardIterator=iterator, Limit=10)["Records"] == []
    dynamodb.transact_write_items(
        TransactItems=[
            {"Put": {"TableName": TABLE, "Item": {key: {"S": "new"}, "v": {"N": "3"}}}},
            {"Update": {
                "TableName": TABLE,
                "Key": {key: {"S": "kept"}},
                "UpdateExpression": "SET v = :v",
                "ExpressionAttributeValues": {":v": {"N": "4"}},
            }},
        ]
    )  # fmt: skip
    records = streams.get_records(ShardIterator=iterator, Limit=10)["Records"]
    assert _keys(records) == ["new", "kept"]
    assert dynamodb.get_item(TableName=TABLE, Key={key: {"S": "kept"}})["Item"]["v"] == {"N": "4"}


def test_moto_keeps_no_reference_to_every_object_it_made(
    moto_url: str, stream: tuple[Any, Any, str]
) -> None:
    """Unpatched, ``/moto-api/data.json`` lists every item version and stream record ever made."""
    dynamodb, _, _ = stream
    for n in range(20):
        _put(dynamodb, f"tracked-{n}")
    tracked = requests.get(f"{moto_url}/moto-api/data.json", timeout=30).json()["dynamodb"]
    assert tracked["StreamRecord"] == []
    assert tracked["StreamShard"] == []


def _increment(kind: str, token: str) -> dict[str, Any]:
    """An UpdateItem adding 1 to ``n``: plain, or the hits counter's (``handlers/dal/hits.py``)."""
    if kind == "plain":
        return {
            "UpdateExpression": "ADD #n :one",
            "ConditionExpression": "attribute_exists(#pad)",
            "ExpressionAttributeNames": {"#n": "n", "#pad": "pad"},
            "ExpressionAttributeValues": {":one": {"N": "1"}},
        }
    return {
        "UpdateExpression": "ADD #n :one SET #t = list_append(if_not_exists(#t, :none), :tok)",
        "ConditionExpression": "NOT contains(#t, :token)",
        "ExpressionAttributeNames": {"#n": "n", "#t": "t"},
        "ExpressionAttributeValues": {
            ":one": {"N": "1"},
            ":none": {"L": []},
            ":tok": {"L": [{"S": token}]},
            ":token": {"S": token},
        },
    }


@pytest.mark.parametrize("kind", ["plain", "hits"])
def test_concurrent_increments_of_one_item_are_each_applied_once(
    moto_url: str, stream: tuple[Any, Any, str], kind: str
) -> None:
    """8 threads increment one item: every call is kept and sees its own count, as on DynamoDB.

    The item carries a 1,000-element attribute, so each write takes milliseconds, as a large item
    would: unpatched, a few hundred calls lose increments within seconds instead of 1 in ~900.
    """
    dynamodb, _, _ = stream
    threads, calls = 8, 25
    key = {contract.PARTITION_KEY: {"S": f"counter-{kind}"}}
    padding = {"L": [{"S": f"p{n}"} for n in range(1000)]}
    dynamodb.put_item(TableName=TABLE, Item={**key, "pad": padding})

    def increment(thread: int) -> list[int]:
        own = client("dynamodb", REGION, moto_url)
        counts = []
        for n in range(calls):
            answer = own.update_item(
                TableName=TABLE,
                Key=key,
                ReturnValues="UPDATED_NEW",
                **_increment(kind, f"{thread}-{n}"),
            )
            counts.append(int(answer["Attributes"].get("n", {"N": "0"})["N"]))
        return counts

    with ThreadPoolExecutor(max_workers=threads) as pool:
        counts = sorted(c for done in pool.map(increment, range(threads)) for c in done)
    stored = dynamodb.get_item(TableName=TABLE, Key=key)["Item"]
    assert int(stored["n"]["N"]) == threads * calls, "increments were lost"
    assert counts == list(range(1, threads * calls + 1)), "calls saw another call's count"
    if kind == "hits":
        assert len(stored["t"]["L"]) == threads * calls, "tokens were lost"
