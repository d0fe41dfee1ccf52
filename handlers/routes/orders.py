"""``/orders``: each order is written in its home region, read anywhere."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Path

from ..config import get_config
from ..logic import orders
from ..models import ID_MAX_LENGTH, ID_PATTERN, Order, OrderCreate, OrderUpdate
from .docs import COMMON, errors, ok
from .identity import IdempotencyKey, caller

router = Router()

OrderId = Annotated[
    str,
    Path(min_length=1, max_length=ID_MAX_LENGTH, pattern=ID_PATTERN, description="order id"),
]


@router.post(
    "/orders",
    summary="Create an order homed in this region",
    responses={
        **ok("Created; Location points at the order in its home region", Order, 201),
        **errors(*COMMON, 409),
    },
    tags=["orders"],
)
def post_order(order: OrderCreate, idempotency_key: IdempotencyKey = None) -> Response[Order]:
    created = orders.create_order(
        get_config(), order, idempotency_key, caller(router), router.lambda_context
    )
    return Response(
        status_code=201,
        content_type="application/json",
        body=created,
        headers={"Location": orders.location(created)},
    )


@router.get(
    "/orders/<order_id>",
    summary="Read an order from this region's replica",
    responses={**ok("The order", Order), **errors(*COMMON, 404)},
    tags=["orders"],
)
def get_order(order_id: OrderId) -> Order:
    return orders.get_order(get_config(), order_id)


@router.patch(
    "/orders/<order_id>",
    summary="Update an order in its home region, conditional on version",
    description="Elsewhere: 409 wrong_region with homeRegion, homeUrl and a Location header. "
    "In the home region: 409 version_conflict when the given version is stale.",
    responses={**ok("Updated (version + 1)", Order), **errors(*COMMON, 404, 409)},
    tags=["orders"],
)
def patch_order(order_id: OrderId, change: OrderUpdate) -> Order:
    return orders.update_order(get_config(), order_id, change)
