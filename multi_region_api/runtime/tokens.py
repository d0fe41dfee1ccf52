"""Tokens that let a repeated write recognise its own effect.

A token is fixed before the first attempt, so botocore's retry of the same call carries the same
one; with an ``Idempotency-Key`` it is derived from the key, so the client's own retry does too.
Every digest is the same in every region: a retry that lands in another region after a failover
names the same effect.

Three patterns, all conditional writes that read the refused item from the refusal itself
(``ReturnValuesOnConditionCheckFailure="ALL_OLD"``, no extra read):

- **counters**: keep the latest ``request_token`` values on the item; increment on condition
  that the token is absent.
- **creates**: derive the id from the key (``id_from_key``) and store ``body_hash`` of the
  request; an insert that finds the id taken by the same hash is its own earlier attempt
  (``create_once`` adds Powertools' idempotency records in front of it).
- **updates**: store ``change_token`` of the update that made the current version;
  ``is_own_update`` tells a stale client from a retry of an applied update.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Mapping
from typing import Any


def _digest(*parts: str) -> str:
    return hashlib.sha256("\n".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:32]


def request_token(idempotency_key: str | None, caller: str = "") -> str:
    """32 hex characters: the key's (scoped to the caller), or a fresh one per request."""
    if idempotency_key is None:
        return uuid.uuid4().hex
    return _digest("request", caller, idempotency_key)


def id_from_key(scope: str, idempotency_key: str, caller: str = "") -> str:
    """The id of the ``scope`` record a key names (32 hex characters): every region derives the
    same one, so replicas converge on one record."""
    return _digest(scope, caller, idempotency_key)


def body_hash(body: Any) -> str:
    """Canonical JSON digest: the same request body gives the same hash in every region."""
    return _digest(json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False))


def change_token(expected_version: int, changes: Mapping[str, Any]) -> str:
    """An update is named by what it asks: the version it read and the fields it sets."""
    return _digest("change", str(expected_version), body_hash(dict(changes)))


def is_own_update(
    *, expected_version: int, token: str, current_version: int, current_token: str
) -> bool:
    """Whether a refused ``version``-conditional update was applied by an earlier attempt: the
    item shows this very change (``token``) exactly one version on."""
    return current_token == token and current_version == expected_version + 1
