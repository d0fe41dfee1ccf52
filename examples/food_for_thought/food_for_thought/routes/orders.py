"""``/orders``: each order is written in its home region, read anywhere."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Path

from multi_region_api.runtime import (
    COMMON_ERRORS,
    ID_MAX_LENGTH,
    ID_PATTERN,
    IdempotencyKey,
    caller,
    deployment,
    error_responses,
    link,
    response,
)

from ..logic import orders
from ..models import Order, OrderCreate, OrderUpdate

router = Router()

# OpenAPI links: what a client (or a stateful test) can do next with the answer's ``id``.
_BY_ID = {"order_id": "$response.body#/id"}
_GET = link("/orders/{order_id}", "get", _BY_ID)
_UPDATE = link("/orders/{order_id}", "patch", _BY_ID)

OrderId = Annotated[
    str,
    Path(min_length=1, max_length=ID_MAX_LENGTH, pattern=ID_PATTERN, description="order id"),
]


@router.post(
    "/orders",
    summary="Create an order homed in this region",
    responses={
        **response(
            201,
            "Created; Location points at the order in its home region",
            Order,
            links={"GetOrder": _GET, "UpdateOrder": _UPDATE},
        ),
        **error_responses(*COMMON_ERRORS, 409),
    },
    tags=["orders"],
)
def post_order(order: OrderCreate, idempotency_key: IdempotencyKey = None) -> Response[Order]:
    created = orders.create_order(
        deployment(),
        order,
        idempotency_key,
        caller(router.current_event.raw_event),
        router.lambda_context,
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
    responses={**response(200, "The order", Order), **error_responses(*COMMON_ERRORS, 404)},
    tags=["orders"],
)
def get_order(order_id: OrderId) -> Order:
    return orders.get_order(deployment(), order_id)


@router.patch(
    "/orders/<order_id>",
    summary="Update an order in its home region, conditional on version",
    description="Elsewhere: 409 wrong_region with homeRegion, homeUrl and a Location header. "
    "In the home region: 409 version_conflict when the given version is stale.",
    responses={
        **response(200, "Updated (version + 1)", Order, links={"GetOrder": _GET}),
        **error_responses(*COMMON_ERRORS, 404, 409),
    },
    tags=["orders"],
)
def patch_order(order_id: OrderId, change: OrderUpdate) -> Order:
    return orders.update_order(deployment(), order_id, change)
