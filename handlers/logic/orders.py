"""Orders: each order is written only in its home region, the region that created it.

Reads work anywhere (replicas). An update elsewhere is refused with ``WrongRegion`` and a pointer
to the home region, and in the home region it is conditional on the ``version`` the client read,
so two writers can never silently overwrite each other.

Exactly once, under botocore's retries and the client's:

- With an ``Idempotency-Key`` the order id is derived from the key (and the caller), so every
  attempt, in any region, writes the same item; the insert is conditional, and an attempt that
  finds the id taken by the same request body replays that order (a different body is
  ``IdempotencyKeyReused``). Two regions given the same key converge on one order when the global
  table replicates. Powertools idempotency records in front of it answer a completed request's
  retry with its stored result; their key prefix is the same in every region (the default would
  contain the per-region function name). An attempt that meets an *in-progress* record (its own,
  written by a first attempt whose answer was lost, or a concurrent client retry) does not answer
  409: it runs the same conditional insert, which is safe because the id is the same.
- Without a key the id is random per request, and a repeated insert recognises its own body.
- An update is named by the version it read and the fields it sets (``lastChange`` on the item):
  a refused update whose item shows that very change one version on reports success.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING, Any

from ..config import Config
from ..dal import orders
from ..dal.idempotency import IDEMPOTENCY_PREFIX, persistence_layer
from ..dal.table import Table, get_table
from ..exceptions import (
    IdempotencyKeyReused,
    NotFound,
    StorageUnavailable,
    VersionConflict,
    WrongRegion,
)
from ..models import Order, OrderCreate, OrderStatus, OrderUpdate
from . import tokens
from .clock import now_iso

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.typing import LambdaContext

IDEMPOTENCY_TTL_SECONDS = 24 * 3600


def create_order(
    config: Config,
    payload: OrderCreate,
    idempotency_key: str | None,
    caller: str,
    lambda_context: LambdaContext | None,
) -> Order:
    table = get_table(config.table_name, config.region)
    order_in = payload.model_dump(mode="json")
    if idempotency_key is None:
        return Order(**_insert(config, table, order_in, uuid.uuid4().hex))
    from aws_lambda_powertools.utilities.idempotency.exceptions import (
        IdempotencyAlreadyInProgressError,
        IdempotencyPersistenceLayerError,
        IdempotencyValidationError,
    )

    order_id = tokens.order_id(idempotency_key, caller)
    create, idempotency_config = _idempotent_create(table, config)
    if lambda_context is not None:
        idempotency_config.register_lambda_context(lambda_context)
    try:
        stored = create(request={"key": order_id, "order": order_in})
    except IdempotencyValidationError:
        raise IdempotencyKeyReused from None
    except IdempotencyAlreadyInProgressError:
        stored = _insert(config, table, order_in, order_id)
    except IdempotencyPersistenceLayerError as exc:
        raise StorageUnavailable("the idempotency store is not reachable") from exc
    return Order(**stored)


@cache
def _idempotent_create(table: Table, config: Config) -> tuple[Callable[..., Any], Any]:
    """Build the idempotent insert once per container (importing the utility pulls in boto3)."""
    from aws_lambda_powertools.utilities.idempotency import IdempotencyConfig, idempotent_function

    idempotency_config = IdempotencyConfig(
        event_key_jmespath="key",
        payload_validation_jmespath="order",
        raise_on_no_idempotency_key=True,
        expires_after_seconds=IDEMPOTENCY_TTL_SECONDS,
    )

    def insert(request: dict[str, Any]) -> dict[str, Any]:
        return _insert(config, table, request["order"], request["key"])

    create = idempotent_function(
        insert,
        data_keyword_argument="request",
        persistence_store=persistence_layer(table),
        config=idempotency_config,
        key_prefix=IDEMPOTENCY_PREFIX,
    )
    return create, idempotency_config


def _insert(
    config: Config, table: Table, order_in: dict[str, Any], order_id: str
) -> dict[str, Any]:
    """The order stored under ``order_id``, as JSON: this request's, or its earlier attempt's."""
    now = now_iso()
    record = orders.OrderRecord(
        id=order_id,
        home_region=config.region,
        version=1,
        status=OrderStatus.OPEN.value,
        customer=order_in["customer"],
        lines=order_in["lines"],
        note=order_in["note"],
        created_at=now,
        updated_at=now,
        request_hash=tokens.body_hash(order_in),
    )
    stored = orders.create(table, record)
    if stored.request_hash != record.request_hash:
        raise IdempotencyKeyReused
    return _model(config, stored).model_dump(mode="json")


def _model(config: Config, record: orders.OrderRecord) -> Order:
    home = record.home_region
    return Order(
        id=record.id,
        homeRegion=home,
        homeUrl=config.url_of(home) if home in config.region_urls else "",
        version=record.version,
        status=OrderStatus(record.status),
        customer=record.customer,
        lines=record.lines,  # type: ignore[arg-type]  # validated into OrderLine
        note=record.note,
        createdAt=record.created_at,
        updatedAt=record.updated_at,
    )


def location(order: Order) -> str:
    return f"{order.homeUrl}/orders/{order.id}"


def get_order(config: Config, order_id: str) -> Order:
    found = orders.get(get_table(config.table_name, config.region), order_id)
    if found is None:
        raise NotFound(f"order {order_id}")
    return _model(config, found)


def update_order(config: Config, order_id: str, change: OrderUpdate) -> Order:
    """One conditional write; a refusal is explained from the item it returns, never re-read."""
    changes = change.model_dump(mode="json", include={"status", "note"}, exclude_none=True)
    token = tokens.change_token(change.version, changes)
    table = get_table(config.table_name, config.region)
    try:
        updated = orders.update(table, order_id, change.version, changes, token, now_iso())
    except orders.UpdateRefused as refused:
        current = refused.current
        if current is None:
            raise NotFound(f"order {order_id}") from None
        if current.home_region != config.region:
            home = current.home_region
            home_url = config.url_of(home) if home in config.region_urls else ""
            raise WrongRegion(
                home, home_url, f"{home_url}/orders/{order_id}", f"order {order_id}"
            ) from None
        if current.last_change != token or current.version != change.version + 1:
            raise VersionConflict(f"order {order_id}", current.version) from None
        updated = current  # this very change was applied by an earlier attempt
    return _model(config, updated)
