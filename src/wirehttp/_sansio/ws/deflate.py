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

import zlib
from typing import Final

from .models import WebSocketError, WSCloseCode

__all__ = (
    "DEFLATE_TRAILER",
    "PerMessageDeflate",
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
