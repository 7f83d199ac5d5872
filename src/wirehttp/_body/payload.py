"""Payloads: a body with its headers, its size when known, and a way to write it out.

Owns: `Payload` (aiohttp 3.14's abstract base: `headers`, `content_type`, `size`, `filename`,
`encoding`, `consumed`, `autoclose`, `set_content_disposition`, `write(writer)`,
`write_with_length`, `as_bytes`, `decode`, `close`), `StreamedPayload` (the private base of
wirehttp's own payloads: they produce their bytes as an async iterator, `_chunks()`, and `write`
is built on it) and the in-memory payloads `BytesPayload`, `StringPayload`, `StringIOPayload`,
`JsonPayload`, `JsonBytesPayload`. File and iterator payloads live in `io_payload.py` and
`iter_payload.py`; the type registry in `registry.py`.
Must not import `_client`, `_server` or `_web`.
"""

from __future__ import annotations

import json
import mimetypes
from abc import ABC, abstractmethod
from collections.abc import AsyncIterator, Callable, Iterable, Mapping
from typing import IO, Any, Final

from multidict import CIMultiDict

from .. import hdrs
from .._base.content_type import parse_content_type
from .._io.writer_abc import AbstractStreamWriter
from .disposition import check_header_value, content_disposition_header

__all__ = (
    "BytesPayload",
    "JsonBytesPayload",
    "JsonPayload",
    "Payload",
    "StreamedPayload",
    "StringIOPayload",
    "StringPayload",
)

HeadersArg = CIMultiDict[str] | Mapping[str, str] | Iterable[tuple[str, str]] | None


class _Unset:
    def __repr__(self) -> str:
        return "<unset>"


UNSET: Final = _Unset()


class Payload(ABC):
    """A body and its headers. Subclasses implement `write(writer)` and `decode()`."""

    _default_content_type: str = "application/octet-stream"
    _size: int | None = None
    _consumed: bool = False  # the value cannot be sent again (an iterator ran, a file closed)
    _autoclose: bool = False  # nothing to close (no file handle behind it)

    def __init__(
        self,
        value: Any,
        headers: HeadersArg = None,
        content_type: str | _Unset | None = UNSET,
        filename: str | None = None,
        encoding: str | None = None,
        **kwargs: Any,
    ) -> None:
        self._encoding = encoding
        self._filename = filename
        self._headers: CIMultiDict[str] = CIMultiDict()
        self._value = value
        if isinstance(content_type, str):
            self._headers[hdrs.CONTENT_TYPE] = content_type
        elif filename is not None:
            guessed = mimetypes.guess_type(filename)[0]
            self._headers[hdrs.CONTENT_TYPE] = guessed or self._default_content_type
        else:
            self._headers[hdrs.CONTENT_TYPE] = self._default_content_type
        if headers:
            self._headers.update(headers)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} size={self.size} type={self.content_type!r}>"

    @property
    def size(self) -> int | None:
        """Bytes `write` will produce (after encoding a text), or None when unknown."""
        return self._size

    @property
    def filename(self) -> str | None:
        return self._filename

    @property
    def headers(self) -> CIMultiDict[str]:
        """The part's own headers (Content-Type first)."""
        return self._headers

    @property
    def _binary_headers(self) -> bytes:
        """The headers as a MIME part head, blank line included; CR/LF/NUL raise ValueError."""
        lines = [
            f"{check_header_value(name)}: {check_header_value(value)}\r\n"
            for name, value in self._headers.items()
        ]
        return ("".join(lines) + "\r\n").encode("utf-8")

    @property
    def encoding(self) -> str | None:
        return self._encoding

    @property
    def content_type(self) -> str:
        return self._headers[hdrs.CONTENT_TYPE]

    @property
    def consumed(self) -> bool:
        """True once the payload cannot be written again."""
        return self._consumed

    @property
    def autoclose(self) -> bool:
        """True when there is nothing to close; else callers `await close()` when done."""
        return self._autoclose

    def set_content_disposition(
        self, disptype: str, quote_fields: bool = True, _charset: str = "utf-8", **params: Any
    ) -> None:
        self._headers[hdrs.CONTENT_DISPOSITION] = content_disposition_header(
            disptype, quote_fields=quote_fields, _charset=_charset, **params
        )

    @abstractmethod
    def decode(self, encoding: str = "utf-8", errors: str = "strict") -> str:
        """The value as text (a file is read: blocking I/O, keep it off the loop)."""

    @abstractmethod
    async def write(self, writer: AbstractStreamWriter) -> None:
        """Write the whole body to `writer`."""

    async def write_with_length(
        self, writer: AbstractStreamWriter, content_length: int | None
    ) -> None:
        """Write at most `content_length` bytes (all when None). The base writes everything."""
        await self.write(writer)

    async def as_bytes(self, encoding: str = "utf-8", errors: str = "strict") -> bytes:
        actual = self._encoding or encoding
        return self.decode(actual, errors).encode(actual)

    def _close(self) -> None:  # noqa: B027 (optional: most payloads hold nothing)
        """Synchronous, non-blocking release of what the payload holds (nothing here)."""

    async def close(self) -> None:
        """Release what the payload holds; never waits on anything slow."""
        self._close()


class StreamedPayload(Payload):
    """wirehttp's payloads: the bytes come from `_chunks()`, and writing is built on it."""

    @abstractmethod
    def _chunks(self) -> AsyncIterator[bytes]:
        """The body's bytes, in the pieces they come in (a fresh pass on every call)."""

    async def write(self, writer: AbstractStreamWriter) -> None:
        async for chunk in self._chunks():
            await writer.write(chunk)

    async def write_with_length(
        self, writer: AbstractStreamWriter, content_length: int | None
    ) -> None:
        if content_length is None:
            await self.write(writer)
            return
        left = content_length
        async for chunk in self._chunks():
            if left > 0:
                await writer.write(chunk[:left])
                left -= len(chunk)  # the rest is still drained: a file iterator closes at its end


class BytesPayload(StreamedPayload):
    """bytes, bytearray or memoryview; `application/octet-stream` unless told otherwise."""

    _autoclose = True

    def __init__(self, value: bytes | bytearray | memoryview, *args: Any, **kwargs: Any) -> None:
        if not isinstance(value, (bytes, bytearray, memoryview)):
            raise TypeError(f"value argument must be byte-ish, not {type(value)!r}")
        kwargs.setdefault("content_type", "application/octet-stream")
        super().__init__(value, *args, **kwargs)
        self._size = value.nbytes if isinstance(value, memoryview) else len(value)

    def decode(self, encoding: str = "utf-8", errors: str = "strict") -> str:
        return bytes(self._value).decode(encoding, errors)

    async def as_bytes(self, encoding: str = "utf-8", errors: str = "strict") -> bytes:
        return bytes(self._value)

    async def _chunks(self) -> AsyncIterator[bytes]:
        if self._size:
            yield bytes(self._value)


def text_encoding(encoding: str | None, content_type: str | None) -> tuple[str, str]:
    """(encoding, content type) for a text value, as aiohttp picks them: an explicit encoding
    wins and names the charset of a default type; else the type's charset; else UTF-8."""
    if encoding is not None:
        return encoding, content_type or f"text/plain; charset={encoding}"
    if content_type is None:
        return "utf-8", "text/plain; charset=utf-8"
    return parse_content_type(content_type)[1].get("charset", "utf-8"), content_type


class StringPayload(BytesPayload):
    """A str, encoded once (UTF-8 unless an encoding or a charset says otherwise)."""

    def __init__(
        self,
        value: str,
        *args: Any,
        encoding: str | None = None,
        content_type: str | None = None,
        **kwargs: Any,
    ) -> None:
        real_encoding, content_type = text_encoding(encoding, content_type)
        super().__init__(
            value.encode(real_encoding),
            *args,
            encoding=real_encoding,
            content_type=content_type,
            **kwargs,
        )


class StringIOPayload(StringPayload):
    """An in-memory text stream, read at once (it is in memory already)."""

    def __init__(self, value: IO[str], *args: Any, **kwargs: Any) -> None:
        super().__init__(value.read(), *args, **kwargs)


class JsonPayload(BytesPayload):
    """A value serialised with `dumps` (a str-returning encoder) and encoded."""

    def __init__(
        self,
        value: Any,
        encoding: str = "utf-8",
        content_type: str = "application/json",
        dumps: Callable[[Any], str] = json.dumps,
        *args: Any,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            dumps(value).encode(encoding),
            *args,
            content_type=content_type,
            encoding=encoding,
            **kwargs,
        )


class JsonBytesPayload(BytesPayload):
    """A value serialised with a bytes-returning encoder (orjson and the like)."""

    def __init__(
        self,
        value: Any,
        dumps: Callable[[Any], bytes],
        content_type: str = "application/json",
        *args: Any,
        **kwargs: Any,
    ) -> None:
        super().__init__(dumps(value), *args, content_type=content_type, **kwargs)


for _cls in (
    Payload,
    BytesPayload,
    StringPayload,
    StringIOPayload,
    JsonPayload,
    JsonBytesPayload,
):
    _cls.__module__ = "wirehttp.payload"  # documented as wirehttp.payload.<name>
