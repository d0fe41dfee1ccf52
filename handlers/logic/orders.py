"""Orders: each order is written only in its home region, the region that created it.

Reads work anywhere (replicas). An update elsewhere is refused with ``wrong_region`` and a pointer
to the home region, and in the home region it is conditional on the ``version`` the client read,
so two writers can never silently overwrite each other.

``POST /orders`` with an ``Idempotency-Key`` goes through Powertools idempotency. The record's key
prefix is the same in every region (the default would contain the per-region function name), so a
retry that lands in another region after failover finds the replicated record and replays the
same order instead of creating a second one.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING, Any

from ..config import Config
from ..errors import ApiError, not_found, wrong_region
from ..models import Order, OrderCreate, OrderStatus, OrderUpdate
from ..store import IDEMPOTENCY_PREFIX, ConditionFailed, Store, get_store
from .clock import now_iso

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.typing import LambdaContext

IDEMPOTENCY_TTL_SECONDS = 24 * 3600


def create_order(
    config: Config,
    payload: OrderCreate,
    idempotency_key: str | None,
    lambda_context: LambdaContext | None,
) -> Order:
    store = get_store(config.table_name, config.region)
    if idempotency_key is None:
        return Order(**_insert(config, store, payload.model_dump(mode="json")))
    from aws_lambda_powertools.utilities.idempotency.exceptions import (
        IdempotencyAlreadyInProgressError,
        IdempotencyPersistenceLayerError,
        IdempotencyValidationError,
    )

    create, idempotency_config = _idempotent_create(store, config)
    if lambda_context is not None:
        idempotency_config.register_lambda_context(lambda_context)
    try:
        stored = create(request={"key": idempotency_key, "order": payload.model_dump(mode="json")})
    except IdempotencyValidationError:
        raise ApiError(
            422,
            "idempotency_key_reused",
            "this Idempotency-Key was already used with a different request body",
        ) from None
    except IdempotencyAlreadyInProgressError:
        raise ApiError(
            409, "idempotency_in_progress", "a request with this Idempotency-Key is in progress"
        ) from None
    except IdempotencyPersistenceLayerError:
        raise ApiError(
            503, "storage_unavailable", "the idempotency store is not reachable"
        ) from None
    return Order(**stored)


@cache
def _idempotent_create(store: Store, config: Config) -> tuple[Callable[..., Any], Any]:
    """Build the idempotent insert once per container (importing the utility pulls in boto3)."""
    from aws_lambda_powertools.utilities.idempotency import IdempotencyConfig, idempotent_function

    idempotency_config = IdempotencyConfig(
        event_key_jmespath="key",
        payload_validation_jmespath="order",
        raise_on_no_idempotency_key=True,
        expires_after_seconds=IDEMPOTENCY_TTL_SECONDS,
    )

    def insert(request: dict[str, Any]) -> dict[str, Any]:
        return _insert(config, store, request["order"])

    create = idempotent_function(
        insert,
        data_keyword_argument="request",
        persistence_store=store.idempotency_layer,
        config=idempotency_config,
        key_prefix=IDEMPOTENCY_PREFIX,
    )
    return create, idempotency_config


def _insert(config: Config, store: Store, order_in: dict[str, Any]) -> dict[str, Any]:
    now = now_iso()
    order = {
        "id": uuid.uuid4().hex,
        "homeRegion": config.region,
        "version": 1,
        "status": OrderStatus.OPEN.value,
        "createdAt": now,
        "updatedAt": now,
        **order_in,
    }
    store.create_order(order)
    return _with_home_url(config, order)


def _with_home_url(config: Config, order: dict[str, Any]) -> dict[str, Any]:
    return {**order, "homeUrl": config.url_of(order["homeRegion"])}


def location(order: Order) -> str:
    return f"{order.homeUrl}/orders/{order.id}"


def get_order(config: Config, order_id: str) -> Order:
    found = get_store(config.table_name, config.region).get_order(order_id)
    if found is None:
        raise not_found(f"order {order_id}")
    return Order(**_with_home_url(config, found))


def update_order(config: Config, order_id: str, change: OrderUpdate) -> Order:
    store = get_store(config.table_name, config.region)
    current = store.get_order(order_id, consistent=True)
    if current is None:
        raise not_found(f"order {order_id}")
    home = current["homeRegion"]
    if home != config.region:
        home_url = config.url_of(home) if home in config.region_urls else ""
        raise wrong_region(home, home_url, f"{home_url}/orders/{order_id}", f"order {order_id}")
    if current["version"] != change.version:
        raise _version_conflict(order_id, current["version"])
    changes = change.model_dump(mode="json", include={"status", "note"}, exclude_none=True)
    try:
        updated = store.update_order(order_id, change.version, changes, now_iso())
    except ConditionFailed:
        latest = store.get_order(order_id, consistent=True)
        if latest is None:
            raise not_found(f"order {order_id}") from None
        raise _version_conflict(order_id, latest["version"]) from None
    return Order(**_with_home_url(config, updated))


def _version_conflict(order_id: str, current: int) -> ApiError:
    return ApiError(
        409,
        "version_conflict",
        f"order {order_id} is at version {current}; read it again and retry",
        currentVersion=current,
    )
