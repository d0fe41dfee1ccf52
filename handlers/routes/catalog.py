"""``/catalog``: single writer (``HOME_REGION``), read anywhere."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Path

from ..config import get_config
from ..logic import catalog
from ..models import ID_MAX_LENGTH, ID_PATTERN, CatalogEntry, CatalogEntryIn, CatalogList
from .docs import COMMON, errors, ok

router = Router()

EntryId = Annotated[
    str,
    Path(min_length=1, max_length=ID_MAX_LENGTH, pattern=ID_PATTERN, description="entry id"),
]


@router.get(
    "/catalog",
    summary="List the catalog",
    responses={**ok("Every entry, sorted by id", CatalogList), **errors(*COMMON)},
    tags=["catalog"],
)
def list_catalog() -> CatalogList:
    return catalog.list_entries(get_config())


@router.get(
    "/catalog/<entry_id>",
    summary="Read a catalog entry",
    responses={**ok("The entry", CatalogEntry), **errors(*COMMON, 404)},
    tags=["catalog"],
)
def get_entry(entry_id: EntryId) -> CatalogEntry:
    return catalog.get_entry(get_config(), entry_id)


@router.put(
    "/catalog/<entry_id>",
    summary="Create or replace a catalog entry (home region only)",
    description="Outside HOME_REGION: 409 wrong_region pointing at the home region's URL.",
    responses={**ok("Stored", CatalogEntry), **errors(*COMMON, 409)},
    tags=["catalog"],
)
def put_entry(entry_id: EntryId, entry: CatalogEntryIn) -> CatalogEntry:
    return catalog.put_entry(get_config(), entry_id, entry)
