"""What the stack's global name answers, and which region those answers belong to.

Route 53 ``TestDNSAnswer`` says what it would answer a client in a given place, with no cache in
between; the client is placed in a region by passing one of that region's own API Gateway
addresses (what ``<region>.<domain>`` resolves to) as the EDNS0 client subnet. When that is not
possible (no credentials for the call, the regional name does not resolve) the drill falls back to
a plain lookup through this machine's resolver, which may serve a cached answer for up to the TTL.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError
from multi_region_api.components.args import ApiSettings
from multi_region_api.components.naming import regional_hostname

Resolver = Callable[[str], tuple[str, ...]]
"""Hostname -> its addresses (empty when it does not resolve)."""


def system_resolver(hostname: str) -> tuple[str, ...]:
    try:
        infos = socket.getaddrinfo(hostname, 443, proto=socket.IPPROTO_TCP)
    except OSError:
        return ()
    return tuple(sorted({str(info[4][0]) for info in infos}))


@dataclass(frozen=True)
class DnsAnswer:
    name: str
    source: str
    records: tuple[str, ...]
    regions: tuple[str, ...]
    """Stack regions the records belong to."""

    def describe(self) -> str:
        where = ", ".join(self.regions) or "no region of this stack"
        shown = ", ".join(self.records) or "nothing"
        return f"{self.name} -> {shown} ({where}) [{self.source}]"


def _ipv4(addresses: tuple[str, ...]) -> str | None:
    for address in addresses:
        try:
            if ipaddress.ip_address(address).version == 4:
                return address
        except ValueError:
            continue
    return None


def _regions_of(records: tuple[str, ...], regional: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    """Match records to regions by address, or by region name for alias target hostnames."""
    found = {
        region
        for record in records
        for region, addresses in regional.items()
        if record in addresses or f".{region}." in f".{record}."
    }
    return tuple(sorted(found))


class GlobalNameProbe:
    """Answers for the global name as seen from a client in a given region."""

    def __init__(self, route53: Any, resolve: Resolver = system_resolver) -> None:
        self._route53 = route53
        self._resolve = resolve

    def answer(self, settings: ApiSettings, client_region: str) -> DnsAnswer:
        regional = {
            r: self._resolve(regional_hostname(r, settings.domain_name)) for r in settings.regions
        }
        client_ip = _ipv4(regional[client_region])
        if client_ip is not None:
            try:
                response = self._route53.test_dns_answer(
                    HostedZoneId=settings.hosted_zone_id,
                    RecordName=settings.domain_name,
                    RecordType="A",
                    EDNS0ClientSubnetIP=client_ip,
                    EDNS0ClientSubnetMask="24",
                )
            except (BotoCoreError, ClientError):
                pass
            else:
                records = tuple(response.get("RecordData", []))
                return DnsAnswer(
                    name=settings.domain_name,
                    source=f"Route 53 TestDNSAnswer, client in {client_region} ({client_ip}/24)",
                    records=records,
                    regions=_regions_of(records, regional),
                )
        records = self._resolve(settings.domain_name)
        return DnsAnswer(
            name=settings.domain_name,
            source="local resolver (may be cached)",
            records=records,
            regions=_regions_of(records, regional),
        )
