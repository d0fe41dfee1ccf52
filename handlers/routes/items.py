"""``/items/{item_id}``: write anywhere, last writer wins."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Path

from ..config import get_config
from ..logic import items
from ..models import ID_MAX_LENGTH, ID_PATTERN, Item, ItemIn
from .docs import COMMON, errors, ok

router = Router()

ItemId = Annotated[
    str,
    Path(min_length=1, max_length=ID_MAX_LENGTH, pattern=ID_PATTERN, description="URL-safe id"),
]


@router.put(
    "/items/<item_id>",
    summary="Create or replace an item (any region; last writer wins)",
    responses={**ok("Stored", Item), **errors(*COMMON)},
    tags=["items"],
)
def put_item(item_id: ItemId, item: ItemIn) -> Item:
    return items.put_item(get_config(), item_id, item.data)


@router.get(
    "/items/<item_id>",
    summary="Read an item from this region's replica",
    responses={**ok("The item", Item), **errors(*COMMON, 404)},
    tags=["items"],
)
def get_item(item_id: ItemId) -> Item:
    return items.get_item(get_config(), item_id)


@router.delete(
    "/items/<item_id>",
    summary="Delete an item (idempotent)",
    responses={204: {"description": "Deleted (or already absent)"}, **errors(*COMMON)},
    tags=["items"],
)
def delete_item(item_id: ItemId) -> Response[None]:
    items.delete_item(get_config(), item_id)
    return Response(status_code=204)
