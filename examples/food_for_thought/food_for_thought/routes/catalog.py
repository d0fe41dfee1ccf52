"""``/catalog``: single writer (``HOME_REGION``), read anywhere."""

from __future__ import annotations

from typing import Annotated

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

from ..logic import catalog
from ..models import CatalogEntry, CatalogEntryIn, CatalogList

router = Router()

EntryId = Annotated[
    str,
    Path(min_length=1, max_length=ID_MAX_LENGTH, pattern=ID_PATTERN, description="entry id"),
]


@router.get(
    "/catalog",
    summary="List the catalog",
    responses={
        **response(200, "Every entry, sorted by id", CatalogList),
        **error_responses(*COMMON_ERRORS),
    },
    tags=["catalog"],
)
def list_catalog() -> CatalogList:
    return catalog.list_entries(deployment())


@router.get(
    "/catalog/<entry_id>",
    summary="Read a catalog entry",
    responses={**response(200, "The entry", CatalogEntry), **error_responses(*COMMON_ERRORS, 404)},
    tags=["catalog"],
)
def get_entry(entry_id: EntryId) -> CatalogEntry:
    return catalog.get_entry(deployment(), entry_id)


@router.put(
    "/catalog/<entry_id>",
    summary="Create or replace a catalog entry (home region only)",
    description="Outside HOME_REGION: 409 wrong_region pointing at the home region's URL.",
    responses={
        **response(
            200,
            "Stored",
            CatalogEntry,
            links={
                "GetEntry": link("/catalog/{entry_id}", "get", {"entry_id": "$response.body#/id"})
            },
        ),
        **error_responses(*COMMON_ERRORS, 409),
    },
    tags=["catalog"],
)
def put_entry(entry_id: EntryId, entry: CatalogEntryIn) -> CatalogEntry:
    return catalog.put_entry(deployment(), entry_id, entry)
