"""``GET /hello``: which region answered (the simplest way to watch failover)."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.api_gateway import Router

from handlers.config import get_config
from handlers.models import Hello
from handlers.routes.docs import COMMON, errors, ok

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
