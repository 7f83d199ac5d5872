"""permessage-deflate (RFC 7692): the per-connection codec and the extension negotiation.

Owns `PerMessageDeflate` (one per connection, for one side: it compresses what this side sends
and decompresses what the peer sends), `parse_extensions`, `server_negotiate`, `client_offer` and
`client_accept`. Choices, each beside the code it governs:

- We always inflate with a 32 KiB window (wbits 15): a larger window than the peer compresses with
  is always safe (RFC 7692 7.1.2), so the peer's window parameters only ever bind our compressor.
- zlib cannot compress raw deflate with an 8-bit window, so an offer or a response that would make
  us compress with 8 is declined (server) or refused (client), as aiohttp does.
- Decompressed output is capped by the caller's budget inside zlib (`max_length`), so a small
  compressed frame can never expand in memory past the message limit.
Must not import asyncio or anything above `_sansio`.
"""

from __future__ import annotations

import re
import zlib
from typing import Final

from .models import HandshakeError, WebSocketError, WSCloseCode

__all__ = (
    "DEFLATE_TRAILER",
    "EXTENSION_NAME",
    "PerMessageDeflate",
    "client_accept",
    "client_offer",
    "parse_extensions",
    "server_negotiate",
)

# RFC 7692 7.2.1: a compressed message drops the 4 octets an empty sync flush ends with;
# the receiver puts them back before inflating (7.2.2).
DEFLATE_TRAILER: Final = b"\x00\x00\xff\xff"
# RFC 7692 7.1.2.1: window sizes are 2**8 .. 2**15 bytes.
MIN_WINDOW_BITS: Final = 8
MAX_WINDOW_BITS: Final = 15
# zlib refuses wbits=-8 for raw deflate output (it would silently use 9 in the zlib format).
MIN_COMPRESS_WINDOW_BITS: Final = 9


class PerMessageDeflate:
    """The negotiated parameters and this side's compressor and decompressor.

    `is_server` says which side we are: a server compresses under the server_* parameters and
    its peer under the client_* ones, and a client the other way round.
    """

    __slots__ = (
        "_compressor",
        "_decompressor",
        "client_max_window_bits",
        "client_no_context_takeover",
        "is_server",
        "level",
        "server_max_window_bits",
        "server_no_context_takeover",
    )

    def __init__(
        self,
        *,
        is_server: bool,
        server_no_context_takeover: bool = False,
        client_no_context_takeover: bool = False,
        server_max_window_bits: int = MAX_WINDOW_BITS,
        client_max_window_bits: int = MAX_WINDOW_BITS,
        level: int = zlib.Z_DEFAULT_COMPRESSION,
    ) -> None:
        for bits in (server_max_window_bits, client_max_window_bits):
            if not MIN_WINDOW_BITS <= bits <= MAX_WINDOW_BITS:
                raise ValueError(f"window bits must be 8..15, not {bits!r}")
        self.is_server = is_server
        self.server_no_context_takeover = server_no_context_takeover
        self.client_no_context_takeover = client_no_context_takeover
        self.server_max_window_bits = server_max_window_bits
        self.client_max_window_bits = client_max_window_bits
        self.level = level
        if self._own_window_bits < MIN_COMPRESS_WINDOW_BITS:
            raise ValueError("zlib cannot compress with an 8-bit window")
        self._compressor = self._new_compressor()
        self._decompressor = zlib.decompressobj(wbits=-MAX_WINDOW_BITS)

    def __repr__(self) -> str:
        return f"<PerMessageDeflate {'server' if self.is_server else 'client'} {self.params()}>"

    def params(self) -> str:
        """The parameters as a response would carry them (for logs and tests)."""
        parts = []
        if self.server_no_context_takeover:
            parts.append("server_no_context_takeover")
        if self.client_no_context_takeover:
            parts.append("client_no_context_takeover")
        if self.server_max_window_bits < MAX_WINDOW_BITS:
            parts.append(f"server_max_window_bits={self.server_max_window_bits}")
        if self.client_max_window_bits < MAX_WINDOW_BITS:
            parts.append(f"client_max_window_bits={self.client_max_window_bits}")
        return "; ".join(parts)

    @property
    def _own_window_bits(self) -> int:
        return self.server_max_window_bits if self.is_server else self.client_max_window_bits

    @property
    def _own_no_context_takeover(self) -> bool:
        if self.is_server:
            return self.server_no_context_takeover
        return self.client_no_context_takeover

    @property
    def _peer_no_context_takeover(self) -> bool:
        if self.is_server:
            return self.client_no_context_takeover
        return self.server_no_context_takeover

    def _new_compressor(self) -> zlib._Compress:
        return zlib.compressobj(self.level, zlib.DEFLATED, -self._own_window_bits)

    def compress(self, data: bytes) -> bytes:
        """One whole message's payload, compressed (RFC 7692 7.2.1); send it with RSV1 set."""
        out = self._compressor.compress(data) + self._compressor.flush(zlib.Z_SYNC_FLUSH)
        if self._own_no_context_takeover:
            # RFC 7692 7.1.1: the next message may not refer back to this one
            self._compressor = self._new_compressor()
        if out.endswith(DEFLATE_TRAILER):
            out = out[: -len(DEFLATE_TRAILER)]
        return out or b"\x00"  # RFC 7692 7.2.3.6: an empty message is one empty stored block

    def decompress(self, data: bytes, max_size: int | None, *, final: bool = True) -> bytes:
        """Inflate `data` (a whole message, or with `final=False` one of its frames).

        At most `max_size` bytes come out (None: no cap); more raises WebSocketError(1009), and
        broken deflate data raises WebSocketError(1007). `final` ends the message: the trailer is
        put back (RFC 7692 7.2.2) and, when the peer does not keep its context, ours is dropped.
        """
        if final:
            data += DEFLATE_TRAILER
        decomp = self._decompressor
        try:
            if max_size is None:
                out = decomp.decompress(data)
            else:
                out = decomp.decompress(data, max_size + 1)  # one more byte shows an overflow
        except zlib.error as exc:
            raise WebSocketError(
                WSCloseCode.INVALID_TEXT, f"Invalid compressed data: {exc}"
            ) from None
        if max_size is not None and (len(out) > max_size or decomp.unconsumed_tail):
            raise WebSocketError(
                WSCloseCode.MESSAGE_TOO_BIG,
                f"Decompressed message over the {max_size}-byte budget",
            )
        if decomp.eof or (final and self._peer_no_context_takeover):
            # a peer that ended its deflate stream (BFINAL) starts a new one with the next message
            if decomp.unused_data not in (b"", DEFLATE_TRAILER):
                raise WebSocketError(WSCloseCode.INVALID_TEXT, "Data after the deflate stream end")
            self._decompressor = zlib.decompressobj(wbits=-MAX_WINDOW_BITS)
        return out


# -- negotiation (RFC 6455 9.1 header syntax, RFC 7692 7.1 parameters) --------------------------

Extension = tuple[str, tuple[tuple[str, str | None], ...]]  # (name, ((param, value or None), ...))

EXTENSION_NAME: Final = "permessage-deflate"
_TOKEN: Final = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
_QUOTED: Final = re.compile(r'"((?:[^"\\\x00-\x08\x0a-\x1f\x7f]|\\[\t -~])*)"')
_WINDOW_BITS: Final = re.compile(r"[1-9][0-9]?")  # RFC 7692 7.1.2.1: 1*DIGIT, no leading zero
_PARAMS: Final = frozenset(
    (
        "server_no_context_takeover",
        "client_no_context_takeover",
        "server_max_window_bits",
        "client_max_window_bits",
    )
)


def parse_extensions(header: str) -> list[Extension]:
    """A Sec-WebSocket-Extensions value as (name, params) pairs, in order (RFC 6455 9.1).

    Quoted parameter values are unquoted (RFC 6455 9.1 allows them). Empty list elements are
    skipped (RFC 9110 5.6.1). Raises ValueError on anything else that does not parse.
    """
    out: list[Extension] = []
    pos = _skip_ows(header, 0)
    end = len(header)
    while pos < end:
        if header[pos] == ",":
            pos = _skip_ows(header, pos + 1)
            continue
        name, pos = _token(header, pos)
        params: list[tuple[str, str | None]] = []
        while pos < end and header[pos] == ";":
            pos = _skip_ows(header, pos + 1)
            param, pos = _token(header, pos)
            value = None
            if pos < end and header[pos] == "=":
                value, pos = _param_value(header, _skip_ows(header, pos + 1))
            params.append((param, value))
        if pos < end and header[pos] != ",":
            raise ValueError(f"unexpected {header[pos]!r} in extensions at {pos}")
        out.append((name, tuple(params)))
    return out


def _skip_ows(header: str, pos: int) -> int:
    end = len(header)
    while pos < end and header[pos] in " \t":
        pos += 1
    return pos


def _token(header: str, pos: int) -> tuple[str, int]:
    match = _TOKEN.match(header, pos)
    if match is None:
        raise ValueError(f"a token expected in extensions at {pos}")
    return match.group(), _skip_ows(header, match.end())


def _param_value(header: str, pos: int) -> tuple[str, int]:
    if header.startswith('"', pos):
        match = _QUOTED.match(header, pos)
        if match is None:
            raise ValueError(f"a broken quoted string in extensions at {pos}")
        value = re.sub(r"\\(.)", r"\1", match.group(1))
        return value, _skip_ows(header, match.end())
    return _token(header, pos)


def _deflate_params(
    params: tuple[tuple[str, str | None], ...], *, in_offer: bool
) -> dict[str, bool | int | None]:
    """Check permessage-deflate's parameters (RFC 7692 7.1): known names, each at most once,
    values only where allowed. In an offer `client_max_window_bits` may come bare (None)."""
    seen: dict[str, bool | int | None] = {}
    for name, value in params:
        if name not in _PARAMS or name in seen:
            raise ValueError(f"unknown or repeated permessage-deflate parameter {name!r}")
        if name.endswith("no_context_takeover"):
            if value is not None:
                raise ValueError(f"{name} takes no value")
            seen[name] = True
        elif value is None:
            if name == "server_max_window_bits" or not in_offer:
                raise ValueError(f"{name} needs a value")
            seen[name] = None
        else:
            if not _WINDOW_BITS.fullmatch(value) or not 8 <= int(value) <= MAX_WINDOW_BITS:
                raise ValueError(f"{name}={value!r} is not a window size of 8..15")
            seen[name] = int(value)
    return seen


def server_negotiate(
    offer_header: str | None, enabled: bool
) -> tuple[str | None, PerMessageDeflate | None]:
    """Pick the first acceptable permessage-deflate offer: (response value, server codec).

    A header that does not parse, or offers we cannot honour (unknown parameters, an 8-bit
    server window), are declined rather than refused: the connection goes on uncompressed
    (RFC 7692 5: the server declines by leaving the extension out of its response). The
    response names server_max_window_bits when the offer did (7.1.2.1) and
    server_no_context_takeover when asked; the client's parameters are left out, which RFC 7692
    allows, since we inflate with the largest window and whatever the client's context does.
    """
    if not enabled or not offer_header:
        return None, None
    try:
        offers = parse_extensions(offer_header)
    except ValueError:
        return None, None
    for name, params in offers:
        if name != EXTENSION_NAME:
            continue
        try:
            chosen = _deflate_params(params, in_offer=True)
        except ValueError:
            continue
        bits = chosen.get("server_max_window_bits")
        if bits is not None and int(bits) < MIN_COMPRESS_WINDOW_BITS:
            continue
        notakeover = "server_no_context_takeover" in chosen
        response = [EXTENSION_NAME]
        if bits is not None:
            response.append(f"server_max_window_bits={bits}")
        if notakeover:
            response.append("server_no_context_takeover")
        codec = PerMessageDeflate(
            is_server=True,
            server_no_context_takeover=notakeover,
            server_max_window_bits=MAX_WINDOW_BITS if bits is None else int(bits),
        )
        return "; ".join(response), codec
    return None, None


def client_offer(compress: int) -> str | None:
    """The Sec-WebSocket-Extensions value a client sends for ws_connect's `compress`.

    0 offers nothing; 9..15 offers permessage-deflate, asking the server to compress with at
    most that window when under 15 (aiohttp's offer, word for word). 8 is refused: zlib cannot
    compress raw deflate with it.
    """
    if not compress:
        return None
    if not MIN_COMPRESS_WINDOW_BITS <= compress <= MAX_WINDOW_BITS:
        raise ValueError(f"compress must be 0 or a window size of 9..15, not {compress!r}")
    offer = f"{EXTENSION_NAME}; client_max_window_bits"
    if compress < MAX_WINDOW_BITS:
        offer += f"; server_max_window_bits={compress}"
    return offer


def client_accept(response_header: str | None, compress: int) -> PerMessageDeflate | None:
    """The client codec for the server's Sec-WebSocket-Extensions answer to `client_offer`.

    Raises HandshakeError when the answer names an extension we did not offer (RFC 6455 9.1),
    more than one, or parameters RFC 7692 7.1 forbids, or a window we cannot honour (a client
    window of 8, a server window over the one we asked for). No answer means no compression.
    """
    if response_header is None or not response_header.strip(" \t"):
        return None
    try:
        extensions = parse_extensions(response_header)
    except ValueError as exc:
        raise HandshakeError(f"Invalid Sec-WebSocket-Extensions: {exc}") from None
    if not compress or len(extensions) != 1 or extensions[0][0] != EXTENSION_NAME:
        raise HandshakeError("Server accepted an extension that was not offered")
    try:
        params = _deflate_params(extensions[0][1], in_offer=False)
    except ValueError as exc:
        raise HandshakeError(f"Invalid permessage-deflate response: {exc}") from None
    server_bits = int(params.get("server_max_window_bits") or MAX_WINDOW_BITS)
    client_bits = int(params.get("client_max_window_bits") or MAX_WINDOW_BITS)
    if server_bits > compress:
        raise HandshakeError("Server window larger than the one offered")
    if client_bits < MIN_COMPRESS_WINDOW_BITS:
        raise HandshakeError("Client window of 8 bits is not supported")
    return PerMessageDeflate(
        is_server=False,
        server_no_context_takeover="server_no_context_takeover" in params,
        client_no_context_takeover="client_no_context_takeover" in params,
        server_max_window_bits=server_bits,
        client_max_window_bits=client_bits,
    )
