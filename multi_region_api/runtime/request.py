"""Who is asking, as the front door vouches for it, and the ``Idempotency-Key`` header.

The trusted field differs per front door (``FRONT_DOOR``): API Gateway's ``sourceIp``, or the last
``X-Forwarded-For`` entry that the load balancer appends itself. Nothing a client writes in a
header of its own choosing identifies it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from aws_lambda_powertools.event_handler.openapi.params import Header

from multi_region_api.handlers import front_door

from .deployment import deployment

# URL-safe ids: what the ``Idempotency-Key`` header accepts, and a good format for path ids.
ID_PATTERN = r"^[A-Za-z0-9._~-]{1,128}$"
ID_MAX_LENGTH = 128
UNKNOWN_CLIENT = front_door.UNKNOWN_CLIENT

# A route parameter: ``def post(..., idempotency_key: IdempotencyKey = None)``.
IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        min_length=1,
        max_length=ID_MAX_LENGTH,
        pattern=ID_PATTERN,
        description="a retry with the same key (and body) is applied once and answered the same",
    ),
]


def client_ip(event: Mapping[str, Any]) -> str:
    """The caller's address from the front door's trusted field, or ``UNKNOWN_CLIENT``."""
    return front_door.client_ip(dict(event), deployment().front_door)


def caller(event: Mapping[str, Any]) -> str:
    """The principal an authorizer vouches for, ``""`` when the API is called anonymously."""
    return front_door.caller(dict(event), deployment().front_door)
