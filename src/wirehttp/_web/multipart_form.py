"""Multipart forms on the server: the multipart half of `request.post()`.

Owns `FileField` (`web.FileField`, one uploaded file of a form: name, filename, an open binary
file positioned at 0, content type, part headers), `read_multipart_form()`, and `CountedBody`,
the request body counted against `client_max_size` (also what `request.read()` reads through). Each file part is
spooled into a temporary file (in memory up to `SPOOL_IN_MEMORY`, then on disk, written off the
loop); other parts become `str` (decoded with the part's charset, or the form's `_charset_`)
or `bytes` for a non-text content type, as aiohttp 3.14 gives them. The whole multipart body is
counted against `client_max_size` while it streams: one byte over raises 413, and the temporary
files of a refused form are closed. `request.multipart()` itself is not limited (it is how a
handler streams a large upload). Must not import `_client`.
"""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, Any, Final, NoReturn

from multidict import CIMultiDictProxy, MultiDict

from .._body.body_part import BodyPartReader
from .._body.multipart_reader import MultipartReader

__all__ = ("FileField", "read_multipart_form")

SPOOL_IN_MEMORY: Final = 1024 * 1024  # bytes of an upload kept in memory before it goes to disk
CHUNK: Final = 64 * 1024  # bytes read from a part per step
_OCTETS: Final = "application/octet-stream"


@dataclass(frozen=True, slots=True)
class FileField:
    """One uploaded file of a multipart form (what `await request.post()` maps its name to)."""

    name: str
    filename: str
    file: IO[bytes]
    content_type: str
    headers: CIMultiDictProxy[str]


class CountedBody:
    """The request body as a `readany()` source that refuses more than `limit` bytes."""

    __slots__ = ("_limit", "_seen", "_source", "_too_large")

    def __init__(self, source: Any, limit: int, too_large: Callable[[int], NoReturn]) -> None:
        self._source = source
        self._limit = limit
        self._seen = 0
        self._too_large = too_large

    async def readany(self) -> bytes:
        chunk: bytes = await self._source.readany()
        self._seen += len(chunk)
        if self._limit and self._seen > self._limit:
            self._too_large(self._seen)
        return chunk


async def read_multipart_form(
    reader: MultipartReader, bad_request: Callable[..., BaseException]
) -> MultiDict[Any]:
    """Every field of a multipart/form-data body; `bad_request(text=...)` for a malformed form."""
    form: MultiDict[Any] = MultiDict()
    try:
        while (part := await reader.next()) is not None:
            if not isinstance(part, BodyPartReader):
                raise bad_request(text="A nested multipart body is not a form field")
            if part.name is None:
                raise bad_request(text="A multipart form field without a name")
            if part.filename:
                form.add(part.name, await _spool_file(part, part.name, part.filename))
            else:
                form.add(part.name, await _field_value(part))
    except BaseException:
        _close_files(form)
        raise
    return form


async def _field_value(part: BodyPartReader) -> str | bytes:
    value = bytes(await part.read(decode=True))
    content_type = part.headers.get("Content-Type")
    if content_type is None or content_type.startswith("text/"):
        return value.decode(part.get_charset(default="utf-8"))
    return value


async def _spool_file(part: BodyPartReader, name: str, filename: str) -> FileField:
    spool: IO[bytes] = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY)  # noqa: SIM115
    loop = asyncio.get_running_loop()
    written = 0
    try:
        while chunk := await part.read_chunk(CHUNK):
            data = part.decode(chunk)
            written += len(data)
            if written > SPOOL_IN_MEMORY:  # on disk now (or next): keep the loop free
                await loop.run_in_executor(None, spool.write, data)
            else:
                spool.write(data)
        spool.seek(0)
    except BaseException:
        spool.close()
        raise
    content_type = part.headers.get("Content-Type", _OCTETS)
    return FileField(name, filename, spool, content_type, CIMultiDictProxy(part.headers))


def _close_files(form: MultiDict[Any]) -> None:
    for value in form.values():
        if isinstance(value, FileField):
            value.file.close()


FileField.__module__ = "wirehttp.web"  # documented as web.FileField
