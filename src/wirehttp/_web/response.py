"""`web.Response` (a body known up front), `web.json_response` and `web.json_bytes_response`.

Owns: body/text conversion and their Content-Type defaults, whole-body compression with an exact
Content-Length, and sending head and body together. Streaming lives in `stream_response.py`.
"""

from __future__ import annotations

from typing import Any

from multidict import CIMultiDict

from .._base.json_types import (
    DEFAULT_JSON_ENCODER,
    JSONBytesEncoder,
    JSONEncoder,
    default_json_dumps,
)
from .._io.codecs import Compressor
from .response_head import frame_whole_body, send_at_once
from .stream_response import StreamResponse

__all__ = ("Response", "json_bytes_response", "json_response")

_CT = "Content-Type"
_CL = "Content-Length"


class Response(StreamResponse):
    """A response whose whole body is given as `body=` (bytes) or `text=` (str)."""

    _length_check = False
    _compressed_body: bytes | None = None

    def __init__(
        self,
        *,
        body: Any = None,
        status: int = 200,
        reason: str | None = None,
        text: str | None = None,
        headers: Any = None,
        content_type: str | None = None,
        charset: str | None = None,
        zlib_executor_size: int | None = None,
        zlib_executor: Any = None,
    ) -> None:
        if body is not None and text is not None:
            raise ValueError("body and text are not allowed together")
        hdrs: CIMultiDict[str] = CIMultiDict(headers) if headers else CIMultiDict()
        if content_type is not None and "charset" in content_type:
            raise ValueError("charset must not be in content_type argument")
        if _CT in hdrs and (content_type is not None or charset is not None):
            raise ValueError(
                "passing both Content-Type header and content_type or charset params is forbidden"
            )
        if text is not None:
            if not isinstance(text, str):
                raise TypeError(f"text argument must be str ({type(text)!r})")
            if _CT in hdrs:
                super().__init__(status=status, reason=reason, _real_headers=hdrs)
                self.text = text
                return
            # the common case, kept cheap: the charset is known, so encode once, parse nothing
            charset = charset or "utf-8"
            hdrs[_CT] = f"{content_type or 'text/plain'}; charset={charset}"
            super().__init__(status=status, reason=reason, _real_headers=hdrs)
            self._body: bytes | bytearray | memoryview | None = text.encode(charset)
            return
        if content_type is not None:
            hdrs[_CT] = f"{content_type}; charset={charset}" if charset else content_type
        super().__init__(status=status, reason=reason, _real_headers=hdrs)
        self._body = None
        self.body = body

    @property
    def body(self) -> Any:
        return self._body

    @body.setter
    def body(self, body: Any) -> None:
        if body is None:
            self._body = None
        elif isinstance(body, (bytes, bytearray, memoryview)):
            self._body = body
        elif isinstance(body, str):
            if _CT not in self._headers:
                self._headers[_CT] = "text/plain; charset=utf-8"
            self._body = body.encode(self.charset or "utf-8")
        else:
            raise ValueError(f"Unsupported body type {type(body).__name__!r}")
        self._compressed_body = None

    @property
    def text(self) -> str | None:
        if self._body is None:
            return None
        return bytes(self._body).decode(self.charset or "utf-8")

    @text.setter
    def text(self, text: str) -> None:
        if text is not None and not isinstance(text, str):
            raise TypeError(f"text argument must be str ({type(text)!r})")
        if self.content_type == "application/octet-stream":
            self.content_type = "text/plain"
        if self.charset is None:
            self.charset = "utf-8"
        self._body = text.encode(self.charset or "utf-8")
        self._compressed_body = None

    @property
    def content_length(self) -> int | None:
        if self._chunked:
            return None
        if _CL in self._headers:
            return int(self._headers[_CL])
        if self._compressed_body is not None:
            return len(self._compressed_body)
        return len(self._body) if self._body is not None else 0

    @content_length.setter
    def content_length(self, value: int | None) -> None:
        raise RuntimeError("Content length is set automatically")

    def _choose_framing(self, version: Any) -> None:
        if self._chunked:
            super()._choose_framing(version)
        else:
            frame_whole_body(self, version)

    def _apply_compression(self, coding: str) -> None:
        if self._chunked or self._body is None:
            super()._apply_compression(coding)
            return
        compressor = Compressor(coding)
        self._compressed_body = compressor.compress(bytes(self._body)) + compressor.flush()

    def _send_at_once(self, request: Any) -> bool | None:
        """The server's fast path for an unprepared, plain Response: prepare and send in one go.

        Same headers and bytes as `prepare()` + `write_eof()`, without their coroutines. None
        when this response needs the general path (a subclass that changes how it is sent,
        compression, chunking, or on_response_prepare receivers that may change it).
        Returns whether the transport asked the writer to wait for a drain.
        """
        if (
            self._payload_writer is not None
            or self._eof_sent
            or self._compression
            or self._chunked
            or request._response_hooks
            or not _sends_like_response(type(self))
        ):
            return None
        return send_at_once(self, request)

    async def write_eof(self, data: bytes = b"") -> None:
        if self._eof_sent:
            return
        writer = self._payload_writer
        if writer is None:
            raise AssertionError("Response has not been started")
        body = self._compressed_body if self._compressed_body is not None else self._body
        if body is None or self._must_be_empty_body:
            body = b""
        elif type(body) is not bytes:
            body = bytes(body)
        await writer.write_eof(body)
        self._eof_sent = True
        self._req = None
        self._body_length = writer.output_size
        self._payload_writer = None


# Response subclasses checked once: do they send the way Response does? (HTTP exceptions do.)
_SENDS_LIKE_RESPONSE: dict[type, bool] = {}
_SEND_METHODS = ("prepare", "_start", "_prepare_headers", "_choose_framing", "write_eof", "write")


def _sends_like_response(cls: type) -> bool:
    known = _SENDS_LIKE_RESPONSE.get(cls)
    if known is None:
        known = all(getattr(cls, name) is getattr(Response, name) for name in _SEND_METHODS)
        _SENDS_LIKE_RESPONSE[cls] = known
    return known


_SENTINEL: Any = object()


def json_response(
    data: Any = _SENTINEL,
    *,
    text: str | None = None,
    body: bytes | None = None,
    status: int = 200,
    reason: str | None = None,
    headers: Any = None,
    content_type: str = "application/json",
    dumps: JSONEncoder = DEFAULT_JSON_ENCODER,
) -> Response:
    """A Response whose body is `data` serialised with `dumps` (`application/json`)."""
    if data is not _SENTINEL:
        if text or body:
            raise ValueError("only one of data, text, or body should be specified")
        text = default_json_dumps(dumps)(data)
    return Response(
        text=text,
        body=body,
        status=status,
        reason=reason,
        headers=headers,
        content_type=content_type,
    )


def json_bytes_response(
    data: Any = _SENTINEL,
    *,
    dumps: JSONBytesEncoder,
    body: bytes | None = None,
    status: int = 200,
    reason: str | None = None,
    headers: Any = None,
    content_type: str = "application/json",
) -> Response:
    """A Response whose body is `data` serialised by a bytes-returning `dumps` (orjson's kind).

    The body goes out as given, so the Content-Type carries no charset (JSON is UTF-8).
    """
    if data is not _SENTINEL:
        if body:
            raise ValueError("only one of data or body should be specified")
        body = dumps(data)
    return Response(
        body=body,
        status=status,
        reason=reason,
        headers=headers,
        content_type=content_type,
    )


# documented as web.Response, web.json_response, web.json_bytes_response
for _public in (Response, json_response, json_bytes_response):
    _public.__module__ = "wirehttp.web"
