"""An insert applied exactly once per ``Idempotency-Key``, in any region, built on Powertools.

With a key, the record's id is derived from the key and the caller (``tokens.id_from_key``), so
every attempt in every region writes the same item; the insert itself must be conditional and
recognise its own body (see ``tokens``). Powertools idempotency records in front of it answer a
completed request's retry with its stored result. They live in the application's table under
``_mra#IDEMPOTENCY#<name>#<hash>`` (``RESERVED_KEY_PREFIX``, TTL ``expires_at``), the same key in
every region (Powertools' default would contain the per-region function name), so a retry after
a failover finds the replicated record. An attempt that meets an *in-progress* record (its own,
written by a first attempt whose answer was lost, or a concurrent client retry) does not answer
409: it runs the same conditional insert, which is safe because the id is the same.

Without a key the id is random per request, and the conditional insert alone makes botocore's
retry of it harmless.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from functools import cache
from typing import TYPE_CHECKING, Any

from multi_region_api.handlers.contract import PARTITION_KEY, RESERVED_KEY_PREFIX, TTL_ATTRIBUTE

from .errors import IdempotencyKeyReused, StorageUnavailable
from .table import Table
from .tokens import id_from_key

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.idempotency import (
        DynamoDBPersistenceLayer,
        IdempotencyConfig,
    )
    from aws_lambda_powertools.utilities.typing import LambdaContext

# Long enough for any client's retries; DynamoDB's TTL removes the records after it.
IDEMPOTENCY_TTL_SECONDS = 24 * 3600

Json = dict[str, Any]
# ``insert(record_id, body)``: the record stored under ``record_id``, as JSON (this request's, or
# its earlier attempt's); raises ``IdempotencyKeyReused`` when another body made it.
Insert = Callable[[str, Json], Json]


@cache
def persistence_layer(table: Table) -> DynamoDBPersistenceLayer:
    """Powertools' DynamoDB layer on the table's client (its timeouts and retries)."""
    from aws_lambda_powertools.utilities.idempotency import DynamoDBPersistenceLayer

    return DynamoDBPersistenceLayer(
        table_name=table.name,
        key_attr=PARTITION_KEY,
        expiry_attr=TTL_ATTRIBUTE,
        boto3_client=table.client,
    )


def create_once(
    table: Table,
    name: str,
    body: Mapping[str, Any],
    insert: Insert,
    idempotency_key: str | None,
    caller: str = "",
    lambda_context: LambdaContext | None = None,
) -> Json:
    """``insert(record_id, body)`` applied once per ``idempotency_key``: the stored record.

    ``name`` scopes both the derived ids and the idempotency records (``"order"``: an order id is
    ``id_from_key("order", key, caller)``). Raises ``IdempotencyKeyReused`` when the key came with
    another body, ``StorageUnavailable`` when the idempotency records cannot be reached.
    """
    if idempotency_key is None:
        return insert(uuid.uuid4().hex, dict(body))
    from aws_lambda_powertools.utilities.idempotency.exceptions import (
        IdempotencyAlreadyInProgressError,
        IdempotencyPersistenceLayerError,
        IdempotencyValidationError,
    )

    record_id = id_from_key(name, idempotency_key, caller)
    guarded, config = _guarded(table, name)
    if lambda_context is not None:
        config.register_lambda_context(lambda_context)
    try:
        # Only ``request`` is hashed and stored; ``insert`` is passed through to ``_run``.
        stored: Json = guarded(request={"key": record_id, "body": dict(body)}, insert=insert)
    except IdempotencyValidationError:
        raise IdempotencyKeyReused from None
    except IdempotencyAlreadyInProgressError:
        return insert(record_id, dict(body))
    except IdempotencyPersistenceLayerError as exc:
        raise StorageUnavailable("the idempotency store is not reachable") from exc
    return stored


def _run(request: Json, insert: Insert) -> Json:
    return insert(request["key"], request["body"])


@cache
def _guarded(table: Table, name: str) -> tuple[Callable[..., Json], IdempotencyConfig]:
    """``_run`` behind Powertools' records, built once per container, table and name (importing
    the utility pulls in boto3)."""
    from aws_lambda_powertools.utilities.idempotency import IdempotencyConfig, idempotent_function

    config = IdempotencyConfig(
        event_key_jmespath="key",
        payload_validation_jmespath="body",
        raise_on_no_idempotency_key=True,
        expires_after_seconds=IDEMPOTENCY_TTL_SECONDS,
    )
    guarded = idempotent_function(
        _run,
        data_keyword_argument="request",
        persistence_store=persistence_layer(table),
        config=config,
        key_prefix=f"{RESERVED_KEY_PREFIX}IDEMPOTENCY#{name}",
    )
    return guarded, config
