"""The one definition of the API's table: the component's global table and the local runtime's
per-region tables are both built from it, so they cannot drift apart."""

from __future__ import annotations

from typing import Any

from ..handlers.contract import PARTITION_KEY, TTL_ATTRIBUTE

STREAM_VIEW_TYPE = "NEW_AND_OLD_IMAGES"
BILLING_MODE = "PAY_PER_REQUEST"
ATTRIBUTES: tuple[tuple[str, str], ...] = ((PARTITION_KEY, "S"),)


def boto3_create_table_kwargs(table_name: str) -> dict[str, Any]:
    """``create_table`` arguments for one regional table (the local runtime, handler tests)."""
    return {
        "TableName": table_name,
        "KeySchema": [{"AttributeName": PARTITION_KEY, "KeyType": "HASH"}],
        "AttributeDefinitions": [
            {"AttributeName": name, "AttributeType": kind} for name, kind in ATTRIBUTES
        ],
        "BillingMode": BILLING_MODE,
        "StreamSpecification": {"StreamEnabled": True, "StreamViewType": STREAM_VIEW_TYPE},
    }


def boto3_ttl_kwargs(table_name: str) -> dict[str, Any]:
    """``update_time_to_live`` arguments matching the component's TTL setting."""
    return {
        "TableName": table_name,
        "TimeToLiveSpecification": {"Enabled": True, "AttributeName": TTL_ATTRIBUTE},
    }
