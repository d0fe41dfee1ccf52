"""Route 53 health checks of a deployed stack: find them by tag, invert them, read their status.

The component tags every health check ``stack=<pulumi stack>``, ``region=<region>``,
``component=<component name>`` and ``role`` (``endpoint`` for the check of the region's
``/health``, ``routing`` for the calculated check a Region switch plan adds), so the drill needs
nothing from Pulumi state.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from multi_region_api.components.estimates.failover import UNHEALTHY_HEALTHY_SHARE
from multi_region_api.components.health_checks import ENDPOINT_ROLE, ROLE_TAG

TAG_BATCH = 10  # ListTagsForResources accepts at most 10 ids per call.


@dataclass(frozen=True)
class HealthCheckRef:
    id: str
    region: str
    inverted: bool
    tags: dict[str, str]


@dataclass(frozen=True)
class CheckerReport:
    checker_region: str
    ip: str
    status: str

    @property
    def endpoint_ok(self) -> bool:
        """What the checker saw at the endpoint: Route 53 prefixes these with Success/Failure."""
        return self.status.startswith("Success")


@dataclass(frozen=True)
class HealthVerdict:
    reports: tuple[CheckerReport, ...]
    inverted: bool

    @property
    def healthy_share(self) -> float:
        """Share of checkers that count the endpoint healthy, inversion applied.

        Checker reports describe the endpoint itself; an inverted check counts a success as
        unhealthy. No reports (a new or just-updated check) counts as healthy, which is what Route
        53 assumes until it has data.
        """
        if not self.reports:
            return 1.0
        healthy = sum(r.endpoint_ok != self.inverted for r in self.reports)
        return healthy / len(self.reports)

    @property
    def healthy(self) -> bool:
        return self.healthy_share > UNHEALTHY_HEALTHY_SHARE

    def describe(self) -> str:
        state = "healthy" if self.healthy else "UNHEALTHY"
        counted = round(self.healthy_share * len(self.reports))
        return f"{state} ({counted}/{len(self.reports)} checkers count it healthy)"


def _health_checks(client: Any) -> Iterator[dict[str, Any]]:
    for page in client.get_paginator("list_health_checks").paginate():
        yield from page["HealthChecks"]


def is_endpoint_check(tags: dict[str, str]) -> bool:
    """The check of a region's ``/health``; one without a ``role`` tag predates the tag."""
    return tags.get(ROLE_TAG, ENDPOINT_ROLE) == ENDPOINT_ROLE


def find_health_checks(client: Any, stack: str) -> dict[str, list[HealthCheckRef]]:
    """Region -> endpoint health checks tagged with ``stack``; more than one per region is a
    conflict. A Region switch plan's calculated checks are not endpoint checks."""
    checks = {hc["Id"]: hc for hc in _health_checks(client)}
    ids = list(checks)
    found: dict[str, list[HealthCheckRef]] = {}
    for start in range(0, len(ids), TAG_BATCH):
        response = client.list_tags_for_resources(
            ResourceType="healthcheck", ResourceIds=ids[start : start + TAG_BATCH]
        )
        for tag_set in response["ResourceTagSets"]:
            tags = {t["Key"]: t["Value"] for t in tag_set.get("Tags", [])}
            if tags.get("stack") != stack or "region" not in tags or not is_endpoint_check(tags):
                continue
            check = checks[tag_set["ResourceId"]]
            found.setdefault(tags["region"], []).append(
                HealthCheckRef(
                    id=check["Id"],
                    region=tags["region"],
                    inverted=bool(check["HealthCheckConfig"].get("Inverted", False)),
                    tags=tags,
                )
            )
    return found


def set_inverted(client: Any, health_check_id: str, inverted: bool) -> None:
    client.update_health_check(HealthCheckId=health_check_id, Inverted=inverted)


def checker_reports(client: Any, health_check_id: str) -> tuple[CheckerReport, ...]:
    """The latest report of every checker (``GetHealthCheckStatus``)."""
    response = client.get_health_check_status(HealthCheckId=health_check_id)
    return tuple(
        CheckerReport(
            checker_region=obs.get("Region", "?"),
            ip=obs.get("IPAddress", "?"),
            status=obs.get("StatusReport", {}).get("Status", ""),
        )
        for obs in response["HealthCheckObservations"]
    )
