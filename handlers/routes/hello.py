"""``GET /hello``: which region answered (the simplest way to watch failover)."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.api_gateway import Router

from ..config import get_config
from ..models import Hello
from .docs import COMMON, errors, ok

router = Router()


@router.get(
    "/hello",
    summary="Say which region answered",
    responses={**ok("Greeting", Hello), **errors(*COMMON)},
    tags=["hello"],
)
def get_hello() -> Hello:
    region = get_config().region
    return Hello(message=f"Hello from {region}", region=region)
