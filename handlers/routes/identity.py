"""Who is asking, as the front door vouches for it, and the ``Idempotency-Key`` header."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Header

from .. import front_door
from ..config import get_config
from ..models import ID_MAX_LENGTH, ID_PATTERN

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


def client_ip(router: Router) -> str:
    """The trusted client address of the current event, or ``front_door.UNKNOWN_CLIENT``."""
    return front_door.client_ip(router.current_event.raw_event, get_config().front_door)


def caller(router: Router) -> str:
    """The authenticated principal, ``""`` when the API is called anonymously."""
    return front_door.caller(router.current_event.raw_event, get_config().front_door)
