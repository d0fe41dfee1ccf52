"""The routes: ``GET /notes``, ``GET /notes/<id>``, ``POST /notes`` (home region, once per key).

The platform serves them in every region with ``/health``, ``/openapi.json``, request validation
and its error mapping; ``multi_region_api.runtime`` gives the region, the table and the
exactly-once create. Add a route here, or a router in ``ROUTERS``.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from pydantic import BaseModel, Field

from multi_region_api import runtime

router = Router()
ROUTERS = (router,)

KIND = "note"
BY_KIND = "by_kind"  # the global secondary index the component creates (app_config.APP)


class NoteIn(BaseModel):
    text: str = Field(min_length=1, max_length=1000)


class Note(BaseModel):
    id: str
    text: str
    createdIn: str


class Notes(BaseModel):
    notes: list[Note]


def _note(item: dict[str, Any]) -> Note:
    return Note(id=str(item["id"]), text=str(item["text"]), createdIn=str(item["created_in"]))


@router.get(
    "/notes",
    summary="Every note, from this region's replica",
    responses={**runtime.response(200, "The notes", Notes), **runtime.error_responses(503)},
)
def list_notes() -> Notes:
    table = runtime.table()
    with runtime.translated_errors():
        answer = table.client.query(
            TableName=table.name,
            IndexName=BY_KIND,
            KeyConditionExpression="kind = :kind",
            ExpressionAttributeValues=runtime.to_raw({":kind": KIND}),
        )
    return Notes(notes=[_note(runtime.from_raw(item)) for item in answer["Items"]])


@router.get(
    "/notes/<note_id>",
    summary="One note, from this region's replica",
    responses={**runtime.response(200, "The note", Note), **runtime.error_responses(404, 503)},
)
def get_note(note_id: str) -> Note:
    item = runtime.table().get(f"NOTE#{note_id}")
    if item is None:
        raise runtime.NotFound(f"note {note_id}")  # 404 {"error": "not_found", ...}
    return _note(item)


@router.post(
    "/notes",
    summary="Create a note (home region only; once per Idempotency-Key)",
    responses={
        **runtime.response(201, "Created", Note),
        **runtime.error_responses(*runtime.COMMON_ERRORS, 409),
    },
)
def post_note(note: NoteIn, idempotency_key: runtime.IdempotencyKey = None) -> Response[Note]:
    here = runtime.deployment()
    # Elsewhere: 409 wrong_region with homeUrl and a Location at the home region.
    here.require_home_region("/notes", "notes")
    table = runtime.table()
    stored = runtime.create_once(
        table,
        KIND,
        note.model_dump(mode="json"),
        partial(_insert, table, here.region),
        idempotency_key,
        runtime.caller(router.current_event.raw_event),
        router.lambda_context,
    )
    created = Note(**stored)
    return Response(
        status_code=201,
        content_type="application/json",
        body=created,
        headers={"Location": f"{here.url_of(here.region)}/notes/{created.id}"},
    )


def _insert(
    table: runtime.Table, region: str, note_id: str, note_in: dict[str, Any]
) -> dict[str, Any]:
    """The note under ``note_id``: written now, or by an earlier attempt with the same body."""
    item = {
        "id": note_id,
        "kind": KIND,
        "text": note_in["text"],
        "created_in": region,
        "request_hash": runtime.body_hash(note_in),
    }
    try:
        with runtime.translated_errors():
            table.client.put_item(
                TableName=table.name,
                Item={**table.key(f"NOTE#{note_id}"), **runtime.to_raw(item)},
                ConditionExpression="attribute_not_exists(pk)",
                ReturnValuesOnConditionCheckFailure="ALL_OLD",
            )
    except runtime.ConditionFailed as exists:
        if exists.old is None or exists.old.get("request_hash") != item["request_hash"]:
            raise runtime.IdempotencyKeyReused from None
        item = dict(exists.old)
    return _note(item).model_dump(mode="json")
