"""``POST /hits`` and ``GET /hits``: a hit counter per client IP, summed over regions."""

from __future__ import annotations

import ipaddress

from aws_lambda_powertools.event_handler.api_gateway import Router

from ..config import get_config
from ..errors import ApiError
from ..logic import hits
from ..models import Hits
from .docs import COMMON, errors, ok

router = Router()


def client_ip() -> str:
    """API Gateway's view of the caller (``/32`` suffix stripped), else the first X-Forwarded-For.

    ``sourceIp`` comes first because X-Forwarded-For is whatever the client chose to send.
    """
    event = router.current_event
    identity = (event.get("requestContext") or {}).get("identity") or {}
    forwarded = (event.headers.get("x-forwarded-for") or "").split(",")[0]
    for candidate in (identity.get("sourceIp"), forwarded):
        if not isinstance(candidate, str) or not candidate.strip():
            continue
        try:
            return str(ipaddress.ip_address(candidate.strip().split("/", 1)[0]))
        except ValueError:
            continue
    raise ApiError(400, "client_ip_unknown", "the client IP address could not be determined")


@router.post(
    "/hits",
    summary="Count a hit for the calling IP",
    responses={**ok("Counts after this hit", Hits), **errors(*COMMON)},
    tags=["hits"],
)
def post_hit() -> Hits:
    return hits.record_hit(get_config(), client_ip())


@router.get(
    "/hits",
    summary="Hits of the calling IP, summed over every region",
    responses={**ok("Counts", Hits), **errors(*COMMON)},
    tags=["hits"],
)
def get_hits() -> Hits:
    return hits.read_hits(get_config(), client_ip())
