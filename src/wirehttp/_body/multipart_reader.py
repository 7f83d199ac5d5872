"""MultipartReader: a multipart body (RFC 2046 5.1, RFC 7578) read part by part, streaming.

Owns: `MultipartReader(headers, content, *, client_max_size, max_field_size, max_headers,
max_size_error_cls)` with aiohttp 3.14's API (`next()`, `async for`, `release()`, `at_eof()`,
`fetch_next_part()`, `from_response()`, the `part_reader_cls` / `multipart_reader_cls` hooks) and
`MultipartResponseWrapper`. `content` is a StreamReader (the server's request body, a client
response's content) or anything with `readany()`. A nested multipart part is read through a
reader over that part's body alone, so its epilogue can never eat the outer boundary.
Guards: the boundary (1 to 70 printable ASCII characters, RFC 2046 5.1.1), each part header
line (`max_field_size`) and their count (`max_headers`), preamble lines, nesting depth
(`MAX_NESTING_DEPTH`); a body that ends before its closing boundary raises MultipartError.
Must not import `_client`, `_server` or `_web`.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import Any, Final

from multidict import CIMultiDictProxy

from .. import hdrs
from .._base.content_type import parse_content_type
from .._base.limits import MAX_FIELD_SIZE, MAX_HEADERS
from .._sansio.errors import echo
from .body_part import BodyPartReader
from .multipart_writer import MAX_BOUNDARY_LENGTH
from .part_headers import read_part_headers
from .part_stream import MultipartError, PartStream

__all__ = ("MAX_NESTING_DEPTH", "MultipartReader", "MultipartResponseWrapper")

# multipart inside multipart inside...: real messages nest two or three deep (a mail with an
# alternative body and related images); each level holds a reader, so the depth is capped.
MAX_NESTING_DEPTH: Final = 16
_PREAMBLE_LINE: Final = 2**16  # a preamble line (before the first boundary) at most this long
_CHARSET_PART_MAX: Final = 32  # RFC 7578 4.6 `_charset_`: the longest WHATWG label is 19


def checked_boundary(content_type: str) -> bytes:
    """The delimiter prefix `--boundary` from a multipart Content-Type, validated."""
    mimetype, params = parse_content_type(content_type)
    if not mimetype.startswith("multipart/"):
        raise ValueError(f"multipart/* content type expected, got {echo(content_type)}")
    boundary = params.get("boundary")
    if boundary is None:
        raise ValueError(f"boundary missed for Content-Type: {echo(content_type)}")
    if not 0 < len(boundary) <= MAX_BOUNDARY_LENGTH:
        raise ValueError(f"boundary {echo(boundary)} is too long (70 chars max)")
    if not boundary.isascii() or not boundary.isprintable() or boundary.endswith(" "):
        raise ValueError(f"boundary {echo(boundary)} has characters a boundary cannot have")
    return b"--" + boundary.encode("ascii")


class _PartBody:
    """A part's raw body as a `readany()` source, for the reader of a nested multipart."""

    __slots__ = ("_part",)

    def __init__(self, part: BodyPartReader) -> None:
        self._part = part

    async def readany(self) -> bytes:
        return await self._part.read_chunk(2**16)


class MultipartResponseWrapper:
    """A MultipartReader over a client response; releases the response at the end."""

    def __init__(self, resp: Any, stream: MultipartReader) -> None:
        self.resp = resp
        self.stream = stream

    def __aiter__(self) -> MultipartResponseWrapper:
        return self

    async def __anext__(self) -> MultipartReader | BodyPartReader:
        part = await self.next()
        if part is None:
            raise StopAsyncIteration
        return part

    def at_eof(self) -> bool:
        return bool(self.resp.content.at_eof())

    async def next(self) -> MultipartReader | BodyPartReader | None:
        item = await self.stream.next()
        if self.stream.at_eof():
            await self.release()
        return item

    async def release(self) -> None:
        result = self.resp.release()
        if hasattr(result, "__await__"):
            await result


class MultipartReader:
    """Reads the parts of a multipart body one after the other."""

    response_wrapper_cls = MultipartResponseWrapper
    multipart_reader_cls: type[MultipartReader] | None = None  # None: type(self)
    part_reader_cls = BodyPartReader

    def __init__(
        self,
        headers: Mapping[str, str],
        content: Any,
        *,
        client_max_size: int = sys.maxsize,
        max_field_size: int = MAX_FIELD_SIZE,
        max_headers: int = MAX_HEADERS,
        max_size_error_cls: type[Exception] = ValueError,
    ) -> None:
        self.headers = headers
        self._boundary = checked_boundary(headers[hdrs.CONTENT_TYPE])
        self._subtype = parse_content_type(headers[hdrs.CONTENT_TYPE])[0].partition("/")[2]
        self._stream = PartStream.of(content)
        self._client_max_size = client_max_size
        self._max_field_size = max_field_size
        self._max_headers = max_headers
        self._max_size_error_cls = max_size_error_cls
        self._default_charset: str | None = None
        self._last_part: MultipartReader | BodyPartReader | None = None
        self._nested_body: BodyPartReader | None = None  # the raw body under a nested reader
        self._depth = 0
        self._at_eof = False
        self._at_bof = True

    def __repr__(self) -> str:
        return (
            f"<MultipartReader {self._subtype} boundary={self._boundary[2:]!r} eof={self._at_eof}>"
        )

    def __aiter__(self) -> MultipartReader:
        return self

    async def __anext__(self) -> MultipartReader | BodyPartReader:
        part = await self.next()
        if part is None:
            raise StopAsyncIteration
        return part

    @classmethod
    def from_response(cls, response: Any) -> MultipartResponseWrapper:
        """A reader over a client response's body, wrapped to release the response."""
        return cls.response_wrapper_cls(response, cls(response.headers, response.content))

    def at_eof(self) -> bool:
        """True once the closing boundary was read."""
        return self._at_eof

    async def next(self) -> MultipartReader | BodyPartReader | None:
        """The next part (a nested MultipartReader for a multipart part), None after the last."""
        if self._at_eof:
            return None
        await self._release_last_part()
        first = self._at_bof
        if first:
            await self._skip_preamble()
            self._at_bof = False
        else:
            await self._read_boundary_line()
        if self._at_eof:
            return None
        part = await self.fetch_next_part()
        if (
            first
            and self._subtype == "form-data"
            and isinstance(part, BodyPartReader)
            and part.name == "_charset_"
        ):
            await self._take_charset(part)  # RFC 7578 4.6: the form's default charset
            await self._read_boundary_line()
            if self._at_eof:
                return None
            part = await self.fetch_next_part()
        self._last_part = part
        return part

    async def release(self) -> None:
        """Read every remaining part to the void, up to the closing boundary."""
        while not self._at_eof:
            item = await self.next()
            if item is None:
                break
            await item.release()

    async def fetch_next_part(self) -> MultipartReader | BodyPartReader:
        """The part whose headers start here."""
        headers = await read_part_headers(self._stream, self._max_field_size, self._max_headers)
        return self._get_part_reader(headers)

    def _get_part_reader(self, headers: CIMultiDictProxy[str]) -> MultipartReader | BodyPartReader:
        mimetype = parse_content_type(headers.get(hdrs.CONTENT_TYPE, ""))[0]
        body = self.part_reader_cls(
            self._boundary,
            headers,
            self._stream,
            subtype=self._subtype,
            default_charset=self._default_charset,
            client_max_size=self._client_max_size,
            max_size_error_cls=self._max_size_error_cls,
        )
        if not mimetype.startswith("multipart/"):
            return body
        if self._depth + 1 > MAX_NESTING_DEPTH:
            raise MultipartError(f"multipart nested more than {MAX_NESTING_DEPTH} levels deep")
        reader_cls = self.multipart_reader_cls or type(self)
        nested = reader_cls(
            headers,
            _PartBody(body),
            client_max_size=self._client_max_size,
            max_field_size=self._max_field_size,
            max_headers=self._max_headers,
            max_size_error_cls=self._max_size_error_cls,
        )
        nested._depth = self._depth + 1
        self._nested_body = body
        return nested

    async def _release_last_part(self) -> None:
        part, self._last_part = self._last_part, None
        if part is not None and not part.at_eof():
            await part.release()
        body, self._nested_body = self._nested_body, None
        if body is not None:
            await body.release()  # a nested multipart's epilogue, up to our boundary

    async def _skip_preamble(self) -> None:
        """Up to and including the first boundary line (RFC 2046 5.1.1: a preamble is ignored)."""
        while True:
            line = await self._stream.readline(_PREAMBLE_LINE)
            if not line:
                raise MultipartError(f"Could not find starting boundary {echo(self._boundary)}")
            if self._is_boundary_line(line):
                return

    async def _read_boundary_line(self) -> None:
        line = await self._stream.readline(len(self._boundary) + 2 + self._max_field_size)
        if not self._is_boundary_line(line):
            raise MultipartError(f"Invalid boundary {echo(line)}, expected {echo(self._boundary)}")

    def _is_boundary_line(self, line: bytes) -> bool:
        """`--boundary` or the closing `--boundary--`, then optional whitespace (RFC 2046
        transport padding); the closing one sets at_eof. Anything else is not one."""
        stripped = line.rstrip(b"\r\n").rstrip(b" \t")
        if stripped == self._boundary:
            return True
        if stripped == self._boundary + b"--":
            self._at_eof = True
            return True
        return False

    async def _take_charset(self, part: BodyPartReader) -> None:
        data = bytearray()
        while not part.at_eof():
            data += await part.read_chunk(_CHARSET_PART_MAX)
            if len(data) > _CHARSET_PART_MAX - 1:
                raise MultipartError("invalid _charset_ part in a form")
        self._default_charset = data.strip().decode("ascii", "replace")


MultipartReader.__module__ = "wirehttp"  # documented as wirehttp.MultipartReader
MultipartResponseWrapper.__module__ = "wirehttp.multipart"  # not exported at the top
