"""The seam between a region's API entry point and everything that routes traffic to it.

Certificates, DNS records and health checks only need a custom domain's regional target, and the
Lambda permission only needs the API's execution ARN. A REST API (``rest_api.py``) provides them
today; an HTTP API (API Gateway v2) can provide the same later without touching those parts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import pulumi


@dataclass(frozen=True)
class CustomDomainTarget:
    """What a Route 53 alias record points at: a regional API Gateway custom domain."""

    hostname: str
    regional_domain_name: pulumi.Output[str]
    regional_zone_id: pulumi.Output[str]


class FrontDoor(Protocol):
    """A regional API in front of the dispatcher function."""

    execution_arn: pulumi.Output[str]
    api_name: pulumi.Output[str]
    """The name API Gateway publishes metrics under (the dashboard's ``ApiName``)."""
    stage_name: pulumi.Output[str]

    def add_custom_domain(
        self, suffix: str, hostname: str, certificate_arn: pulumi.Input[str]
    ) -> CustomDomainTarget:
        """Serve the API on ``hostname`` (TLS with ``certificate_arn``) under the base path."""
        ...
