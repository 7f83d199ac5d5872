"""MultipartWriter: a multipart body (RFC 2046 5.1, RFC 7578 for form-data) built from payloads.

Owns: `MultipartWriter(subtype="mixed", boundary=None)`: a random boundary unless one is given
(ASCII, 1 to 70 characters, no control characters; quoted in the Content-Type when it is not a
token), `append` / `append_payload` / `append_json` / `append_form`, nested writers, the size
when every part's size is known, and the wire layout aiohttp 3.14 writes (part headers in the
payload's order; Content-Length on parts of non-form-data subtypes). Parts are streamed: small
in-memory parts are joined into one piece, files are read as they go out. Parts of other
subtypes may carry Content-Encoding (gzip, deflate) and Content-Transfer-Encoding (base64,
quoted-printable), applied as the part is written. Must not import `_client`, `_server`, `_web`.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import AsyncIterator, Iterator, Mapping, Sequence
from types import TracebackType
from typing import Any, Final
from urllib.parse import urlencode

from multidict import CIMultiDict

from .. import hdrs
from .._base.internal_log import internal_logger
from .part_codings import encoded_chunks
from .payload import JsonPayload, Payload, StreamedPayload, StringPayload
from .registry import LookupError, get_payload
from .streaming import payload_bytes, payload_chunks

__all__ = ("MAX_BOUNDARY_LENGTH", "MultipartWriter")

MAX_BOUNDARY_LENGTH: Final = 70  # RFC 2046 5.1.1: boundary := 0*69<bchars> bcharsnospace
_TOKEN_RE: Final = re.compile(rb"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
_NOT_QDTEXT_RE: Final = re.compile(rb"[\x00-\x08\x0a-\x1f\x7f]")
_JOIN_LIMIT: Final = 64 * 1024  # in-memory parts are joined into pieces up to this size

_Part = tuple[Payload, str | None, str | None]  # (payload, content coding, transfer encoding)


def _checked_boundary(boundary: str) -> bytes:
    try:
        raw = boundary.encode("ascii")
    except UnicodeEncodeError:
        raise ValueError("boundary should contain ASCII only chars") from None
    if not raw or len(raw) > MAX_BOUNDARY_LENGTH:
        raise ValueError(f"boundary must be 1 to {MAX_BOUNDARY_LENGTH} characters: {boundary!r}")
    if _NOT_QDTEXT_RE.search(raw) is not None:
        raise ValueError("boundary value contains invalid characters")
    return raw


class MultipartWriter(StreamedPayload):
    """A multipart body; each appended object becomes a part with its own headers."""

    _autoclose = True

    def __init__(self, subtype: str = "mixed", boundary: str | None = None) -> None:
        self._boundary = _checked_boundary(
            boundary if boundary is not None else secrets.token_hex(16)
        )
        super().__init__(None, content_type=f"multipart/{subtype}; boundary={self._boundary_value}")
        self._parts: list[_Part] = []
        self._is_form_data = subtype == "form-data"

    def __repr__(self) -> str:
        return f"<MultipartWriter {self.content_type!r} parts={len(self._parts)} size={self.size}>"

    def __enter__(self) -> MultipartWriter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_val: BaseException | None,
        exc_tb: TracebackType | None,
    ) -> None:
        pass

    def __iter__(self) -> Iterator[_Part]:
        return iter(self._parts)

    def __len__(self) -> int:
        return len(self._parts)

    def __bool__(self) -> bool:
        return True

    @property
    def consumed(self) -> bool:
        """True when this writer or any of its parts can no longer be sent again."""
        return self._consumed or any(part.consumed for part, _, _ in self._parts)

    @property
    def _boundary_value(self) -> str:
        """The boundary as a Content-Type parameter: bare when a token, else quoted."""
        if _TOKEN_RE.fullmatch(self._boundary):
            return self._boundary.decode("ascii")
        quoted = self._boundary.replace(b"\\", b"\\\\").replace(b'"', b'\\"')
        return '"' + quoted.decode("ascii") + '"'

    @property
    def boundary(self) -> str:
        return self._boundary.decode("ascii")

    def append(self, obj: Any, headers: Mapping[str, str] | None = None) -> Payload:
        """Add `obj` as a part (wrapped by the payload registry unless it is a Payload)."""
        if headers is None:
            headers = CIMultiDict()
        if isinstance(obj, Payload):
            obj.headers.update(headers)
            return self.append_payload(obj)
        try:
            payload = get_payload(obj, headers=headers)
        except LookupError:
            raise TypeError(f"Cannot create payload from {obj!r}") from None
        return self.append_payload(payload)

    def append_payload(self, payload: Payload) -> Payload:
        """Add a part as it is; for form-data it gets a default name if it has none."""
        headers = payload.headers
        if self._is_form_data:
            # RFC 7578 4.7/4.8: no Content-Length, Content-Encoding or Content-Transfer-Encoding
            banned = (hdrs.CONTENT_ENCODING, hdrs.CONTENT_LENGTH, hdrs.CONTENT_TRANSFER_ENCODING)
            present = [name for name in banned if name in headers]
            if present:
                raise ValueError(f"a form-data part must not carry {present}")
            if hdrs.CONTENT_DISPOSITION not in headers:
                payload.set_content_disposition("form-data", name=f"section-{len(self._parts)}")
            self._parts.append((payload, None, None))
            return payload
        given_coding = headers.get(hdrs.CONTENT_ENCODING, "").lower()
        if given_coding not in ("", "deflate", "gzip", "identity"):
            raise RuntimeError(f"unknown content encoding: {given_coding}")
        given_transfer = headers.get(hdrs.CONTENT_TRANSFER_ENCODING, "").lower()
        if given_transfer not in ("", "base64", "quoted-printable", "binary"):
            raise RuntimeError(f"unknown content transfer encoding: {given_transfer}")
        coding = None if given_coding in ("", "identity") else given_coding
        transfer = None if given_transfer in ("", "binary") else given_transfer
        size = payload.size
        if size is not None and coding is None and transfer is None:
            headers[hdrs.CONTENT_LENGTH] = str(size)
        self._parts.append((payload, coding, transfer))
        return payload

    def append_json(self, obj: Any, headers: Mapping[str, str] | None = None) -> Payload:
        return self.append_payload(JsonPayload(obj, headers=headers or CIMultiDict()))

    def append_form(
        self,
        obj: Sequence[tuple[str, str]] | Mapping[str, str],
        headers: Mapping[str, str] | None = None,
    ) -> Payload:
        """Add an application/x-www-form-urlencoded part."""
        if not isinstance(obj, (Sequence, Mapping)):
            raise TypeError(f"append_form takes a mapping or a sequence of pairs, not {obj!r}")
        pairs = list(obj.items()) if isinstance(obj, Mapping) else obj
        return self.append_payload(
            StringPayload(
                urlencode(pairs, doseq=True),
                headers=headers or CIMultiDict(),
                content_type="application/x-www-form-urlencoded",
            )
        )

    @property
    def size(self) -> int | None:
        """Bytes of the whole body, or None when a part's size is unknown or it is encoded."""
        delimiter = len(self._boundary) + 4  # b"--" boundary b"\r\n"
        total = 0
        for part, coding, transfer in self._parts:
            part_size = part.size
            if coding or transfer or part_size is None:
                return None
            total += delimiter + len(part._binary_headers) + part_size + 2
        return total + delimiter + 2  # the close delimiter b"--" boundary b"--\r\n"

    def _opening(self, part: Payload) -> bytes:
        return b"--" + self._boundary + b"\r\n" + part._binary_headers

    def _check_form_part(self, part: Payload) -> None:
        if self._is_form_data and "name" not in part.headers.get(hdrs.CONTENT_DISPOSITION, ""):
            raise ValueError("a form-data part needs a Content-Disposition with a name")

    async def _chunks(self, close_boundary: bool = True) -> AsyncIterator[bytes]:
        pending = bytearray()  # small in-memory pieces go out together
        for part, coding, transfer in self._parts:
            self._check_form_part(part)
            pending += self._opening(part)
            in_memory = payload_bytes(part) if coding is None and transfer is None else None
            if in_memory is not None and len(in_memory) <= _JOIN_LIMIT:
                pending += in_memory
            else:
                if pending:
                    yield bytes(pending)
                    pending.clear()
                source = payload_chunks(part)
                if coding or transfer:
                    source = encoded_chunks(source, coding, transfer)
                async for chunk in source:
                    yield chunk
            pending += b"\r\n"
        if close_boundary:
            pending += b"--" + self._boundary + b"--\r\n"
        if pending:
            yield bytes(pending)

    def render_in_memory(self) -> bytes | None:
        """The whole body when every part is in memory and unencoded (no I/O), else None."""
        pieces: list[bytes] = []
        for part, coding, transfer in self._parts:
            data = payload_bytes(part) if coding is None and transfer is None else None
            if data is None:
                return None
            self._check_form_part(part)
            pieces += (self._opening(part), data, b"\r\n")
        pieces.append(b"--" + self._boundary + b"--\r\n")
        return b"".join(pieces)

    async def write(self, writer: Any, close_boundary: bool = True) -> None:
        """Write the body; without `close_boundary` the closing delimiter is left out."""
        async for chunk in self._chunks(close_boundary):
            await writer.write(chunk)

    def decode(self, encoding: str = "utf-8", errors: str = "strict") -> str:
        """The body as text. Parts that are files are read: blocking, not for the loop."""
        return "".join(
            "--"
            + self.boundary
            + "\r\n"
            + part._binary_headers.decode(encoding, errors)
            + part.decode()
            for part, _, _ in self._parts
        )

    async def as_bytes(self, encoding: str = "utf-8", errors: str = "strict") -> bytes:
        pieces: list[bytes] = []
        for part, _, _ in self._parts:
            pieces += (self._opening(part), await part.as_bytes(encoding, errors), b"\r\n")
        pieces.append(b"--" + self._boundary + b"--\r\n")
        return b"".join(pieces)

    async def close(self) -> None:
        """Close every part that holds a resource; one failing does not stop the others."""
        if self._consumed:
            return
        self._consumed = True
        for index, (part, _, _) in enumerate(self._parts):
            if not part.autoclose and not part.consumed:
                try:
                    await part.close()
                except Exception as exc:
                    internal_logger.error("Failed to close multipart part %d: %s", index, exc)


MultipartWriter.__module__ = "wirehttp"  # documented as wirehttp.MultipartWriter
