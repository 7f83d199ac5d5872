"""The WebSocket opening handshake (RFC 6455 section 4), both sides, as pure functions.

Owns `new_key`, `accept_token`, `ServerHandshake`, `server_handshake`, `client_request_headers`
and `client_check_response`; `HandshakeError` lives in `models.py` (the extension negotiation
raises it too) and is re-exported here. Header lookups go through the mapping the caller passes
(a case-insensitive multidict in the library); a field sent on several lines is read as their
comma-joined list (RFC 9110 5.3). Choices beside aiohttp 3.14's:

- versions 13, 8 and 7 are accepted, as aiohttp does (drafts 7 and 8 frame exactly as RFC 6455);
  any other, or none, gets 426 with `Sec-WebSocket-Version: 13` (RFC 6455 4.2.2 / 4.4), where
  aiohttp answers 400;
- Upgrade and Connection are read as token lists, case-insensitively (RFC 6455 4.2.1), and the
  method must be GET; aiohttp compares Upgrade as one value and does not check the method;
- the subprotocol is chosen as aiohttp chooses: the first of the client's that the server knows;
- a client refuses a subprotocol it did not offer (RFC 6455 4.1), where aiohttp ignores it.
The client-side refusal messages are aiohttp's (`WSServerHandshakeError.message` is public).
Must not import asyncio or anything above `_sansio`.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from .deflate import PerMessageDeflate, client_accept, client_offer, server_negotiate
from .models import HandshakeError

__all__ = (
    "WS_GUID",
    "HandshakeError",
    "ServerHandshake",
    "accept_token",
    "client_check_response",
    "client_request_headers",
    "new_key",
    "server_handshake",
)

# RFC 6455 1.3: the GUID appended to the key before hashing.
WS_GUID: Final = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
# RFC 6455 4.1: the key is 16 random bytes, base64-encoded (24 characters with padding).
KEY_BYTES: Final = 16
SUPPORTED_VERSIONS: Final = ("13", "8", "7")
_VERSION_HINT: Final = (("Sec-WebSocket-Version", "13"),)


def new_key() -> str:
    """A fresh Sec-WebSocket-Key: 16 random bytes, base64 (RFC 6455 4.1 item 7)."""
    return base64.b64encode(os.urandom(KEY_BYTES)).decode("ascii")


def accept_token(key: str) -> str:
    """The Sec-WebSocket-Accept answering `key` (RFC 6455 4.2.2 item 5.4)."""
    digest = hashlib.sha1(key.encode("ascii") + WS_GUID).digest()
    return base64.b64encode(digest).decode("ascii")


@dataclass(frozen=True, slots=True)
class ServerHandshake:
    """An accepted handshake: the 101 response's headers, the subprotocol, the deflate codec."""

    response_headers: list[tuple[str, str]]
    protocol: str | None
    deflate: PerMessageDeflate | None


def _field(headers: Mapping[str, str], name: str) -> str | None:
    getall: Any = getattr(headers, "getall", None)
    if getall is not None:
        values = getall(name, None)
        return None if values is None else ", ".join(values)
    return headers.get(name)


def _tokens(value: str | None) -> list[str]:
    if not value:
        return []
    return [part.strip(" \t") for part in value.split(",") if part.strip(" \t")]


def _has_token(value: str | None, token: str) -> bool:
    return any(part.lower() == token for part in _tokens(value))


def _valid_key(key: str | None) -> bool:
    if key is None or len(key) != 24:
        return False
    try:
        return len(base64.b64decode(key, validate=True)) == KEY_BYTES
    except (binascii.Error, ValueError):
        return False


def server_handshake(
    method: str, headers: Mapping[str, str], protocols: Sequence[str], *, compress: bool
) -> ServerHandshake:
    """Check a client's upgrade request (RFC 6455 4.2.1) and build the 101 answer (4.2.2).

    Raises HandshakeError (status 400, or 426 with the version hint) when it is not one.
    """
    if method != "GET":
        raise HandshakeError(f"A WebSocket handshake must use GET, not {method[:16]!r}")
    upgrade = _field(headers, "Upgrade")
    if not _has_token(upgrade, "websocket"):
        raise HandshakeError(f"Upgrade header is not websocket: {(upgrade or '')[:64]!r}")
    connection = _field(headers, "Connection")
    if not _has_token(connection, "upgrade"):
        raise HandshakeError(f"Connection header lacks upgrade: {(connection or '')[:64]!r}")
    version = _field(headers, "Sec-WebSocket-Version")
    if version not in SUPPORTED_VERSIONS:
        raise HandshakeError(
            f"Unsupported WebSocket version: {(version or '')[:16]!r}", 426, _VERSION_HINT
        )
    key = _field(headers, "Sec-WebSocket-Key")
    if not _valid_key(key):
        raise HandshakeError(f"Invalid Sec-WebSocket-Key: {(key or '')[:64]!r}")
    assert key is not None
    response = [
        ("Upgrade", "websocket"),
        ("Connection", "upgrade"),
        ("Sec-WebSocket-Accept", accept_token(key)),
    ]
    protocol = next(
        (p for p in _tokens(_field(headers, "Sec-WebSocket-Protocol")) if p in protocols), None
    )
    extensions, deflate = server_negotiate(_field(headers, "Sec-WebSocket-Extensions"), compress)
    if extensions is not None:
        response.append(("Sec-WebSocket-Extensions", extensions))
    if protocol is not None:
        response.append(("Sec-WebSocket-Protocol", protocol))
    return ServerHandshake(response, protocol, deflate)


def client_request_headers(
    key: str, protocols: Sequence[str], compress: int, origin: str | None
) -> list[tuple[str, str]]:
    """The upgrade request's own headers (RFC 6455 4.1), in aiohttp's order and spelling."""
    headers = [
        ("Upgrade", "websocket"),
        ("Connection", "Upgrade"),
        ("Sec-WebSocket-Version", "13"),
        ("Sec-WebSocket-Key", key),
    ]
    if protocols:
        headers.append(("Sec-WebSocket-Protocol", ",".join(protocols)))
    if origin is not None:
        headers.append(("Origin", origin))
    offer = client_offer(compress)
    if offer is not None:
        headers.append(("Sec-WebSocket-Extensions", offer))
    return headers


def client_check_response(
    status: int, headers: Mapping[str, str], key: str, protocols: Sequence[str], compress: int
) -> tuple[str | None, PerMessageDeflate | None]:
    """Check the server's answer (RFC 6455 4.1, client steps 1-6): (subprotocol, deflate codec).

    Raises HandshakeError, with aiohttp's message where aiohttp has one.
    """
    if status != 101:
        raise HandshakeError("Invalid response status")
    if not _has_token(_field(headers, "Upgrade"), "websocket"):
        raise HandshakeError("Invalid upgrade header")
    if not _has_token(_field(headers, "Connection"), "upgrade"):
        raise HandshakeError("Invalid connection header")
    if _field(headers, "Sec-WebSocket-Accept") != accept_token(key):
        raise HandshakeError("Invalid challenge response")
    protocol = _field(headers, "Sec-WebSocket-Protocol")
    if protocol is not None:
        protocol = protocol.strip(" \t")
        if protocol not in protocols:
            raise HandshakeError(
                f"Server chose a subprotocol that was not offered: {protocol[:64]!r}"
            )
    deflate = client_accept(_field(headers, "Sec-WebSocket-Extensions"), compress)
    return protocol, deflate
