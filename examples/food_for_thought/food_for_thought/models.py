"""Request and response models: they validate input and document the API in ``/openapi.json``.

Request models are strict and closed (``extra="forbid"``): ``"5"`` is not a quantity and a typo in
a field name is an error, not silently ignored data.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, JsonValue, model_validator

from multi_region_api.runtime import ID_MAX_LENGTH, ID_PATTERN

Id = Annotated[str, Field(min_length=1, max_length=ID_MAX_LENGTH, pattern=ID_PATTERN)]
Timestamp = Annotated[str, Field(description="ISO 8601 UTC with milliseconds")]


def _integral(value: Any) -> Any:
    """JSON Schema's ``integer`` includes ``1.0``: take integral floats as the int they are."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


# Strict otherwise: ``"5"`` and ``true`` stay errors, ``5.5`` too.
JsonInt = Annotated[int, BeforeValidator(_integral)]


class _Request(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class Hello(BaseModel):
    message: str
    region: str


class Hits(BaseModel):
    ip: str = Field(description='the front door\'s trusted client address, or "unknown"')
    region: str = Field(description="the region that answered")
    total: int = Field(description="sum of the per-region counters")
    byRegion: dict[str, int]


class ItemIn(_Request):
    data: dict[str, JsonValue] = Field(description="any JSON object")


class Item(BaseModel):
    id: str
    data: dict[str, Any]
    updatedRegion: str
    updatedAt: Timestamp


class OrderStatus(StrEnum):
    OPEN = "open"
    PAID = "paid"
    SHIPPED = "shipped"
    CANCELLED = "cancelled"


class OrderLine(_Request):
    sku: Id
    quantity: JsonInt = Field(ge=1, le=1000)


class OrderCreate(_Request):
    customer: str = Field(min_length=1, max_length=128)
    lines: list[OrderLine] = Field(min_length=1, max_length=50)
    note: str = Field(default="", max_length=1000)


def _changes_one_field(schema: dict[str, Any]) -> None:
    """Say in the document what the validator checks: status or note, not null."""
    schema["anyOf"] = [
        {"required": [name], "properties": {name: {"not": {"type": "null"}}}}
        for name in ("status", "note")
    ]


class OrderUpdate(_Request):
    """A ``null`` field is the same as an absent one (nothing to change there)."""

    model_config = ConfigDict(json_schema_extra=_changes_one_field)

    version: JsonInt = Field(ge=1, description="the version the client read; stale -> 409")
    status: Annotated[OrderStatus, Field(strict=False)] | None = None
    note: str | None = Field(default=None, max_length=1000)

    @model_validator(mode="after")
    def _changes_something(self) -> OrderUpdate:
        if self.status is None and self.note is None:
            raise ValueError("give at least one of status, note")
        return self


class Order(BaseModel):
    id: str
    homeRegion: str
    homeUrl: str
    version: int
    status: OrderStatus
    customer: str
    lines: list[OrderLine]
    note: str
    createdAt: Timestamp
    updatedAt: Timestamp


class CatalogEntryIn(_Request):
    name: str = Field(min_length=1, max_length=200)
    priceCents: JsonInt = Field(ge=0, le=10**12)
    description: str = Field(default="", max_length=2000)


class CatalogEntry(BaseModel):
    id: str
    name: str
    priceCents: int
    description: str
    updatedAt: Timestamp


class CatalogList(BaseModel):
    entries: list[CatalogEntry]
    count: int
