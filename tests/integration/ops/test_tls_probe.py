"""The real TLS probe against a TLS server on 127.0.0.1 with a certificate made for the test.

A throwaway CA signs a certificate for ``api.test`` and ``*.api.test``; the probe trusts that CA
through an injected context, so hostname verification and the chain check are ssl's own.
"""

from __future__ import annotations

import socket
import ssl
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from multi_region_api.ops.tls_probe import covers, tls_probe

NOT_AFTER = datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC)


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])


def make_pki(folder: Path) -> tuple[bytes, Path, Path]:
    """(CA certificate PEM, server certificate chain file, server key file)."""
    now = datetime.now(UTC) - timedelta(minutes=5)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = (
        x509.CertificateBuilder()
        .subject_name(_name("verify test CA"))
        .issuer_name(_name("verify test CA"))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(NOT_AFTER + timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    leaf = (
        x509.CertificateBuilder()
        .subject_name(_name("api.test"))
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(NOT_AFTER)
        .add_extension(
            x509.SubjectAlternativeName([x509.DNSName("api.test"), x509.DNSName("*.api.test")]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), False
        )
        .add_extension(x509.ExtendedKeyUsage([x509.OID_SERVER_AUTH]), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    chain, key_file = folder / "chain.pem", folder / "key.pem"
    chain.write_bytes(leaf.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return ca.public_bytes(serialization.Encoding.PEM), chain, key_file


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, ssl.SSLContext]]:
    """A TLS server on 127.0.0.1 that completes handshakes; (port, a client context trusting it)."""
    ca_pem, chain, key = make_pki(tmp_path_factory.mktemp("pki"))
    server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_context.load_cert_chain(chain, key)
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.2)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                raw, _ = listener.accept()
            except TimeoutError:
                continue
            raw.settimeout(5)
            try:
                with server_context.wrap_socket(raw, server_side=True):
                    pass
            except (ssl.SSLError, OSError):
                raw.close()  # the client refused the certificate: expected in some tests

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    client_context = ssl.create_default_context(cadata=ca_pem.decode())
    yield listener.getsockname()[1], client_context
    stop.set()
    thread.join(timeout=5)
    listener.close()


def test_a_covered_name_reports_its_names_and_expiry(server: tuple[int, ssl.SSLContext]) -> None:
    port, context = server
    for name in ("api.test", "us-east-1.api.test"):
        answer = tls_probe(name, port=port, context=context, address="127.0.0.1", timeout=5)
        assert answer.ok, answer.error
        assert answer.names == ("api.test", "*.api.test")
        assert answer.expires == NOT_AFTER
        assert covers(answer.names, name)


def test_a_name_the_certificate_does_not_cover_fails_the_handshake(
    server: tuple[int, ssl.SSLContext],
) -> None:
    port, context = server
    answer = tls_probe("other.test", port=port, context=context, address="127.0.0.1", timeout=5)
    assert not answer.ok
    assert "mismatch" in answer.error.lower()


def test_an_untrusted_chain_fails(server: tuple[int, ssl.SSLContext]) -> None:
    port, _ = server
    answer = tls_probe("api.test", port=port, address="127.0.0.1", timeout=5)
    assert not answer.ok
    assert "certificate" in answer.error


def test_nothing_listening_fails_without_raising() -> None:
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
    answer = tls_probe("api.test", port=port, address="127.0.0.1", timeout=2)
    assert not answer.ok
    assert answer.error


@pytest.mark.parametrize(
    ("names", "hostname", "expected"),
    [
        (("api.test",), "api.test", True),
        (("API.test",), "api.test.", True),
        (("*.api.test",), "us-east-1.api.test", True),
        (("*.api.test",), "api.test", False),
        (("*.api.test",), "a.b.api.test", False),
        (("*.test",), "api.test", True),
        ((), "api.test", False),
    ],
)
def test_coverage_follows_rfc_6125(names: tuple[str, ...], hostname: str, expected: bool) -> None:
    assert covers(names, hostname) is expected
