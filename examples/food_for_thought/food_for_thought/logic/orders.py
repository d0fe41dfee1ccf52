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

from functools import partial
from typing import TYPE_CHECKING, Any

from multi_region_api.runtime import (
    Deployment,
    IdempotencyKeyReused,
    NotFound,
    Table,
    VersionConflict,
    body_hash,
    change_token,
    create_once,
    get_table,
    is_own_update,
)

from ..dal import orders
from ..models import Order, OrderCreate, OrderStatus, OrderUpdate
from .clock import now_iso

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.typing import LambdaContext


def create_order(
    here: Deployment,
    payload: OrderCreate,
    idempotency_key: str | None,
    caller: str,
    lambda_context: LambdaContext | None,
) -> Order:
    """Order ids derived from an ``Idempotency-Key`` are ``id_from_key("order", key, caller)``."""
    table = get_table(here.table_name, here.region)
    stored = create_once(
        table,
        "order",
        payload.model_dump(mode="json"),
        partial(_insert, here, table),
        idempotency_key,
        caller,
        lambda_context,
    )
    return Order(**stored)


def _insert(
    here: Deployment, table: Table, order_id: str, order_in: dict[str, Any]
) -> dict[str, Any]:
    """The order stored under ``order_id``, as JSON: this request's, or its earlier attempt's."""
    now = now_iso()
    record = orders.OrderRecord(
        id=order_id,
        home_region=here.region,
        version=1,
        status=OrderStatus.OPEN.value,
        customer=order_in["customer"],
        lines=order_in["lines"],
        note=order_in["note"],
        created_at=now,
        updated_at=now,
        request_hash=body_hash(order_in),
    )
    stored = orders.create(table, record)
    if stored.request_hash != record.request_hash:
        raise IdempotencyKeyReused
    return _model(here, stored).model_dump(mode="json")


def _model(here: Deployment, record: orders.OrderRecord) -> Order:
    home = record.home_region
    return Order(
        id=record.id,
        homeRegion=home,
        homeUrl=here.url_of(home) if home in here.region_urls else "",
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


def get_order(here: Deployment, order_id: str) -> Order:
    found = orders.get(get_table(here.table_name, here.region), order_id)
    if found is None:
        raise NotFound(f"order {order_id}")
    return _model(here, found)


def update_order(here: Deployment, order_id: str, change: OrderUpdate) -> Order:
    """One conditional write; a refusal is explained from the item it returns, never re-read."""
    changes = change.model_dump(mode="json", include={"status", "note"}, exclude_none=True)
    token = change_token(change.version, changes)
    table = get_table(here.table_name, here.region)
    try:
        updated = orders.update(table, order_id, change.version, changes, token, now_iso())
    except orders.UpdateRefused as refused:
        current = refused.current
        if current is None:
            raise NotFound(f"order {order_id}") from None
        if current.home_region != here.region:
            raise here.wrong_region(
                current.home_region, f"/orders/{order_id}", f"order {order_id}"
            ) from None
        if not is_own_update(
            expected_version=change.version,
            token=token,
            current_version=current.version,
            current_token=current.last_change,
        ):
            raise VersionConflict(f"order {order_id}", current.version) from None
        updated = current  # this very change was applied by an earlier attempt
    return _model(here, updated)
