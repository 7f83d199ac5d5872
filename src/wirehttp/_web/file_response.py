"""`web.FileResponse`: a file from disk, with validators, conditional requests and byte ranges.

Owns: picking what to send (a precompressed ``.br`` / ``.gz`` sibling the client accepts, else
the file itself), opening it in the executor, the ETag / Last-Modified validators, the
precondition order of RFC 9110 13.2.2, choosing 200 / 206 / 304 / 412 / 416, and closing the file
whatever happens. Range rules live in `_base.ranges` and `byteranges`; bytes leave through the
request's writer (`write_file`: sendfile when the transport allows, executor reads otherwise).
Must not import `_client`.

Behaviour, following aiohttp 3.14 unless noted:
- missing path (or any OSError while opening) -> 404; permission denied, a directory, or any
  file that is not a regular file (fifo, device, socket) -> 403. These are returned as empty
  responses, not raised. A fifo can never hang the server: files are opened non-blocking and
  checked with fstat before a byte is read.
- ETag is strong: ``"<mtime_ns hex>-<size hex>"`` of the file actually sent; Last-Modified is
  its mtime. Dates are compared in whole seconds, as Last-Modified carries them.
- Preconditions (only when the response would otherwise be 2xx), RFC 9110 13.2.2 order:
  If-Match (strong; ``*`` matches) fails -> 412; else If-Unmodified-Since older than the file
  -> 412; If-None-Match (weak) matches -> 304 for GET/HEAD, 412 for other methods; else, for
  GET/HEAD only, If-Modified-Since not older than the file -> 304. (aiohttp answers 304 to any
  method and compares sub-second mtimes; both differ here, on the RFC's side.)
- Range (GET only, and only when the status would be 200; HEAD ignores it as RFC 9110 14.2
  says): see `_base.ranges` for the 416 and clipping rules and `byteranges` for If-Range.
- A sibling is used when the Accept-Encoding coding is allowed (q > 0; ``*`` counts), ``.br``
  before ``.gz``; it must be a regular file reached without following a symlink. The response
  keeps the original's Content-Type and gets Content-Encoding and ``Vary: Accept-Encoding``.
  Ranges apply to the encoded bytes (as aiohttp); a request for several ranges of a sibling
  gets the whole sibling (200), since one Content-Encoding cannot describe a multipart body.
- On-the-fly compression (`enable_compression`) only applies to a whole (200) identity body.
- A file that shrinks while it is sent leaves the body short of Content-Length; the connection
  is then closed so the client cannot mistake the next response for body bytes.
"""

from __future__ import annotations

import asyncio
import io
import os
import pathlib
import stat
from collections.abc import Awaitable
from typing import Any, NamedTuple

from .._base.etag import ETag, match_any, parse_etag_list
from .._base.httpdate import parse_http_date
from .._base.mimetypes import guess_content_type, precompressed_variants
from .._base.ranges import (
    ByteRange,
    RangeNotSatisfiable,
    content_range,
    multipart_layout,
    unsatisfied_range,
)
from .byteranges import new_boundary, ranges_for_request, write_byteranges
from .stream_response import StreamResponse

__all__ = ("FileResponse",)

DEFAULT_CHUNK_SIZE = 256 * 1024  # bytes per executor read when sendfile cannot be used

# Open without blocking on a fifo and without leaking the fd into child processes.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
_OPEN_FLAGS |= getattr(os, "O_BINARY", 0)
_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)

# Executor futures closing files, held so they are not garbage collected while running.
_CLOSING: set[asyncio.Future[None]] = set()


class _Opened(NamedTuple):
    fobj: io.BufferedReader
    st: os.stat_result
    encoding: str | None  # Content-Encoding of a precompressed sibling, None for the file itself


def _open_regular(
    path: pathlib.PurePath, follow: bool
) -> tuple[io.BufferedReader, os.stat_result] | None:
    """Open ``path`` for reading if it is a regular file; None for any other kind of file.

    Blocking: runs in the executor. Raises OSError (missing, permission denied...).
    """
    st = os.stat(path) if follow else os.lstat(path)
    if not stat.S_ISREG(st.st_mode):
        return None
    fd = os.open(path, _OPEN_FLAGS | (0 if follow else _NO_FOLLOW))
    try:
        st = os.fstat(fd)  # the file we hold, whatever happened to the name since stat()
        if not stat.S_ISREG(st.st_mode):
            os.close(fd)
            return None
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb"), st
    except BaseException:
        os.close(fd)
        raise


def _open_representation(path: pathlib.Path, accept_encoding: str) -> _Opened | int:
    """The opened file to answer with, or the status (403 / 404) to answer instead."""
    if accept_encoding:
        for sibling, coding in precompressed_variants(path, accept_encoding):
            try:
                found = _open_regular(sibling, follow=False)
            except (OSError, ValueError):
                continue
            if found is not None:
                return _Opened(found[0], found[1], coding)
    try:
        found = _open_regular(path, follow=True)
    except PermissionError:
        return 403
    except (OSError, ValueError):  # missing, not a directory, symlink loop, NUL in the name
        return 404
    if found is None:
        return 403
    return _Opened(found[0], found[1], None)


def _close_abandoned(future: asyncio.Future[_Opened | int]) -> None:
    if not future.cancelled() and future.exception() is None:
        result = future.result()
        if isinstance(result, _Opened):
            result.fobj.close()


async def _open_in_executor(
    loop: asyncio.AbstractEventLoop, path: pathlib.Path, accept: str
) -> _Opened | int:
    """`_open_representation` in the executor; a file opened for a cancelled caller is closed."""
    inner = loop.run_in_executor(None, _open_representation, path, accept)
    try:
        return await asyncio.shield(inner)
    except asyncio.CancelledError:
        inner.add_done_callback(_close_abandoned)
        raise


def _close_later(loop: asyncio.AbstractEventLoop, fobj: io.BufferedReader) -> None:
    """Close in the executor without making the response wait for it."""
    try:
        future = loop.run_in_executor(None, fobj.close)
    except RuntimeError:  # the loop or its executor is shutting down
        fobj.close()
        return
    _CLOSING.add(future)
    future.add_done_callback(_CLOSING.discard)


def check_preconditions(request: Any, etag: ETag, mtime: int) -> int | None:
    """RFC 9110 13.2.2 steps 1-4: 412 or 304 when a precondition decides, else None."""
    headers = request.headers
    if_match = headers.get("If-Match")
    if if_match is not None:
        if not match_any(parse_etag_list(if_match), etag, weak=False):
            return 412
    else:
        since = parse_http_date(headers.get("If-Unmodified-Since"))
        if since is not None and mtime > since.timestamp():
            return 412
    safe = request.method in ("GET", "HEAD")
    if_none_match = headers.get("If-None-Match")
    if if_none_match is not None:
        if match_any(parse_etag_list(if_none_match), etag, weak=True):
            return 304 if safe else 412
    elif safe:
        since = parse_http_date(headers.get("If-Modified-Since"))
        if since is not None and mtime <= since.timestamp():
            return 304
    return None


class FileResponse(StreamResponse):
    """Send the file at ``path``; everything is decided in `prepare`."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        chunk_size: int = DEFAULT_CHUNK_SIZE,
        status: int = 200,
        reason: str | None = None,
        headers: Any = None,
    ) -> None:
        super().__init__(status=status, reason=reason, headers=headers)
        self._path = pathlib.Path(path)
        self._chunk_size = chunk_size

    async def prepare(self, request: Any) -> Any:
        if self.prepared:
            return await super().prepare(request)
        loop = asyncio.get_running_loop()
        accept = request.headers.get("Accept-Encoding", "")
        opened = await _open_in_executor(loop, self._path, accept)
        if isinstance(opened, int):
            return await self._send_empty(request, opened)
        try:
            return await self._send_opened(request, opened)
        finally:
            _close_later(loop, opened.fobj)

    async def _send_opened(self, request: Any, opened: _Opened) -> Any:
        st = opened.st
        size = st.st_size
        etag = ETag(f"{st.st_mtime_ns:x}-{size:x}")
        mtime = st.st_mtime_ns // 1_000_000_000
        if opened.encoding is not None:
            self._mark_encoded(opened.encoding)
        self.etag = etag
        self.last_modified = mtime
        self._headers["Accept-Ranges"] = "bytes"
        if 200 <= self._status < 300:
            decided = check_preconditions(request, etag, mtime)
            if decided == 304:
                return await self._send_not_modified(request)
            if decided is not None:
                return await self._send_empty(request, decided)
        ranges = None
        if self._status == 200:
            try:
                ranges = ranges_for_request(request, size, etag, mtime)
            except RangeNotSatisfiable:
                self._headers["Content-Range"] = unsatisfied_range(size)
                return await self._send_empty(request, 416)
            if ranges is not None and len(ranges) > 1 and opened.encoding is not None:
                ranges = None
        if "Content-Type" not in self._headers:
            self.content_type = guess_content_type(self._path)
        if ranges is None:
            return await self._send_whole(request, opened.fobj, size)
        self._compression = False  # a range is of the stored bytes; never re-encode it
        self.set_status(206)
        if len(ranges) == 1:
            return await self._send_range(request, opened.fobj, ranges[0], size)
        return await self._send_multipart(request, opened.fobj, ranges, size)

    def _mark_encoded(self, coding: str) -> None:
        headers = self._headers
        headers["Content-Encoding"] = coding
        vary = ",".join(headers.getall("Vary", ())).lower()
        if "accept-encoding" not in vary and vary.strip() != "*":
            headers.add("Vary", "Accept-Encoding")
        self._compression = False  # already encoded: never encode twice

    async def _send_empty(self, request: Any, status: int) -> Any:
        """403, 404, 412 or 416 with an empty body (so no Content-Encoding either)."""
        self.set_status(status)
        self._headers.pop("Content-Encoding", None)
        self._compression = False
        self.content_length = 0
        return await super().prepare(request)

    async def _send_not_modified(self, request: Any) -> Any:
        self.set_status(304)
        self._compression = False
        self._headers.pop("Content-Length", None)
        return await super().prepare(request)

    async def _send_whole(self, request: Any, fobj: io.BufferedReader, size: int) -> Any:
        self.content_length = size
        writer = await super().prepare(request)
        if size and not self._must_be_empty_body:
            await self._copy(writer, fobj, 0, size)
            await self.write_eof()
        return writer

    async def _send_range(
        self, request: Any, fobj: io.BufferedReader, rng: ByteRange, size: int
    ) -> Any:
        self._headers["Content-Range"] = content_range(rng, size)
        self.content_length = rng.length
        writer = await super().prepare(request)
        await self._copy(writer, fobj, rng.start, rng.length)
        await self.write_eof()
        return writer

    async def _send_multipart(
        self, request: Any, fobj: io.BufferedReader, ranges: tuple[ByteRange, ...], size: int
    ) -> Any:
        boundary = new_boundary()
        heads, closing, total = multipart_layout(
            ranges, size, self._headers["Content-Type"], boundary
        )
        self._headers["Content-Type"] = f"multipart/byteranges; boundary={boundary}"
        self.content_length = total
        writer = await super().prepare(request)
        sending = write_byteranges(writer, fobj, ranges, heads, closing, self._chunk_size)
        await self._send_body(writer, sending, total)
        await self.write_eof()
        return writer

    async def _copy(self, writer: Any, fobj: io.BufferedReader, offset: int, count: int) -> None:
        await self._send_body(
            writer, writer.write_file(fobj, offset, count, self._chunk_size), count
        )

    async def _send_body(self, writer: Any, sending: Awaitable[None], expected: int) -> None:
        """Await a body send. If the file shrank meanwhile, fewer bytes than Content-Length left:
        the connection must then close, or the client would read the next response as body."""
        before = writer.length
        await _peer_guard(sending)
        if writer.length - before < expected:
            self.force_close()


async def _peer_guard(sending: Awaitable[None]) -> None:
    """Await a body send; a peer that went away surfaces as ConnectionResetError, which the
    request cycle treats as a closed connection rather than a server error."""
    try:
        await sending
    except ConnectionResetError:
        raise
    except ConnectionError as exc:  # BrokenPipeError, ConnectionAbortedError from sendfile
        raise ConnectionResetError(str(exc)) from exc


FileResponse.__module__ = "wirehttp.web"
