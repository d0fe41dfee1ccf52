"""``/notes``: created exactly once per ``Idempotency-Key``, edited only in the home region."""

from datetime import UTC, datetime
from typing import Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from pydantic import BaseModel, ConfigDict, Field
from slugify import slugify

from multi_region_api import runtime

router = Router()


class NoteCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=1, max_length=1000)
    tag: str = Field(min_length=1, max_length=64)


class NoteEdit(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=1, max_length=1000)


class Note(BaseModel):
    id: str
    text: str
    tag: str
    createdAt: str
    homeRegion: str


def _pk(note_id: str) -> str:
    return f"NOTE#{note_id}"


def note_of(item: dict[str, Any]) -> Note:
    return Note(
        id=str(item[runtime.PARTITION_KEY]).removeprefix("NOTE#"),
        text=item["text"],
        tag=item["tag"],
        createdAt=item["createdAt"],
        homeRegion=item["homeRegion"],
    )


def _insert(record_id: str, body: dict[str, Any]) -> dict[str, Any]:
    """The conditional insert ``create_once`` applies: a retry finds its own item."""
    table = runtime.table()
    request_hash = runtime.body_hash(body)
    item = {
        "text": body["text"],
        "tag": slugify(body["tag"]),
        "createdAt": datetime.now(UTC).isoformat(timespec="seconds"),
        "homeRegion": runtime.deployment().region,
        "requestHash": request_hash,
    }
    try:
        with runtime.translated_errors():
            table.client.put_item(
                TableName=table.name,
                Item={**runtime.key(_pk(record_id)), **runtime.to_raw(item)},
                ConditionExpression="attribute_not_exists(pk)",
                ReturnValuesOnConditionCheckFailure="ALL_OLD",
            )
    except runtime.ConditionFailed as taken:
        old = dict(taken.old or {})
        if old.get("requestHash") != request_hash:
            raise runtime.IdempotencyKeyReused from None
        return note_of(old).model_dump()
    return note_of({runtime.PARTITION_KEY: _pk(record_id), **item}).model_dump()


@router.post(
    "/notes",
    responses={**runtime.response(201, "Created", Note), **runtime.error_responses(409)},
)
def create_note(note: NoteCreate, idempotency_key: runtime.IdempotencyKey = None) -> Response[Note]:
    stored = runtime.create_once(
        runtime.table(),
        "note",
        note.model_dump(),
        _insert,
        idempotency_key,
        runtime.caller(router.current_event.raw_event),
        router.lambda_context,
    )
    return Response(status_code=201, content_type="application/json", body=Note(**stored))


@router.get("/notes/<note_id>", responses=runtime.error_responses(404))
def get_note(note_id: str) -> Note:
    item = runtime.table().get(_pk(note_id))
    if item is None:
        raise runtime.NotFound(f"note {note_id}")
    return note_of(item)


@router.put("/notes/<note_id>", responses=runtime.error_responses(404, 409))
def edit_note(note_id: str, edit: NoteEdit) -> Note:
    # Notes are edited in the home region only: elsewhere 409 wrong_region and a Location there.
    runtime.deployment().require_home_region(f"/notes/{note_id}", "notes")
    table = runtime.table()
    try:
        with runtime.translated_errors():
            answer = table.client.update_item(
                TableName=table.name,
                Key=runtime.key(_pk(note_id)),
                UpdateExpression="SET #t = :t",
                ConditionExpression="attribute_exists(pk)",
                ExpressionAttributeNames={"#t": "text"},
                ExpressionAttributeValues=runtime.to_raw({":t": edit.text}),
                ReturnValues="ALL_NEW",
            )
    except runtime.ConditionFailed:
        raise runtime.NotFound(f"note {note_id}") from None
    return note_of(runtime.from_raw(answer["Attributes"]))
