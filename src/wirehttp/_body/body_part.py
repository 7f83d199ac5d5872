"""BodyPartReader: one part of a multipart body, read as it arrives.

Owns: `BodyPartReader(boundary, headers, content, ...)` with aiohttp 3.14's API: `read(decode=)`,
`read_chunk(size)`, `readline()`, `release()`, `text()`, `json()`, `form()`, `decode()`,
`decode_iter()`, `get_charset()`, `at_eof()`, `name`, `filename`, async iteration; and
`BodyPartReaderPayload` (a part forwarded into a MultipartWriter, streamed). The part ends at
the first `CRLF--boundary` (RFC 2046 5.1: the delimiter cannot occur inside a part), found in
the shared `PartStream` without reading past it. `read()` holds the whole part, so it stops at
`client_max_size` (raising `max_size_error_cls(client_max_size)`); `read_chunk` streams.
Must not import `_client`, `_server` or `_web`.
"""

from __future__ import annotations

import json
import sys
from collections.abc import AsyncIterator
from typing import Any, Final
from urllib.parse import parse_qsl

from multidict import CIMultiDictProxy

from .. import hdrs
from .._base.content_type import parse_content_type
from .._io.writer_abc import AbstractStreamWriter
from .._sansio.errors import BodyTooLarge
from .disposition import content_disposition_filename, parse_content_disposition
from .part_codings import decode_part
from .part_stream import PartStream
from .payload import Payload
from .registry import Order, payload_type

__all__ = ("BodyPartReader", "BodyPartReaderPayload")

MAX_LINE: Final = 2**16  # readline(): a longer run without a line end is an error


class BodyPartReader:
    """One body part: its headers and a body read up to the next boundary."""

    chunk_size = 8192

    def __init__(
        self,
        boundary: bytes,
        headers: CIMultiDictProxy[str],
        content: Any,
        *,
        subtype: str = "mixed",
        default_charset: str | None = None,
        client_max_size: int = sys.maxsize,
        max_size_error_cls: type[Exception] = ValueError,
        **_ignored: Any,
    ) -> None:
        self.headers = headers
        self._boundary = boundary
        self._delimiter = b"\r\n" + boundary
        self._stream = PartStream.of(content)
        self._default_charset = default_charset
        self._is_form_data = subtype == "form-data"
        self._client_max_size = client_max_size
        self._max_size_error_cls = max_size_error_cls
        self._at_eof = False
        self._read_bytes = 0
        self._params: dict[str, str] | None = None  # Content-Disposition parameters, parsed once

    def __repr__(self) -> str:
        return f"<BodyPartReader name={self.name!r} read={self._read_bytes} eof={self._at_eof}>"

    def __aiter__(self) -> BodyPartReader:
        return self

    async def __anext__(self) -> bytes:
        part = await self.next()
        if part is None:
            raise StopAsyncIteration
        return part

    async def next(self) -> bytes | None:
        """The rest of the part (as `read()`), or None once it was read."""
        item = await self.read()
        return bytes(item) if item else None

    def at_eof(self) -> bool:
        """True once the part's boundary was reached."""
        return self._at_eof

    async def read_chunk(self, size: int = chunk_size) -> bytes:
        """Up to `size` bytes of the part body (fewer when less is buffered); b"" at its end."""
        if self._at_eof:
            return b""
        data, ended = await self._stream.read_body(self._delimiter, max(size, 1))
        self._read_bytes += len(data)
        self._at_eof = ended
        return data

    async def readline(self) -> bytes:
        """The next line of the body, its line end included (the last line has none)."""
        if self._at_eof:
            return b""
        line, ended = await self._stream.read_body_line(self._delimiter, MAX_LINE)
        self._read_bytes += len(line)
        self._at_eof = ended
        return line

    async def read(self, *, decode: bool = False) -> bytearray:
        """The whole rest of the part (decoded when asked), at most `client_max_size` bytes."""
        data = bytearray()
        while not self._at_eof:
            data += await self.read_chunk(self.chunk_size)
            if len(data) > self._client_max_size:
                raise self._max_size_error_cls(self._client_max_size)
        return bytearray(self.decode(bytes(data))) if decode else data

    async def release(self) -> None:
        """Read the rest of the part to the void."""
        while not self._at_eof:
            await self.read_chunk(2**16)

    async def text(self, *, encoding: str | None = None) -> str:
        data = await self.read(decode=True)
        return data.decode(encoding or self.get_charset(default="utf-8"))

    async def json(self, *, encoding: str | None = None) -> Any:
        data = await self.read(decode=True)
        if not data:
            return None
        return json.loads(data.decode(encoding or self.get_charset(default="utf-8")))

    async def form(self, *, encoding: str | None = None) -> list[tuple[str, str]]:
        """The part as application/x-www-form-urlencoded pairs."""
        data = await self.read(decode=True)
        if not data:
            return []
        real_encoding = encoding or self.get_charset(default="utf-8")
        try:
            text = data.rstrip().decode(real_encoding)
        except UnicodeDecodeError:
            raise ValueError(f"data cannot be decoded with {real_encoding} encoding") from None
        return parse_qsl(text, keep_blank_values=True, encoding=real_encoding)

    def decode(self, data: bytes) -> bytes:
        """`data` with the part's Content-Transfer-Encoding and Content-Encoding undone
        (form-data parts: only the transfer encoding, RFC 7578 4.7)."""
        transfer = self.headers.get(hdrs.CONTENT_TRANSFER_ENCODING, "").lower() or None
        coding = None
        if not self._is_form_data:
            coding = self.headers.get(hdrs.CONTENT_ENCODING, "").lower() or None
        try:
            return decode_part(data, coding, transfer, self._client_max_size)
        except BodyTooLarge:
            raise self._max_size_error_cls(self._client_max_size) from None

    async def decode_iter(self, data: bytes) -> AsyncIterator[bytes]:
        yield self.decode(data)

    def get_charset(self, default: str) -> str:
        """The charset of the part's Content-Type, else the form's `_charset_`, else default."""
        params = parse_content_type(self.headers.get(hdrs.CONTENT_TYPE, ""))[1]
        return params.get("charset", self._default_charset or default)

    def _disposition(self, key: str) -> str | None:
        if self._params is None:
            header = self.headers.get(hdrs.CONTENT_DISPOSITION)
            self._params = parse_content_disposition(header)[1]
        return content_disposition_filename(self._params, key)

    @property
    def name(self) -> str | None:
        """The `name` of the Content-Disposition (None when absent or malformed)."""
        return self._disposition("name")

    @property
    def filename(self) -> str | None:
        """The `filename` of the Content-Disposition (None when absent or malformed)."""
        return self._disposition("filename")


@payload_type(BodyPartReader, order=Order.try_first)
class BodyPartReaderPayload(Payload):
    """A part being read, sent on as a part of another multipart body (once)."""

    _value: BodyPartReader

    def __init__(self, value: BodyPartReader, *args: Any, **kwargs: Any) -> None:
        super().__init__(value, *args, **kwargs)
        params = {"name": value.name, "filename": value.filename}
        present = {key: text for key, text in params.items() if text is not None}
        if present:
            self.set_content_disposition("attachment", True, **present)

    def decode(self, encoding: str = "utf-8", errors: str = "strict") -> str:
        raise TypeError("Unable to decode.")

    async def as_bytes(self, encoding: str = "utf-8", errors: str = "strict") -> bytes:
        raise TypeError("Unable to read body part as bytes. Use write() to consume.")

    async def write(self, writer: AbstractStreamWriter) -> None:
        """The part's body, decoded: streamed as read, or (when coded) decoded whole."""
        self._consumed = True
        field = self._value
        if any(
            name in field.headers
            for name in (hdrs.CONTENT_ENCODING, hdrs.CONTENT_TRANSFER_ENCODING)
        ):
            await writer.write(await field.read(decode=True))
            return
        while chunk := await field.read_chunk(2**16):
            await writer.write(chunk)


BodyPartReader.__module__ = "wirehttp"  # documented as wirehttp.BodyPartReader
BodyPartReaderPayload.__module__ = "wirehttp.multipart"
