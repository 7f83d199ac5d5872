"""The incremental WebSocket reader: bytes in, whole messages (or one protocol error) out.

Owns `WebSocketReader`. Rules, each checked as soon as the bytes that break it arrive (the first
two header bytes carry most of them), so a violation is reported before its payload is read:

- RFC 6455 5.2: RSV2/RSV3 must be 0; RSV1 only with permessage-deflate, and only on the first
  frame of a data message (RFC 7692 6.1); opcodes 0x3-0x7 and 0xB-0xF are reserved.
- RFC 6455 5.1 / 5.3: frames from a client are masked, frames from a server are not.
- RFC 6455 5.2: the payload length uses its minimal form, and a 64-bit length has its top bit
  clear. We refuse a non-minimal length (1002): the RFC says MUST, and every peer we know obeys.
- RFC 6455 5.4-5.5: control frames are never fragmented and carry at most 125 bytes; they may
  arrive between the fragments of a message; a continuation needs a started message and a new
  TEXT/BINARY frame may not start while one is open.
- RFC 6455 8.1: TEXT messages (and close reasons, 5.5.1) are UTF-8; a fragmented TEXT message is
  checked as its frames arrive, so a bad byte fails without waiting for the last fragment.
- Size: the reassembled message, counted after decompression, may not exceed `max_msg_size`
  (0 means no limit, as aiohttp). An uncompressed frame is refused on its header alone when it
  would cross the limit; a compressed frame may not be longer on the wire than the limit, and
  its output is capped by the remaining budget inside zlib, so nothing past the limit is buffered.

A violation is returned as a `WebSocketError` (its `code` is the close code to send) after the
messages completed before it; the reader is then dead and later feeds return `[]`. Frames after
a CLOSE are parsed as usual: the session decides what to do with them.
Must not import asyncio or anything above `_sansio`.
"""

from __future__ import annotations

import codecs
from typing import TYPE_CHECKING, Any, Final

from .models import (
    DEFAULT_MAX_MSG_SIZE,
    MAX_CONTROL_PAYLOAD,
    WebSocketError,
    WSCloseCode,
    WSMessage,
    WSMsgType,
)
from .wire import OP_BINARY, OP_CLOSE, OP_CONTINUATION, OP_PING, OP_TEXT, apply_mask, parse_close

if TYPE_CHECKING:
    from .deflate import PerMessageDeflate

__all__ = ("WebSocketReader",)

_PROTOCOL_ERROR: Final = WSCloseCode.PROTOCOL_ERROR
_INVALID_TEXT: Final = WSCloseCode.INVALID_TEXT
_TOO_BIG: Final = WSCloseCode.MESSAGE_TOO_BIG
_READING_HEADER: Final = -1  # `_need` while a frame header is (being) read
_MIN_16: Final = 126  # RFC 6455 5.2: lengths 126..65535 use the 16-bit form
_MIN_64: Final = 0x10000  # and larger ones the 64-bit form

ReaderEvent = WSMessage | WebSocketError


class WebSocketReader:
    """Feed received bytes, get messages; see the module docstring for the rules."""

    __slots__ = (
        "_chunks",
        "_decode_text",
        "_deflate",
        "_expect_masked",
        "_failed",
        "_fin",
        "_head",
        "_mask",
        "_max_msg_size",
        "_msg_compressed",
        "_msg_opcode",
        "_msg_parts",
        "_msg_size",
        "_need",
        "_opcode",
        "_rsv1",
        "_utf8",
    )

    def __init__(
        self,
        *,
        expect_masked: bool,
        max_msg_size: int = DEFAULT_MAX_MSG_SIZE,
        deflate: PerMessageDeflate | None = None,
        decode_text: bool = True,
    ) -> None:
        # decode_text=False (aiohttp 3.14's option): TEXT data stays bytes, still checked as UTF-8
        # (RFC 6455 8.1); it comes in a WSMessage, which the session may retag as aiohttp's
        # WSMessageTextBytes.
        self._expect_masked = expect_masked
        self._max_msg_size = max_msg_size
        self._deflate = deflate
        self._decode_text = decode_text
        self._failed = False
        self._head = b""  # the start of a header that has not fully arrived
        self._need = _READING_HEADER  # payload bytes of the current frame still to come
        self._chunks: list[bytes] = []  # the current frame's payload, when it comes in pieces
        self._fin = False
        self._opcode = 0
        self._rsv1 = False
        self._mask: bytes | None = None
        self._msg_opcode = 0  # OP_TEXT or OP_BINARY while a fragmented message is open
        self._msg_compressed = False
        self._msg_parts: list[Any] = []  # bytes, or str for a decoded TEXT message
        self._msg_size = 0
        self._utf8 = codecs.getincrementaldecoder("utf-8")()

    def __repr__(self) -> str:
        state = "failed" if self._failed else "header" if self._need < 0 else "payload"
        return (
            f"<WebSocketReader {state} masked={self._expect_masked} "
            f"open_message={self._msg_opcode} size={self._msg_size}/{self._max_msg_size} "
            f"deflate={self._deflate is not None}>"
        )

    @property
    def failed(self) -> bool:
        """A violation was reported; the reader ignores everything from now on."""
        return self._failed

    def feed(self, data: bytes | bytearray | memoryview) -> list[ReaderEvent]:
        """Messages completed by `data`, in order, then a `WebSocketError` if the peer erred."""
        if self._failed:
            return []
        out: list[ReaderEvent] = []
        if self._head:
            data = self._head + data
            self._head = b""
        elif type(data) is not bytes:
            data = bytes(data)
        try:
            self._run(data, out)
        except WebSocketError as exc:
            self._failed = True
            self._head = b""
            self._chunks.clear()
            self._msg_parts.clear()
            out.append(exc)
        return out

    def _run(self, data: bytes, out: list[ReaderEvent]) -> None:
        pos = 0
        end = len(data)
        chunks = self._chunks
        while True:
            if self._need < 0:
                after = self._read_header(data, pos, end)
                if after < 0:
                    self._head = data[pos:]
                    return
                pos = after
            need = self._need
            if not chunks and end - pos >= need:  # the whole payload is here: one slice
                payload = data[pos : pos + need]
                pos += need
            else:
                take = min(need, end - pos)
                if take:
                    chunks.append(data[pos : pos + take])
                    pos += take
                self._need = need - take
                if self._need:
                    return
                payload = b"".join(chunks)
                chunks.clear()
            self._need = _READING_HEADER
            if self._mask is not None:
                payload = apply_mask(self._mask, payload)
            opcode = self._opcode
            if opcode >= OP_CLOSE:
                out.append(_control_message(opcode, payload))
            elif opcode and self._fin and not self._rsv1:  # one plain frame, one message
                self._msg_size = 0
                out.append(self._single(opcode, payload))
            else:
                self._data_frame(payload, out)

    def _read_header(self, data: bytes, pos: int, end: int) -> int:
        """Parse the frame header at `pos`: the position after it, or -1 if it is incomplete."""
        if end - pos < 2:
            return -1
        first = data[pos]
        second = data[pos + 1]
        masked = self._expect_masked
        opcode = first & 0x0F
        length = second & 0x7F
        if first & 0x70 or not 0 < opcode < 3 or self._msg_opcode or (second >= 0x80) is not masked:
            self._check_start(first, opcode, second & 0x80, length)  # anything but the usual
        size = 2
        if length == 126:
            size = 4
            if end - pos < size:
                return -1
            length = int.from_bytes(data[pos + 2 : pos + 4], "big")
            if length < _MIN_16:
                raise WebSocketError(_PROTOCOL_ERROR, "Frame length not minimally encoded")
        elif length == 127:
            size = 10
            if end - pos < size:
                return -1
            length = int.from_bytes(data[pos + 2 : pos + 10], "big")
            if length >> 63:  # RFC 6455 5.2: the most significant bit MUST be 0
                raise WebSocketError(_PROTOCOL_ERROR, "Frame length has its top bit set")
            if length < _MIN_64:
                raise WebSocketError(_PROTOCOL_ERROR, "Frame length not minimally encoded")
        if masked:
            if end - pos < size + 4:
                return -1
            self._mask = data[pos + size : pos + size + 4]
            size += 4
        if opcode < OP_CLOSE:
            total = self._msg_size + length
            limit = self._max_msg_size
            if first & 0x40 or self._msg_compressed or (limit and total > limit):
                self._check_size(opcode, first & 0x40, length)
            else:
                self._msg_size = total
        self._fin = first >= 0x80
        self._rsv1 = bool(first & 0x40)
        self._opcode = opcode
        self._need = length
        return pos + size

    def _check_start(self, first: int, opcode: int, masked: int, length: int) -> None:
        """The rules the first two header bytes decide (RFC 6455 5.1-5.5, RFC 7692 6.1)."""
        if first & 0x70:
            if first & 0x30:
                raise WebSocketError(_PROTOCOL_ERROR, "Frame has RSV2 or RSV3 set")
            if self._deflate is None:
                raise WebSocketError(_PROTOCOL_ERROR, "Frame has RSV1 set with no extension")
            if opcode not in (OP_TEXT, OP_BINARY):
                raise WebSocketError(
                    _PROTOCOL_ERROR, "RSV1 set on a frame that is not a message start"
                )
        if bool(masked) is not self._expect_masked:
            which = (
                "Unmasked frame from a client"
                if self._expect_masked
                else "Masked frame from a server"
            )
            raise WebSocketError(_PROTOCOL_ERROR, which)
        if opcode >= OP_CLOSE:
            if opcode > 0xA:
                raise WebSocketError(_PROTOCOL_ERROR, f"Reserved opcode {opcode:#x}")
            if first < 0x80:
                raise WebSocketError(_PROTOCOL_ERROR, "Fragmented control frame")
            if length > MAX_CONTROL_PAYLOAD:
                raise WebSocketError(_PROTOCOL_ERROR, "Control frame payload over 125 bytes")
        elif opcode > OP_BINARY:
            raise WebSocketError(_PROTOCOL_ERROR, f"Reserved opcode {opcode:#x}")
        elif opcode == OP_CONTINUATION:
            if not self._msg_opcode:
                raise WebSocketError(_PROTOCOL_ERROR, "Continuation frame with no message open")
        elif self._msg_opcode:
            raise WebSocketError(_PROTOCOL_ERROR, "New message started inside a fragmented one")

    def _check_size(self, opcode: int, rsv1: int, length: int) -> None:
        limit = self._max_msg_size
        if not limit:
            return
        compressed = bool(rsv1) if opcode else self._msg_compressed
        total = length if compressed else self._msg_size + length
        if total > limit:
            what = "Compressed frame" if compressed else "Message"
            raise WebSocketError(
                _TOO_BIG, f"{what} of {total} bytes is over the {limit}-byte limit"
            )
        if not compressed:
            self._msg_size = total

    def _data_frame(self, payload: bytes, out: list[ReaderEvent]) -> None:
        opcode = self._opcode
        if opcode:  # the first frame of a message
            self._msg_compressed = self._rsv1
        if self._msg_compressed:
            payload = self._inflate(payload)
        if opcode and self._fin:  # a whole message in one frame: the common case
            self._msg_size = 0
            self._msg_compressed = False
            out.append(self._single(opcode, payload))
            return
        if opcode:
            self._msg_opcode = opcode
        if self._msg_opcode == OP_TEXT:
            try:
                text = self._utf8.decode(payload, self._fin)
            except UnicodeDecodeError:
                raise WebSocketError(_INVALID_TEXT, "Invalid UTF-8 in a text message") from None
            self._msg_parts.append(text if self._decode_text else payload)
        else:
            self._msg_parts.append(payload)
        if self._fin:
            out.append(self._assembled())
            self._msg_opcode = 0
            self._msg_compressed = False
            self._msg_size = 0
            self._msg_parts.clear()
            self._utf8.reset()

    def _single(self, opcode: int, payload: bytes) -> WSMessage:
        if opcode == OP_BINARY:
            return WSMessage(WSMsgType.BINARY, payload, "")
        try:
            text = payload.decode("utf-8")
        except UnicodeDecodeError:
            raise WebSocketError(_INVALID_TEXT, "Invalid UTF-8 in a text message") from None
        if self._decode_text:
            return WSMessage(WSMsgType.TEXT, text, "")
        return WSMessage(WSMsgType.TEXT, payload, "")

    def _assembled(self) -> WSMessage:
        parts = self._msg_parts
        if self._msg_opcode == OP_BINARY:
            return WSMessage(WSMsgType.BINARY, b"".join(parts), "")
        if self._decode_text:
            return WSMessage(WSMsgType.TEXT, "".join(parts), "")
        return WSMessage(WSMsgType.TEXT, b"".join(parts), "")

    def _inflate(self, payload: bytes) -> bytes:
        assert self._deflate is not None  # RSV1 is refused without it
        limit = self._max_msg_size
        budget = limit - self._msg_size if limit else None
        data = self._deflate.decompress(payload, budget, final=self._fin)
        self._msg_size += len(data)
        return data


def _control_message(opcode: int, payload: bytes) -> WSMessage:
    if opcode == OP_PING:
        return WSMessage(WSMsgType.PING, payload, "")
    if opcode == OP_CLOSE:
        code, reason = parse_close(payload)
        return WSMessage(WSMsgType.CLOSE, code, reason)
    return WSMessage(WSMsgType.PONG, payload, "")
