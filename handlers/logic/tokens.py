"""Tokens that let a repeated write recognise its own effect.

A token is fixed before the first attempt, so botocore's retry of the same call carries the same
one; with an ``Idempotency-Key`` it is derived from the key, so the client's own retry does too.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from typing import Any


def _digest(*parts: str) -> str:
    return hashlib.sha256("\n".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:32]


def request_token(idempotency_key: str | None, caller: str = "") -> str:
    """32 hex characters: the key's (scoped to the caller), or a fresh one per request."""
    if idempotency_key is None:
        return uuid.uuid4().hex
    return _digest("request", caller, idempotency_key)


def order_id(idempotency_key: str, caller: str) -> str:
    """The order a key names: every region derives the same id, so replicas converge on one."""
    return _digest("order", caller, idempotency_key)


def body_hash(body: Any) -> str:
    """Canonical JSON digest: the same request body gives the same hash in every region."""
    return _digest(json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False))


def change_token(expected_version: int, changes: dict[str, str]) -> str:
    """An update is named by what it asks: the version it read and the fields it sets."""
    return _digest("change", str(expected_version), body_hash(changes))
