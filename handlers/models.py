"""The platform's own response models (the application's are its own)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


class Health(BaseModel):
    status: Literal["ok", "fail"]
    region: str
    check: Literal["shallow", "deep"]
    reason: str | None = None


class Served(BaseModel):
    """``GET /`` of a function deployed without an application."""

    region: str = Field(description="the region that answered")
    message: str
