"""`web.StreamResponse`: status, headers, cookies, and a body written piece by piece.

Owns: the response state machine (not prepared -> prepared -> eof), choosing the framing
(Content-Length, chunked, or close for HTTP/1.0), compression negotiated from Accept-Encoding,
the Date / Server / Connection headers, and encoding the head in one join.
The bytes go through the request's `_payload_writer` (`_server.writer.ResponseWriter`).
"""

from __future__ import annotations

import datetime
import enum
import warnings
from collections.abc import Iterator, MutableMapping
from email.utils import parsedate_to_datetime
from http import HTTPStatus
from http.cookies import SimpleCookie
from typing import Any

from multidict import CIMultiDict, istr

from .._base.appkey import ResponseKey
from .._base.content_type import build_content_type, parse_content_type
from .._base.cookies import expire_cookie_morsel, set_cookie_morsel
from .._base.etag import ETag, format_etag
from .._base.httpdate import format_http_date
from .._io.codecs import choose_encoding
from .._sansio.h1.serialize import encode_response_head
from .headers_mixin import HeadersMixin
from .response_head import prepare_headers

__all__ = ("ContentCoding", "StreamResponse")

_CONTENT_TYPE = istr("Content-Type")
_CONTENT_LENGTH = istr("Content-Length")
_TRANSFER_ENCODING = istr("Transfer-Encoding")
_REASONS = {int(status): status.phrase for status in HTTPStatus}


class ContentCoding(enum.Enum):
    """The codings `enable_compression(force=...)` accepts (aiohttp's names plus br and zstd)."""

    deflate = "deflate"
    gzip = "gzip"
    br = "br"
    zstd = "zstd"
    identity = "identity"


class StreamResponse(MutableMapping[Any, Any], HeadersMixin):
    """A response whose body the handler writes after `prepare()`."""

    _length_check = True

    # Defaults at class level: a response sets only what differs, keeping construction cheap.
    _cookies: SimpleCookie | None = None
    _state: dict[Any, Any] | None = None
    _headers: CIMultiDict[str]
    _keep_alive: bool | None = None
    _chunked = False
    _compression = False
    _compression_force: ContentCoding | None = None
    _req: Any = None
    _payload_writer: Any = None
    _eof_sent = False
    _must_be_empty_body = False
    _body_length = 0

    def __init__(
        self,
        *,
        status: int = 200,
        reason: str | None = None,
        headers: Any = None,
        _real_headers: CIMultiDict[str] | None = None,
    ) -> None:
        if _real_headers is not None:  # a subclass built the multidict already: no copy
            self._headers = _real_headers
        else:
            self._headers = CIMultiDict(headers) if headers else CIMultiDict()
        if reason is None and type(status) is int:
            self._status = status
            self._reason = _REASONS.get(status, "")
        else:
            self.set_status(status, reason)

    # -- status and flags --------------------------------------------------------------------

    @property
    def prepared(self) -> bool:
        return self._eof_sent or self._payload_writer is not None

    @property
    def task(self) -> Any:
        return self._req.task if self._req is not None else None

    @property
    def status(self) -> int:
        return self._status

    @property
    def reason(self) -> str:
        return self._reason

    def set_status(self, status: int, reason: str | None = None) -> None:
        if self.prepared:
            raise AssertionError(
                "Cannot change the response status code after the headers have been sent"
            )
        self._status = status = int(status)
        if reason is None:
            reason = _REASONS.get(status, "")
        elif "\r" in reason or "\n" in reason:
            raise ValueError("Reason cannot contain \\r or \\n")
        self._reason = reason

    @property
    def chunked(self) -> bool:
        return self._chunked

    @property
    def compression(self) -> bool:
        return self._compression

    @property
    def keep_alive(self) -> bool | None:
        return self._keep_alive

    def force_close(self) -> None:
        self._keep_alive = False

    @property
    def body_length(self) -> int:
        return self._body_length

    def enable_chunked_encoding(self, chunk_size: int | None = None) -> None:
        self._chunked = True
        if _CONTENT_LENGTH in self._headers:
            raise RuntimeError("You can't enable chunked encoding when a content length is set")

    def enable_compression(
        self, force: ContentCoding | bool | str | None = None, strategy: Any = None
    ) -> None:
        if isinstance(force, bool):
            force = ContentCoding.deflate if force else ContentCoding.identity
        elif isinstance(force, str):
            force = ContentCoding(force)
        self._compression = True
        self._compression_force = force

    # -- headers ------------------------------------------------------------------------------

    @property
    def headers(self) -> CIMultiDict[str]:
        return self._headers

    @property
    def cookies(self) -> SimpleCookie:
        if self._cookies is None:
            self._cookies = SimpleCookie()
        return self._cookies

    def set_cookie(
        self,
        name: str,
        value: str,
        *,
        expires: str | None = None,
        domain: str | None = None,
        max_age: int | str | None = None,
        path: str = "/",
        secure: bool | None = None,
        httponly: bool | None = None,
        version: str | None = None,
        samesite: str | None = None,
        partitioned: bool | None = None,
    ) -> None:
        """Set (or update) a cookie sent with this response (rules in `_base/cookies.py`)."""
        set_cookie_morsel(
            self.cookies,
            name,
            value,
            expires=expires,
            domain=domain,
            max_age=max_age,
            path=path,
            secure=secure,
            httponly=httponly,
            version=version,
            samesite=samesite,
            partitioned=partitioned,
        )

    def del_cookie(
        self,
        name: str,
        *,
        domain: str | None = None,
        path: str = "/",
        secure: bool | None = None,
        httponly: bool | None = None,
        samesite: str | None = None,
    ) -> None:
        """Tell the client to drop a cookie (expired, empty value)."""
        expire_cookie_morsel(
            self.cookies,
            name,
            domain=domain,
            path=path,
            secure=secure,
            httponly=httponly,
            samesite=samesite,
        )

    @property
    def content_length(self) -> int | None:
        return HeadersMixin.content_length.fget(self)  # type: ignore[attr-defined,no-any-return]

    @content_length.setter
    def content_length(self, value: int | None) -> None:
        if value is None:
            self._headers.pop(_CONTENT_LENGTH, None)
        else:
            value = int(value)
            if self._chunked:
                raise RuntimeError("You can't set content length when chunked encoding is enabled")
            self._headers[_CONTENT_LENGTH] = str(value)

    @property
    def content_type(self) -> str:
        return HeadersMixin.content_type.fget(self)  # type: ignore[attr-defined,no-any-return]

    @content_type.setter
    def content_type(self, value: str) -> None:
        params = dict(parse_content_type(self._headers.get(_CONTENT_TYPE, ""))[1])
        self._headers[_CONTENT_TYPE] = build_content_type(str(value), params)

    @property
    def charset(self) -> str | None:
        return HeadersMixin.charset.fget(self)  # type: ignore[attr-defined,no-any-return]

    @charset.setter
    def charset(self, value: str | None) -> None:
        mimetype, params = parse_content_type(self._headers.get(_CONTENT_TYPE, ""))
        if not mimetype or mimetype == "application/octet-stream":
            raise RuntimeError(
                "Setting charset for application/octet-stream doesn't make sense, setup content_type first"
            )
        new = dict(params)
        if value is None:
            new.pop("charset", None)
        else:
            new["charset"] = str(value).lower()
        self._headers[_CONTENT_TYPE] = build_content_type(mimetype, new)

    @property
    def last_modified(self) -> datetime.datetime | None:
        raw = self._headers.get("Last-Modified")
        if not raw:
            return None
        try:
            return parsedate_to_datetime(raw)
        except (TypeError, ValueError):
            return None

    @last_modified.setter
    def last_modified(self, value: int | float | datetime.datetime | str | None) -> None:
        if value is None:
            self._headers.pop("Last-Modified", None)
        elif isinstance(value, (int, float)):
            self._headers["Last-Modified"] = format_http_date(float(value))
        elif isinstance(value, datetime.datetime):
            self._headers["Last-Modified"] = format_http_date(value.timestamp())
        elif isinstance(value, str):
            self._headers["Last-Modified"] = value
        else:
            raise TypeError(f"Unsupported type for last_modified: {type(value).__name__}")

    @property
    def etag(self) -> ETag | None:
        raw = self._headers.get("ETag")
        if not raw:
            return None
        weak = raw.startswith("W/")
        value = raw[2:] if weak else raw
        if len(value) < 2 or value[0] != '"' or value[-1] != '"':
            return None
        return ETag(value=value[1:-1], is_weak=weak)

    @etag.setter
    def etag(self, value: ETag | str | None) -> None:
        if value is None:
            self._headers.pop("ETag", None)
        elif isinstance(value, ETag):
            self._headers["ETag"] = format_etag(value)
        elif value == "*":
            self._headers["ETag"] = "*"
        else:
            self._headers["ETag"] = format_etag(ETag(value=str(value)))

    # -- sending ------------------------------------------------------------------------------

    async def prepare(self, request: Any) -> Any:
        if self._eof_sent:
            return None
        if self._payload_writer is not None:
            return self._payload_writer
        status = self._status
        self._must_be_empty_body = (
            status < 200 or status == 204 or status == 304 or request.method == "HEAD"
        )
        return await self._start(request)

    def _send_at_once(self, request: Any) -> bool | None:
        """Send head and body at once if this response can (see Response); None: it cannot."""
        return None

    async def _start(self, request: Any) -> Any:
        self._req = request
        writer = self._payload_writer = request._payload_writer
        version = request.version
        self._prepare_headers(request, version)
        if (
            request._response_hooks
        ):  # on_response_prepare receivers: only awaited when there are any
            await request._prepare_hook(self)
        head = encode_response_head(version, self._status, self._reason, self._headers.items())
        writer.write_headers(head)
        return writer

    def _prepare_headers(self, request: Any, version: Any) -> None:
        prepare_headers(self, request, version)

    def _choose_framing(self, version: Any) -> None:
        headers = self._headers
        writer = self._payload_writer
        if self._must_be_empty_body:
            headers.pop(_TRANSFER_ENCODING, None)
            if self._status < 200 or self._status == 204:
                headers.pop(_CONTENT_LENGTH, None)
            return
        if self._chunked:
            if version != (1, 1):
                raise RuntimeError(
                    f"Using chunked encoding is forbidden for HTTP/{version[0]}.{version[1]}"
                )
            writer.enable_chunking()
            headers[_TRANSFER_ENCODING] = "chunked"
            headers.pop(_CONTENT_LENGTH, None)
        elif self._length_check and _CONTENT_LENGTH not in headers:
            if version >= (1, 1):
                writer.enable_chunking()
                headers[_TRANSFER_ENCODING] = "chunked"
            else:
                self._keep_alive = False

    def _start_compression(self, request: Any) -> None:
        force = self._compression_force
        if force is ContentCoding.identity:
            return
        if force is not None:
            coding: str | None = force.value
        else:
            coding = choose_encoding(request.headers.get("Accept-Encoding", ""))
        if coding is None or coding == "identity":
            return
        self._headers["Content-Encoding"] = coding
        self._headers.add("Vary", "Accept-Encoding")
        self._headers.pop(_CONTENT_LENGTH, None)
        self._apply_compression(coding)

    def _apply_compression(self, coding: str) -> None:
        self._payload_writer.enable_compression(coding)

    async def write(self, data: bytes | bytearray | memoryview) -> None:
        if not isinstance(data, (bytes, bytearray, memoryview)):
            raise TypeError(f"data argument must be byte-ish ({type(data)!r})")
        if self._eof_sent:
            raise RuntimeError("Cannot call write() after write_eof()")
        if self._payload_writer is None:
            raise RuntimeError("Cannot call write() before prepare()")
        if not self._must_be_empty_body:
            await self._payload_writer.write(data)

    async def drain(self) -> None:
        if self._payload_writer is None:
            raise AssertionError("Response has not been started")
        await self._payload_writer.drain()

    async def write_eof(self, data: bytes = b"") -> None:
        if not isinstance(data, (bytes, bytearray, memoryview)):
            raise TypeError(f"data argument must be byte-ish ({type(data)!r})")
        if self._eof_sent:
            return
        if self._payload_writer is None:
            raise AssertionError("Response has not been started")
        writer = self._payload_writer
        await writer.write_eof(b"" if self._must_be_empty_body else data)
        self._eof_sent = True
        self._req = None
        self._body_length = writer.output_size
        self._payload_writer = None

    # -- mapping of user state, identity semantics ----------------------------------------------

    def __repr__(self) -> str:
        if self._eof_sent:
            info = "eof"
        elif self.prepared:
            info = f"{self._req.method} {self._req.path} "
        else:
            info = "not prepared"
        return f"<{self.__class__.__name__} {self.reason} {info}>"

    def _state_dict(self) -> dict[Any, Any]:
        if self._state is None:
            self._state = {}
        return self._state

    def __getitem__(self, key: Any) -> Any:
        return self._state_dict()[key]

    def __setitem__(self, key: Any, value: Any) -> None:
        if not isinstance(key, ResponseKey) and key not in _SEEN_STR_KEYS:
            _warn_plain_key(key)
        self._state_dict()[key] = value

    def __delitem__(self, key: Any) -> None:
        del self._state_dict()[key]

    def __len__(self) -> int:
        return len(self._state) if self._state else 0

    def __iter__(self) -> Iterator[Any]:
        return iter(self._state_dict())

    def __hash__(self) -> int:
        return hash(id(self))

    def __eq__(self, other: object) -> bool:
        return self is other

    def __bool__(self) -> bool:
        return True


# Plain (non-ResponseKey) keys already warned about; aiohttp 3.14 warns once per key per process.
_SEEN_STR_KEYS: set[Any] = set()


def _warn_plain_key(key: Any) -> None:
    from .exceptions import NotAppKeyWarning

    _SEEN_STR_KEYS.add(key)
    warnings.warn(
        "It is recommended to use web.ResponseKey instances for keys.\n"
        "https://docs.aiohttp.org/en/stable/web_advanced.html#response-s-storage",
        category=NotAppKeyWarning,
        stacklevel=3,
    )


for _cls in (ContentCoding, StreamResponse):
    _cls.__module__ = "wirehttp.web"  # documented under wirehttp.web
