"""TLS for the connector: the default contexts and certificate pinning.

Owns `Fingerprint` (public as `wirehttp.Fingerprint`; SHA-256 only, as aiohttp 3.14) and
`ssl_context_for(setting)`, which turns a key's `ssl` (True / False / SSLContext / Fingerprint)
into the context to connect with. Verification is on unless the user says False (or pins a
fingerprint, which replaces it). Imports nothing from _server or _web.
"""

from __future__ import annotations

import functools
import hashlib
import ssl
import warnings
from typing import Any

from ..exceptions import ServerFingerprintMismatch

__all__ = (
    "Fingerprint",
    "default_context",
    "merge_ssl_spellings",
    "ssl_context_for",
    "unverified_context",
)

_SHA256_LEN = 32
_WEAK = {16: "md5", 20: "sha1"}


class Fingerprint:
    """Pins a server certificate by the SHA-256 digest of its DER form."""

    __slots__ = ("_fingerprint",)

    def __init__(self, fingerprint: bytes) -> None:
        size = len(fingerprint)
        if size in _WEAK:
            raise ValueError("md5 and sha1 are insecure and not supported. Use sha256.")
        if size != _SHA256_LEN:
            raise ValueError("fingerprint has invalid length")
        self._fingerprint = fingerprint

    def __repr__(self) -> str:
        return f"<Fingerprint sha256={self._fingerprint.hex()}>"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Fingerprint) and other._fingerprint == self._fingerprint

    def __hash__(self) -> int:
        return hash(self._fingerprint)

    @property
    def fingerprint(self) -> bytes:
        return self._fingerprint

    def check(self, transport: Any) -> None:
        """Raise ServerFingerprintMismatch unless the peer's certificate has this digest."""
        ssl_object = transport.get_extra_info("ssl_object")
        if ssl_object is None:
            return
        cert = ssl_object.getpeercert(binary_form=True) or b""
        got = hashlib.sha256(cert).digest()
        if got != self._fingerprint:
            host, port, *_ = transport.get_extra_info("peername")
            raise ServerFingerprintMismatch(self._fingerprint, got, host, port)


Fingerprint.__module__ = "wirehttp"


@functools.cache
def default_context() -> ssl.SSLContext:
    """The verifying context (system CAs, hostname check), built once."""
    return ssl.create_default_context()


@functools.cache
def unverified_context() -> ssl.SSLContext:
    """A context that checks neither the chain nor the host name (ssl=False, Fingerprint)."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


def ssl_context_for(setting: bool | ssl.SSLContext | Fingerprint | None) -> ssl.SSLContext:
    """The context for a key's `ssl` setting (None and True: verified)."""
    if isinstance(setting, ssl.SSLContext):
        return setting
    if setting is False or isinstance(setting, Fingerprint):
        return unverified_context()
    return default_context()


def merge_ssl_spellings(
    setting: Any,
    verify_ssl: bool,
    fingerprint: bytes | None,
    context: ssl.SSLContext | None,
    *,
    stacklevel: int = 2,
) -> Any:
    """`ssl=` from aiohttp's older TCPConnector spellings too (verify_ssl=, fingerprint=,
    ssl_context=), which aiohttp 3.14 still accepts with a DeprecationWarning each (pointing at
    the caller's line, `stacklevel` frames up); giving more than one is a ValueError."""
    for given, message in (
        (not verify_ssl, "verify_ssl is deprecated, use ssl=False instead"),
        (context is not None, "ssl_context is deprecated, use ssl=context instead"),
        (fingerprint, "fingerprint is deprecated, use ssl=Fingerprint(fingerprint) instead"),
    ):
        if given:
            warnings.warn(message, DeprecationWarning, stacklevel=stacklevel + 1)
    legacy = [
        value
        for value in (
            None if verify_ssl else False,
            Fingerprint(fingerprint) if fingerprint else None,
            context,
        )
        if value is not None
    ]
    if (legacy and setting is not True) or len(legacy) > 1:
        raise ValueError("ssl, verify_ssl, fingerprint and ssl_context are mutually exclusive")
    return legacy[0] if legacy else setting
