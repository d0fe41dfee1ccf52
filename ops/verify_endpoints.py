"""Checks of what clients see, shared by ``verify`` on AWS and ``verify --local``.

DNS (A and AAAA), TLS on every name, ``/hello`` answered by the right region, the health route
with its secret, and replication measured by writing through one region and reading through the
others. Every outside effect (resolver, TLS handshake, HTTP, clock, sleep) is injected.
"""

from __future__ import annotations

import secrets
import socket
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import quote

from multi_region_api.handlers.contract import HEALTH_PATH, HEALTH_SECRET_PARAM

from .tls_probe import TlsProber, covers, tls_probe
from .verify_http import HttpAnswer, HttpClient, urllib_client
from .verify_report import Row, failed, judged, passed

AddressResolver = Callable[[str, str], tuple[str, ...]]
"""(hostname, "A" or "AAAA") -> its addresses of that family (empty when none)."""

RECORD_FAMILIES = {"A": socket.AF_INET, "AAAA": socket.AF_INET6}
# ACM starts renewing 60 days before expiry; with less than this left, renewal is not happening
# (typically the validation CNAME is gone) and the name will stop serving.
RENEWAL_OVERDUE_DAYS = 30
ITEM_PREFIX = "verify-"


def system_addresses(hostname: str, record_type: str) -> tuple[str, ...]:
    """This machine's resolver, one address family at a time."""
    try:
        infos = socket.getaddrinfo(
            hostname, 443, family=RECORD_FAMILIES[record_type], proto=socket.IPPROTO_TCP
        )
    except OSError:
        return ()
    return tuple(sorted({str(info[4][0]) for info in infos}))


@dataclass
class EndpointDeps:
    http: HttpClient = urllib_client
    resolve: AddressResolver = system_addresses
    tls: TlsProber = tls_probe
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    now: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    token: Callable[[], str] = field(default=lambda: secrets.token_hex(6))
    replication_timeout: float = 30.0
    poll_seconds: float = 0.25


def dns_rows(
    names: list[str], deps: EndpointDeps, *, ipv4_only: frozenset[str] = frozenset()
) -> list[Row]:
    """Every name resolves in both families, but those in ``ipv4_only`` must have no AAAA."""
    rows = []
    for name in names:
        for record_type in RECORD_FAMILIES:
            addresses = deps.resolve(name, record_type)
            detail = ", ".join(addresses[:3]) + (" ..." if len(addresses) > 3 else "")
            if record_type == "AAAA" and name in ipv4_only:
                ok = not addresses
                detail = "none (IPv4-only network)" if ok else f"{detail}: expected none"
            else:
                ok = bool(addresses)
                detail = detail or f"no {record_type} record"
            rows.append(judged(f"dns {record_type}", name, ok, detail))
    return rows


def tls_rows(names: list[str], deps: EndpointDeps) -> list[Row]:
    rows = []
    for name in names:
        answer = deps.tls(name)
        if not answer.ok:
            rows.append(failed("tls", name, f"handshake failed: {answer.error}"))
        elif not covers(answer.names, name):
            shown = ", ".join(answer.names) or "none"
            rows.append(failed("tls", name, f"certificate does not cover the name (has {shown})"))
        elif answer.expires is None:
            rows.append(failed("tls", name, "certificate has no expiry date"))
        else:
            days = (answer.expires - deps.now()).days
            detail = f"valid, expires {answer.expires:%Y-%m-%d} ({days} days)"
            if days < RENEWAL_OVERDUE_DAYS:
                detail += "; renewal overdue (ACM renews 60 days ahead): check its validation"
            rows.append(judged("tls", name, days >= RENEWAL_OVERDUE_DAYS, detail))
    return rows


def _answered_by(answer: HttpAnswer) -> str:
    region = answer.field("region")
    return region if isinstance(region, str) else ""


def hello_rows(
    regional: Mapping[str, str], shared: str, regions: tuple[str, ...], deps: EndpointDeps
) -> list[Row]:
    """Each regional URL answers from its own region; the shared URL from one of the stack's."""
    rows = []
    for region, url in regional.items():
        answer = deps.http("GET", f"{url}/hello")
        by = _answered_by(answer)
        ok = answer.status == 200 and by == region
        rows.append(judged("hello", url, ok, f"{answer.describe()}, region {by or '?'}"))
    answer = deps.http("GET", f"{shared}/hello")
    by = _answered_by(answer)
    ok = answer.status == 200 and by in regions
    rows.append(judged("hello", shared, ok, f"{answer.describe()}, region {by or '?'}"))
    return rows


def health_route_rows(regional: Mapping[str, str], secret: str, deps: EndpointDeps) -> list[Row]:
    """The health route answers 200 with the secret and 403 without it (the secret never shows)."""
    rows = []
    for region, url in regional.items():
        with_secret = deps.http("GET", f"{url}{HEALTH_PATH}?{HEALTH_SECRET_PARAM}={quote(secret)}")
        ok = with_secret.status == 200 and _answered_by(with_secret) == region
        detail = f"with secret: {with_secret.describe()}"
        reason = with_secret.field("reason")  # a 503's cause: force_fail, storage, application
        if reason:
            detail += f", reason {reason}"
        rows.append(judged("health route", url, ok, detail))
        without = deps.http("GET", f"{url}{HEALTH_PATH}")
        refused = without.status == 403
        detail = f"without secret: {without.describe()}" + ("" if refused else " (403 expected)")
        rows.append(judged("health route", url, refused, detail))
    return rows


def replication_rows(regional: Mapping[str, str], deps: EndpointDeps) -> list[Row]:
    """Write an item through each region, time until every other region reads it, delete it.

    Readers are polled in turn until each has the item with this run's marker, or until
    ``replication_timeout``; the lag is measured from the write's answer, so it includes one
    read's round trip (an upper bound).
    """
    rows: list[Row] = []
    for writer, writer_url in regional.items():
        marker = deps.token()
        item_url = f"{{}}/items/{ITEM_PREFIX}{marker}"
        put = deps.http("PUT", item_url.format(writer_url), {"data": {"verify": marker}})
        if put.status != 200:
            rows.append(failed("replication", f"{writer} write", f"PUT: {put.describe()}"))
            continue
        try:
            rows += _await_readers(writer, regional, item_url, marker, deps)
        finally:
            delete = deps.http("DELETE", item_url.format(writer_url))
            if delete.status not in (200, 204):
                rows.append(
                    failed(
                        "replication cleanup",
                        f"{writer} {ITEM_PREFIX}{marker}",
                        f"DELETE: {delete.describe()}",
                    )
                )
    return rows


def _await_readers(
    writer: str,
    regional: Mapping[str, str],
    item_url: str,
    marker: str,
    deps: EndpointDeps,
) -> list[Row]:
    start = deps.clock()
    pending = [r for r in regional if r != writer]
    lags: dict[str, float] = {}
    last: dict[str, HttpAnswer] = {}
    while True:
        for reader in pending:
            answer = deps.http("GET", item_url.format(regional[reader]))
            data = answer.field("data")
            if answer.status == 200 and isinstance(data, dict) and data.get("verify") == marker:
                lags[reader] = deps.clock() - start
            last[reader] = answer
        pending = [r for r in pending if r not in lags]
        if not pending or deps.clock() - start >= deps.replication_timeout:
            break
        deps.sleep(deps.poll_seconds)
    rows = []
    for reader in regional:
        if reader == writer:
            continue
        target = f"{writer} -> {reader}"
        if reader in lags:
            rows.append(passed("replication", target, f"readable after {lags[reader]:.2f} s"))
        else:
            rows.append(
                failed(
                    "replication",
                    target,
                    f"not readable after {deps.replication_timeout:g} s "
                    f"(last read: {last[reader].describe()})",
                )
            )
    return rows
