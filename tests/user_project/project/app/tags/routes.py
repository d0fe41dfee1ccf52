"""``/tags/<tag>``: the notes of a tag, newest first, from the ``by-tag`` index."""

import os

from aws_lambda_powertools.event_handler.api_gateway import Router
from notes.routes import Note, note_of
from pydantic import BaseModel
from slugify import slugify

from multi_region_api import runtime

router = Router()
INDEX = "by-tag"  # declared on the table through the component's ``app.indexes``


class Tagged(BaseModel):
    tag: str
    limit: int
    notes: list[Note]


@router.get("/tags/<tag>", responses=runtime.error_responses(503))
def notes_of(tag: str) -> Tagged:
    slug = slugify(tag)
    limit = int(os.environ["NOTES_PAGE_SIZE"])  # the component's ``app.environment``
    table = runtime.table()
    with runtime.translated_errors():
        answer = table.client.query(
            TableName=table.name,
            IndexName=INDEX,
            KeyConditionExpression="#tag = :tag",
            ExpressionAttributeNames={"#tag": "tag"},
            ExpressionAttributeValues=runtime.to_raw({":tag": slug}),
            ScanIndexForward=False,
            Limit=limit,
        )
    notes = [note_of(runtime.from_raw(item)) for item in answer.get("Items", [])]
    return Tagged(tag=slug, limit=limit, notes=notes)
