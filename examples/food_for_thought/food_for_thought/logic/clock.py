"""Timestamps in the one format the API uses."""

from __future__ import annotations

from datetime import UTC, datetime


def now_iso() -> str:
    """ISO 8601 UTC with milliseconds, e.g. ``2025-01-31T12:00:00.123Z`` (sorts as text)."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
