"""The runtime library for application code on multi-region-api: one import name everywhere.

``multi_region_api.runtime`` is what an application's routes, logic and data access import, the
same in its tests, under ``multi-region-api local`` and on Lambda (where it ships in the archive
with the dispatcher). It gives:

- **where it runs**: ``deployment()`` -> ``Deployment`` (``region``, ``home_region``,
  ``region_urls``, ``url_of()``, ``shared_url``, ``origins``, ``base_path``, ``table_name``), and
  the home-region write guard ``Deployment.require_home_region()`` raising ``WrongRegion``;
- **the table**: ``table()`` -> ``Table`` (this region's replica: ``client`` with tight timeouts and
  bounded retries, ``get``, ``batch_get``), ``key()``, ``to_raw()``/``from_raw()``,
  ``translated_errors()`` (``ConditionFailed``; anything else is ``StorageUnavailable``), the key
  conventions ``PARTITION_KEY`` and ``TTL_ATTRIBUTE``, and ``RESERVED_KEY_PREFIX`` (``_mra#``, the
  platform's own items; ``ReservedKey`` when application code uses it);
- **exactly once**: ``request_token``, ``id_from_key``, ``body_hash``, ``change_token``,
  ``is_own_update`` and ``create_once`` (an insert applied once per ``Idempotency-Key``), with
  the ``IdempotencyKey`` header parameter and the caller's identity (``client_ip``, ``caller``);
- **refusals**: the domain errors (``DomainError``: ``NotFound``, ``WrongRegion``,
  ``VersionConflict``, ``IdempotencyKeyReused``, ``Forbidden``, ``StorageUnavailable``), which the
  dispatcher turns into JSON errors in one place;
- **documentation**: ``response``, ``link``, ``error_responses`` (``ErrorBody``, ``COMMON_ERRORS``)
  for the routes' ``responses=`` in ``/openapi.json``.

A worked example: an application (``app/notes/routes.py``, given to the component as
``routers="notes.routes:ROUTERS"``) whose notes are written only in the home region::

    from aws_lambda_powertools.event_handler.api_gateway import Router
    from pydantic import BaseModel

    from multi_region_api import runtime

    router = Router()
    ROUTERS = (router,)


    class Note(BaseModel):
        id: str
        text: str


    @router.get(
        "/notes/<note_id>",
        responses={**runtime.response(200, "The note", Note), **runtime.error_responses(404)},
    )
    def get_note(note_id: str) -> Note:
        item = runtime.table().get(f"NOTE#{note_id}")
        if item is None:
            raise runtime.NotFound(f"note {note_id}")  # 404 {"error": "not_found", ...}
        return Note(id=note_id, text=item["text"])


    @router.put("/notes/<note_id>", responses=runtime.error_responses(409))
    def put_note(note_id: str, note: Note) -> Note:
        # Elsewhere: 409 wrong_region, homeUrl and a Location header at the home region.
        runtime.deployment().require_home_region(f"/notes/{note_id}", "notes")
        table = runtime.table()
        with runtime.translated_errors():  # DynamoDB down -> 503 storage_unavailable
            table.client.put_item(
                TableName=table.name,
                Item={**runtime.key(f"NOTE#{note_id}"), **runtime.to_raw({"text": note.text})},
            )
        return note

Test it as any module: set the environment the component sets (``AWS_REGION``, ``TABLE_NAME``,
``HOME_REGION``, ``REGION_URLS``) and a moto table; ``deployment.cache_clear()`` and
``get_table.cache_clear()`` make a test's change of environment visible.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from multi_region_api import lazy_exports

from .deployment import ConfigError, Deployment, deployment, load_deployment
from .errors import (
    DomainError,
    Forbidden,
    IdempotencyKeyReused,
    NotFound,
    StorageUnavailable,
    VersionConflict,
    WrongRegion,
)
from .table import (
    PARTITION_KEY,
    RESERVED_KEY_PREFIX,
    TTL_ATTRIBUTE,
    ConditionFailed,
    ReservedKey,
    Table,
    from_raw,
    get_table,
    key,
    table,
    to_raw,
    translated_errors,
)

if TYPE_CHECKING:
    from .idempotency import create_once
    from .openapi import COMMON_ERRORS, ErrorBody, ErrorDetail, error_responses, link, response
    from .request import (
        ID_MAX_LENGTH,
        ID_PATTERN,
        UNKNOWN_CLIENT,
        IdempotencyKey,
        caller,
        client_ip,
    )
    from .tokens import body_hash, change_token, id_from_key, is_own_update, request_token

__all__ = [
    "COMMON_ERRORS",
    "ID_MAX_LENGTH",
    "ID_PATTERN",
    "PARTITION_KEY",
    "RESERVED_KEY_PREFIX",
    "TTL_ATTRIBUTE",
    "UNKNOWN_CLIENT",
    "ConditionFailed",
    "ConfigError",
    "Deployment",
    "DomainError",
    "ErrorBody",
    "ErrorDetail",
    "Forbidden",
    "IdempotencyKey",
    "IdempotencyKeyReused",
    "NotFound",
    "ReservedKey",
    "StorageUnavailable",
    "Table",
    "VersionConflict",
    "WrongRegion",
    "body_hash",
    "caller",
    "change_token",
    "client_ip",
    "create_once",
    "deployment",
    "error_responses",
    "from_raw",
    "get_table",
    "id_from_key",
    "is_own_update",
    "key",
    "link",
    "load_deployment",
    "request_token",
    "response",
    "table",
    "to_raw",
    "translated_errors",
]
# Where the names the platform's init does not need live, imported on first use (PEP 562): the
# dispatcher uses ``deployment``, ``errors`` and ``table``; pydantic (a cold start's largest
# import, for the OpenAPI helpers) and the exactly-once helpers wait for a route that uses them.
_HOMES: dict[str, str] = {
    "COMMON_ERRORS": ".openapi",
    "ErrorBody": ".openapi",
    "ErrorDetail": ".openapi",
    "ID_MAX_LENGTH": ".request",
    "ID_PATTERN": ".request",
    "IdempotencyKey": ".request",
    "UNKNOWN_CLIENT": ".request",
    "caller": ".request",
    "client_ip": ".request",
    "error_responses": ".openapi",
    "link": ".openapi",
    "response": ".openapi",
    "create_once": ".idempotency",
    "body_hash": ".tokens",
    "change_token": ".tokens",
    "id_from_key": ".tokens",
    "is_own_update": ".tokens",
    "request_token": ".tokens",
}

__getattr__, __dir__ = lazy_exports(globals(), _HOMES)
