"""TLS on a name, the way a client sees it: stdlib ``ssl`` with hostname verification on.

A handshake that fails (untrusted chain, expired, the certificate does not cover the name) is a
failed answer carrying ssl's own reason; a good one reports the names the certificate covers and
when it expires, so ``verify`` can print the expiry and check coverage itself.
"""

from __future__ import annotations

import socket
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

TlsProber = Callable[[str], "TlsAnswer"]
"""Hostname -> what a TLS handshake with it on port 443 showed."""


@dataclass(frozen=True)
class TlsAnswer:
    ok: bool
    names: tuple[str, ...] = ()
    """DNS names in the certificate's subjectAltName."""
    expires: datetime | None = None
    error: str = ""


def covers(names: tuple[str, ...], hostname: str) -> bool:
    """Whether a certificate for ``names`` covers ``hostname`` (RFC 6125: ``*`` is one label)."""
    host = hostname.lower().rstrip(".")
    for name in (n.lower().rstrip(".") for n in names):
        if name == host:
            return True
        if name.startswith("*.") and "." in host and host.split(".", 1)[1] == name[2:]:
            return True
    return False


def tls_probe(
    hostname: str,
    *,
    port: int = 443,
    timeout: float = 10.0,
    context: ssl.SSLContext | None = None,
    address: str | None = None,
) -> TlsAnswer:
    """Handshake with ``hostname`` (at ``address`` if given) and read its certificate."""
    context = context or ssl.create_default_context()
    try:
        with (
            socket.create_connection((address or hostname, port), timeout=timeout) as raw,
            context.wrap_socket(raw, server_hostname=hostname) as tls,
        ):
            cert = tls.getpeercert()
    except ssl.SSLCertVerificationError as exc:
        return TlsAnswer(False, error=exc.verify_message or str(exc))
    except (OSError, ssl.SSLError) as exc:
        return TlsAnswer(False, error=str(exc) or type(exc).__name__)
    if not cert:
        return TlsAnswer(False, error="no certificate presented")
    names = tuple(
        str(entry[1])
        for entry in cert.get("subjectAltName", ())
        if isinstance(entry, tuple) and entry[0] == "DNS"
    )
    not_after = cert.get("notAfter")
    expires = (
        datetime.fromtimestamp(ssl.cert_time_to_seconds(not_after), tz=UTC)
        if isinstance(not_after, str)
        else None
    )
    return TlsAnswer(True, names=names, expires=expires)
