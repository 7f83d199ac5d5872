"""Events the HTTP/1.1 parsers hand out: heads, end of message, upgrade.

Owns: `RequestHead`, `ResponseHead`, `Interim`, `EndOfMessage` / `END_OF_MESSAGE`, `Upgrade`. Body data is
handed out as plain `bytes`, so it has no class here. The classes are slotted with a plain
`__init__` (no frozen-dataclass `__setattr__` detour) because one head is built per request on the
server hot path; treat them as immutable all the same.
Must not import asyncio, httptools, or anything above `_sansio`.
"""

from __future__ import annotations

from typing import Final, TypeAlias

__all__ = (
    "END_OF_MESSAGE",
    "EndOfMessage",
    "Event",
    "Interim",
    "RequestHead",
    "ResponseHead",
    "Upgrade",
)

RawHeaders: TypeAlias = tuple[tuple[bytes, bytes], ...]


class RequestHead:
    """A parsed request head. `raw_headers` keeps names as sent; values have OWS stripped."""

    __slots__ = (
        "chunked",
        "content_length",
        "expect_continue",
        "has_body",
        "keep_alive",
        "method",
        "raw_headers",
        "target",
        "upgrade",
        "version",
    )

    def __init__(
        self,
        method: str,
        target: str,
        version: tuple[int, int],
        raw_headers: RawHeaders,
        keep_alive: bool,
        upgrade: bool,
        chunked: bool,
        content_length: int | None,
        expect_continue: bool,
    ) -> None:
        self.method = method
        self.target = target
        self.version = version
        self.raw_headers = raw_headers
        self.keep_alive = keep_alive
        self.upgrade = upgrade
        self.chunked = chunked
        self.content_length = content_length
        self.expect_continue = expect_continue
        self.has_body = chunked or bool(content_length)

    def _key(self) -> tuple[object, ...]:
        # Spelled out, not read from __slots__: a compiled (mypyc) class has no __slots__.
        return (
            self.chunked,
            self.content_length,
            self.expect_continue,
            self.has_body,
            self.keep_alive,
            self.method,
            self.raw_headers,
            self.target,
            self.upgrade,
            self.version,
        )

    def __eq__(self, other: object) -> bool:
        if type(other) is not RequestHead:
            return NotImplemented
        return self._key() == other._key()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (
            f"RequestHead({self.method} {self.target!r} HTTP/{self.version[0]}.{self.version[1]}, "
            f"headers={len(self.raw_headers)}, keep_alive={self.keep_alive}, "
            f"upgrade={self.upgrade}, chunked={self.chunked}, "
            f"content_length={self.content_length}, expect_continue={self.expect_continue})"
        )


class ResponseHead:
    """A parsed final response head (or a 101; other 1xx heads come out as `Interim`).

    `content_encoding` and `keep_alive_header` are the raw values of the first Content-Encoding
    and Keep-Alive fields (None when absent), `sets_cookies` whether a Set-Cookie field came:
    noted while parsing so a client need not scan `raw_headers` again; they are derived from
    `raw_headers` and not part of equality.
    """

    __slots__ = (
        "chunked",
        "content_encoding",
        "content_length",
        "keep_alive",
        "keep_alive_header",
        "raw_headers",
        "reason",
        "sets_cookies",
        "status",
        "upgrade",
        "version",
    )
    _COMPARED = (
        "chunked",
        "content_length",
        "keep_alive",
        "raw_headers",
        "reason",
        "status",
        "upgrade",
        "version",
    )

    def __init__(
        self,
        version: tuple[int, int],
        status: int,
        reason: str,
        raw_headers: RawHeaders,
        keep_alive: bool,
        upgrade: bool,
        chunked: bool,
        content_length: int | None,
        *,
        content_encoding: bytes | None = None,
        keep_alive_header: bytes | None = None,
        sets_cookies: bool = False,
    ) -> None:
        self.version = version
        self.status = status
        self.reason = reason
        self.raw_headers = raw_headers
        self.keep_alive = keep_alive
        self.upgrade = upgrade
        self.chunked = chunked
        self.content_length = content_length
        self.content_encoding = content_encoding
        self.keep_alive_header = keep_alive_header
        self.sets_cookies = sets_cookies

    def _key(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in self._COMPARED)

    def __eq__(self, other: object) -> bool:
        if type(other) is not ResponseHead:
            return NotImplemented
        return self._key() == other._key()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (
            f"ResponseHead(HTTP/{self.version[0]}.{self.version[1]} {self.status} "
            f"{self.reason!r}, headers={len(self.raw_headers)}, keep_alive={self.keep_alive}, "
            f"upgrade={self.upgrade}, chunked={self.chunked}, "
            f"content_length={self.content_length})"
        )


class Interim:
    """An interim 1xx response other than 101 (RFC 9110 15.2): a head with no body that
    precedes the final response to the same request. A client waiting to send a body after
    `Expect: 100-continue` acts on status 100; the others (103 Early Hints...) are hints."""

    __slots__ = ("raw_headers", "reason", "status")

    def __init__(self, status: int, reason: str, raw_headers: RawHeaders) -> None:
        self.status = status
        self.reason = reason
        self.raw_headers = raw_headers

    def __eq__(self, other: object) -> bool:
        if type(other) is not Interim:
            return NotImplemented
        return (self.status, self.reason, self.raw_headers) == (
            other.status,
            other.reason,
            other.raw_headers,
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Interim({self.status} {self.reason!r}, headers={len(self.raw_headers)})"


class EndOfMessage:
    """The current message is complete. Use the `END_OF_MESSAGE` singleton."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "END_OF_MESSAGE"


END_OF_MESSAGE: Final = EndOfMessage()


class Upgrade:
    """The protocol switches after the preceding head; `tail` holds the bytes that followed it.

    Parsing stops here: whatever came after the head (including any body the upgrade request
    declared with Content-Length) is in `tail`, untouched, for the next protocol to handle.
    """

    __slots__ = ("tail",)

    def __init__(self, tail: bytes) -> None:
        self.tail = tail

    def __eq__(self, other: object) -> bool:
        if type(other) is not Upgrade:
            return NotImplemented
        return self.tail == other.tail

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Upgrade(tail={self.tail!r})"


# What RequestParser.feed / ResponseParser.feed return items of (errors come last, if at all).
Event: TypeAlias = RequestHead | ResponseHead | Interim | bytes | EndOfMessage | Upgrade
