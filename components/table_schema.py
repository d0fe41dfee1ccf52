"""The one definition of the API's table: the component's global table and the local runtime's
per-region tables are both built from it, so they cannot drift apart."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from multi_region_api.handlers.contract import PARTITION_KEY, TTL_ATTRIBUTE

from .app_args import IndexSettings

STREAM_VIEW_TYPE = "NEW_AND_OLD_IMAGES"
BILLING_MODE = "PAY_PER_REQUEST"
ATTRIBUTES: tuple[tuple[str, str], ...] = ((PARTITION_KEY, "S"),)


def attributes(indexes: Sequence[IndexSettings] = ()) -> tuple[tuple[str, str], ...]:
    """Every key attribute of the table and its indexes, once each, in a stable order (the
    app's validation already refused one attribute with two types)."""
    extra = {a: t for index in indexes for a, t in index.attributes if a != PARTITION_KEY}
    return ATTRIBUTES + tuple(sorted(extra.items()))


def key_schema(index: IndexSettings) -> list[tuple[str, str]]:
    """(attribute, ``HASH``/``RANGE``) of an index."""
    keys = [(index.partition_key, "HASH")]
    if index.sort_key is not None:
        keys.append((index.sort_key, "RANGE"))
    return keys


def boto3_create_table_kwargs(
    table_name: str, indexes: Sequence[IndexSettings] = ()
) -> dict[str, Any]:
    """``create_table`` arguments for one regional table (the local runtime, handler tests)."""
    kwargs: dict[str, Any] = {
        "TableName": table_name,
        "KeySchema": [{"AttributeName": PARTITION_KEY, "KeyType": "HASH"}],
        "AttributeDefinitions": [
            {"AttributeName": name, "AttributeType": kind} for name, kind in attributes(indexes)
        ],
        "BillingMode": BILLING_MODE,
        "StreamSpecification": {"StreamEnabled": True, "StreamViewType": STREAM_VIEW_TYPE},
    }
    if indexes:
        kwargs["GlobalSecondaryIndexes"] = [
            {
                "IndexName": index.name,
                "KeySchema": [{"AttributeName": a, "KeyType": k} for a, k in key_schema(index)],
                "Projection": {
                    "ProjectionType": index.projection,
                    **(
                        {"NonKeyAttributes": list(index.non_key_attributes)}
                        if index.non_key_attributes
                        else {}
                    ),
                },
            }
            for index in indexes
        ]
    return kwargs


def boto3_ttl_kwargs(table_name: str) -> dict[str, Any]:
    """``update_time_to_live`` arguments matching the component's TTL setting."""
    return {
        "TableName": table_name,
        "TimeToLiveSpecification": {"Enabled": True, "AttributeName": TTL_ATTRIBUTE},
    }
