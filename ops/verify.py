"""``multi-region-api verify``: every promise of a deployed stack, checked live, as one table.

On AWS (after ``pulumi up``): the shared and regional names resolve (A and AAAA) and serve valid
TLS that covers them; ``/hello`` answers from the right region; every Route 53 health check is
healthy and aims at the regional name with the secret path; each function runs the pinned runtime
and exactly the pinned Powertools layer, and that layer is what Powertools' public SSM parameter
names in the region; the table and every replica are ACTIVE with PITR, deletion protection and
NEW_AND_OLD_IMAGES streams; with the ``alb`` front door, each region's target group counts its
function healthy; an item written through each region is read through every other
(lag printed) and then deleted.

With ``--local`` it checks a running local runtime (``multi-region-api local``) for what it can
show: each region's ``/hello`` and health route, the global endpoint, replication; the AWS-only
rows say "skipped (local)". Exit 0 when all pass, 1 on any failure, 2 on usage or credentials.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import boto3
from multi_region_api.components.args import ApiSettings
from multi_region_api.components.naming import base_url, regional_hostname, regional_urls
from multi_region_api.components.vpc import answers_ipv6
from multi_region_api.handlers.contract import ENV_HEALTH_CHECK_SECRET

from .drill import route53_client
from .stack_settings import OpsError
from .verify_alb import target_health_rows
from .verify_aws import (
    CLIENT_CONFIG,
    ClientFactory,
    StackOutputs,
    function_rows,
    health_check_rows,
    table_rows,
)
from .verify_endpoints import (
    EndpointDeps,
    dns_rows,
    health_route_rows,
    hello_rows,
    replication_rows,
    tls_rows,
)
from .verify_region_switch import region_switch_rows
from .verify_report import Row, judged, skipped

LOCAL_SKIPPED = (
    ("dns", "A/AAAA of the shared and regional names"),
    ("tls", "certificates of the shared and regional names"),
    ("health check", "Route 53 health checks"),
    ("function", "Lambda runtime, layer and Powertools SSM parameter"),
    ("table", "global table, replicas, PITR, deletion protection"),
)


def hostnames(settings: ApiSettings) -> list[str]:
    """The shared name, then every ``<region>.<domain>``."""
    return [
        settings.domain_name,
        *(regional_hostname(r, settings.domain_name) for r in settings.regions),
    ]


def ipv4_only(settings: ApiSettings) -> frozenset[str]:
    """Names the component gives no AAAA record: a region whose ALB is in the user's IPv4-only
    network, and the shared name while any region is one (``components.vpc.answers_ipv6``)."""
    names = {
        regional_hostname(r, settings.domain_name)
        for r in settings.regions
        if not answers_ipv6(settings, r)
    }
    return frozenset({*names, settings.domain_name} if names else names)


def session_clients(session: boto3.Session) -> ClientFactory:
    """Clients per (service, region), made once each."""
    cache: dict[tuple[str, str], Any] = {}

    def client(service: str, region: str) -> Any:
        if (service, region) not in cache:
            cache[service, region] = session.client(
                service,
                region_name=region,
                config=CLIENT_CONFIG,
            )
        return cache[service, region]

    return client


@dataclass
class AwsDeps:
    route53: Any
    clients: ClientFactory
    endpoints: EndpointDeps
    outputs: StackOutputs


def aws_deps(session: boto3.Session, outputs: StackOutputs, endpoints: EndpointDeps) -> AwsDeps:
    """Real clients; no credentials at all is a one-line error (exit 2) before any check."""
    return AwsDeps(route53_client(session), session_clients(session), endpoints, outputs)


def verify_aws(stack: str, settings: ApiSettings, deps: AwsDeps) -> list[Row]:
    names = hostnames(settings)
    regional = regional_urls(settings.regions, settings.domain_name, settings.base_path)
    shared = base_url(settings.domain_name, settings.base_path)
    return [
        *dns_rows(names, deps.endpoints, ipv4_only=ipv4_only(settings)),
        *tls_rows(names, deps.endpoints),
        *hello_rows(regional, shared, settings.regions, deps.endpoints),
        *health_check_rows(stack, settings, deps.route53),
        *function_rows(stack, settings, deps.clients, deps.outputs),
        *table_rows(stack, settings, deps.clients, deps.outputs),
        *target_health_rows(stack, settings, deps.clients),
        *region_switch_rows(stack, settings, deps.route53, deps.clients),
        *replication_rows(regional, deps.endpoints),
    ]


def local_status(global_url: str, stack: str, deps: EndpointDeps) -> dict[str, Any]:
    """The local runtime's ``/_local/status``, or a one-line error when none serves there."""
    answer = deps.http("GET", f"{global_url}/_local/status", timeout=5.0)
    if answer.status != 200 or not isinstance(answer.body, dict):
        raise OpsError(
            f"no local runtime answers at {global_url} ({answer.describe()}); "
            f"start one with: multi-region-api local --stack {stack}"
        )
    if answer.body.get("stack") != stack:
        raise OpsError(
            f"the local runtime at {global_url} runs stack {answer.body.get('stack')!r}, "
            f"not {stack!r}"
        )
    return answer.body


def verify_local(
    stack: str,
    settings: ApiSettings,
    global_url: str,
    secret: str | None,
    deps: EndpointDeps,
) -> list[Row]:
    """The local runtime's regions on their loopback URLs, the global endpoint, replication.

    Without the health-check secret (``HEALTH_CHECK_SECRET`` or the stack file), the health rows
    come from the runtime's own checker instead of calling the route with the secret.
    """
    state = local_status(global_url, stack, deps)
    regions: dict[str, Any] = state.get("regions", {})
    suffix = f"/{settings.base_path}" if settings.base_path else ""
    regional = {r: str(regions[r]["url"]) for r in settings.regions if r in regions}
    rows: list[Row] = []
    for region in settings.regions:
        process = regions.get(region, {}).get("process", "not in the runtime")
        rows.append(judged("local region", region, process == "running", f"process {process}"))
    rows += hello_rows(regional, f"{global_url}{suffix}", settings.regions, deps)
    if secret:
        rows += health_route_rows(regional, secret, deps)
    else:
        for region in regional:
            snapshot = regions[region]
            rows.append(
                judged(
                    "health route",
                    regional[region],
                    bool(snapshot.get("healthy")) and snapshot.get("lastResult") == "HTTP 200",
                    f"runtime's checker: {snapshot.get('lastResult')} (no secret given; "
                    f"set {ENV_HEALTH_CHECK_SECRET} to call it directly)",
                )
            )
    rows += replication_rows(regional, deps)
    rows += [skipped(check, what, "skipped (local)") for check, what in LOCAL_SKIPPED]
    return rows
