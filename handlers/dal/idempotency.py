"""``IDEMPOTENCY#orders.create#…``: Powertools idempotency records (``status``, ``data``,
``validation``, ``expires_at`` TTL), the same key in every region so a retry after failover finds
the replicated record.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from ..contract import PARTITION_KEY, TTL_ATTRIBUTE
from .table import Table

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.idempotency import DynamoDBPersistenceLayer

IDEMPOTENCY_PREFIX = "IDEMPOTENCY#orders.create"


@cache
def persistence_layer(table: Table) -> DynamoDBPersistenceLayer:
    """Powertools' DynamoDB layer on the API client (its timeouts and retries)."""
    from aws_lambda_powertools.utilities.idempotency import DynamoDBPersistenceLayer

    return DynamoDBPersistenceLayer(
        table_name=table.name,
        key_attr=PARTITION_KEY,
        expiry_attr=TTL_ATTRIBUTE,
        boto3_client=table.client,
    )
