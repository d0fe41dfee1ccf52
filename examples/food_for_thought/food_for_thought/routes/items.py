"""``/items/{item_id}``: write anywhere, last writer wins."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Path

from multi_region_api.runtime import (
    COMMON_ERRORS,
    ID_MAX_LENGTH,
    ID_PATTERN,
    deployment,
    error_responses,
    link,
    response,
)

from ..logic import items
from ..models import Item, ItemIn

router = Router()

ItemId = Annotated[
    str,
    Path(min_length=1, max_length=ID_MAX_LENGTH, pattern=ID_PATTERN, description="URL-safe id"),
]


@router.put(
    "/items/<item_id>",
    summary="Create or replace an item (any region; last writer wins)",
    responses={
        **response(
            200,
            "Stored",
            Item,
            links={
                "GetItem": link("/items/{item_id}", "get", {"item_id": "$response.body#/id"}),
                "DeleteItem": link("/items/{item_id}", "delete", {"item_id": "$response.body#/id"}),
            },
        ),
        **error_responses(*COMMON_ERRORS),
    },
    tags=["items"],
)
def put_item(item_id: ItemId, item: ItemIn) -> Item:
    return items.put_item(deployment(), item_id, item.data)


@router.get(
    "/items/<item_id>",
    summary="Read an item from this region's replica",
    responses={**response(200, "The item", Item), **error_responses(*COMMON_ERRORS, 404)},
    tags=["items"],
)
def get_item(item_id: ItemId) -> Item:
    return items.get_item(deployment(), item_id)


@router.delete(
    "/items/<item_id>",
    summary="Delete an item (idempotent)",
    responses={
        204: {"description": "Deleted (or already absent)"},
        **error_responses(*COMMON_ERRORS),
    },
    tags=["items"],
)
def delete_item(item_id: ItemId) -> Response[None]:
    items.delete_item(deployment(), item_id)
    return Response(status_code=204)
