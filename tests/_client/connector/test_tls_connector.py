"""TLS through TCPConnector against a wirehttp server with trustme certificates."""

from __future__ import annotations

import hashlib
import ssl
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
import trustme
from connector_helpers import FakeRequest, get, make_key

from wirehttp import (
    ClientConnectorCertificateError,
    ClientTimeout,
    Fingerprint,
    ServerFingerprintMismatch,
    TCPConnector,
)

Serve = Callable[..., Awaitable[Any]]
TIMEOUT = ClientTimeout(total=10, sock_connect=5)


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture(scope="module")
def server_cert(ca: trustme.CA) -> trustme.LeafCert:
    return ca.issue_cert("127.0.0.1", "localhost", "example.test")


@pytest.fixture
def server_ctx(server_cert: trustme.LeafCert) -> ssl.SSLContext:
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_cert.configure_cert(ctx)
    return ctx


@pytest.fixture
def client_ctx(ca: trustme.CA) -> ssl.SSLContext:
    ctx = ssl.create_default_context()
    ca.configure_trust(ctx)
    return ctx


def cert_sha256(cert: trustme.LeafCert) -> bytes:
    der = ssl.PEM_cert_to_DER_cert(cert.cert_chain_pems[0].bytes().decode())
    return hashlib.sha256(der).digest()


async def test_verified_with_custom_context(
    served: Serve, server_ctx: ssl.SSLContext, client_ctx: ssl.SSLContext
) -> None:
    port = await served(ssl_context=server_ctx)
    req = FakeRequest(make_key("127.0.0.1", port, is_ssl=True, ssl_setting=client_ctx))
    async with TCPConnector() as connector:
        conn = await connector.connect(req, [], TIMEOUT)
        assert conn.transport is not None
        assert conn.transport.get_extra_info("ssl_object") is not None
        assert (await get(conn))[0] == 200
        conn.release()


async def test_connector_wide_context_and_server_hostname(
    served: Serve, server_ctx: ssl.SSLContext, client_ctx: ssl.SSLContext
) -> None:
    port = await served(ssl_context=server_ctx)
    key = make_key("127.0.0.1", port, is_ssl=True)
    req = FakeRequest(key, server_hostname="example.test")
    async with TCPConnector(ssl=client_ctx) as connector:
        conn = await connector.connect(req, [], TIMEOUT)
        ssl_object = conn.transport.get_extra_info("ssl_object") if conn.transport else None
        assert ssl_object is not None and ssl_object.server_hostname == "example.test"
        conn.release()


async def test_unknown_ca_rejected_by_default(served: Serve, server_ctx: ssl.SSLContext) -> None:
    port = await served(ssl_context=server_ctx)
    req = FakeRequest(make_key("127.0.0.1", port, is_ssl=True))
    async with TCPConnector() as connector:
        with pytest.raises(ClientConnectorCertificateError) as info:
            await connector.connect(req, [], TIMEOUT)
        assert isinstance(info.value.certificate_error, ssl.SSLCertVerificationError)
        assert connector.book.in_use == 0


async def test_wrong_host_name_rejected(
    served: Serve, server_ctx: ssl.SSLContext, client_ctx: ssl.SSLContext
) -> None:
    port = await served(ssl_context=server_ctx)
    req = FakeRequest(make_key("127.0.0.1", port, is_ssl=True), server_hostname="other.test")
    async with TCPConnector(ssl=client_ctx) as connector:
        with pytest.raises(ClientConnectorCertificateError):
            await connector.connect(req, [], TIMEOUT)


async def test_ssl_false_accepts_unverified(served: Serve, server_ctx: ssl.SSLContext) -> None:
    port = await served(ssl_context=server_ctx)
    req = FakeRequest(make_key("127.0.0.1", port, is_ssl=True, ssl_setting=False))
    async with TCPConnector() as connector:
        conn = await connector.connect(req, [], TIMEOUT)
        assert (await get(conn))[0] == 200
        conn.release()


async def test_fingerprint_match(
    served: Serve, server_ctx: ssl.SSLContext, server_cert: trustme.LeafCert
) -> None:
    port = await served(ssl_context=server_ctx)
    pin = Fingerprint(cert_sha256(server_cert))
    req = FakeRequest(make_key("127.0.0.1", port, is_ssl=True, ssl_setting=pin))
    async with TCPConnector() as connector:
        conn = await connector.connect(req, [], TIMEOUT)
        assert (await get(conn))[0] == 200
        conn.release()


async def test_fingerprint_mismatch(served: Serve, server_ctx: ssl.SSLContext) -> None:
    port = await served(ssl_context=server_ctx)
    pin = Fingerprint(hashlib.sha256(b"another certificate").digest())
    req = FakeRequest(make_key("127.0.0.1", port, is_ssl=True, ssl_setting=pin))
    async with TCPConnector() as connector:
        with pytest.raises(ServerFingerprintMismatch) as info:
            await connector.connect(req, [], TIMEOUT)
        assert info.value.expected == pin.fingerprint
        assert connector.book.in_use == 0


@pytest.mark.parametrize(
    ("size", "message"), [(16, "md5"), (20, "sha1"), (31, "invalid length"), (0, "invalid length")]
)
def test_fingerprint_accepts_sha256_only(size: int, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Fingerprint(b"\0" * size)


def test_fingerprint_value_semantics() -> None:
    digest = hashlib.sha256(b"x").digest()
    assert Fingerprint(digest) == Fingerprint(digest)
    assert hash(Fingerprint(digest)) == hash(Fingerprint(digest))
    assert Fingerprint(digest).fingerprint == digest
