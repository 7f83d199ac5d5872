"""Field-level rules the HTTP/1.1 parsers apply on top of llhttp, and token checks for senders.

Owns: Content-Length and Transfer-Encoding acceptance, Connection tokens, request-line and
status-line shape checks, reason-phrase bytes, and the ASCII token alphabet. Every check is
explicit, ASCII-only code; llhttp already rejects much of this itself, and these checks keep the
rules true even where llhttp is lenient (see the notes at each function).
Must not import asyncio or httptools.
"""

from __future__ import annotations

import re
from typing import Final

from ..errors import (
    BadRequestLine,
    BadStatusLine,
    InvalidContentLength,
    InvalidTransferEncoding,
    echo,
)

__all__ = (
    "MAX_CONTENT_LENGTH_DIGITS",
    "check_reason",
    "check_request_line",
    "check_request_target",
    "check_status_line",
    "connection_tokens",
    "is_token",
    "parse_content_length",
    "request_te_is_chunked",
    "watch_table",
    "response_te_is_chunked",
)

# RFC 9110 5.6.2: token = 1*tchar; tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" /
# "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA. ASCII only (re.ASCII keeps \w out of it).
_TOKEN_RE: Final = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+", re.ASCII)

# 18 digits stay below 2**63, so the value fits every size type downstream; nothing real is
# bigger than an exabyte.
MAX_CONTENT_LENGTH_DIGITS: Final = 18

# RFC 9112 4: reason-phrase = 1*( HTAB / SP / VCHAR / obs-text ). Deleting those leaves the bad ones.
_REASON_OK: Final = b"\t" + bytes(range(0x20, 0x7F)) + bytes(range(0x80, 0x100))


# Tokens checked on every request (the methods): a set lookup instead of a regex match.
_KNOWN_TOKENS: Final = frozenset(
    ("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "CONNECT", "TRACE")
)


def is_token(name: str) -> bool:
    """True if `name` is an RFC 9110 token (ASCII tchars, at least one)."""
    return name in _KNOWN_TOKENS or _TOKEN_RE.fullmatch(name) is not None


def parse_content_length(value: bytes) -> int:
    """Content-Length as an int; RFC 9112 6.3 / RFC 9110 8.6: exactly 1*DIGIT.

    No sign, no hex, no spaces inside, no list (`1,1`), not empty and at most 18 digits. llhttp
    rejects most of these too; checking again here keeps the int() below from ever seeing `+1`,
    ` 1`, `1_0` or non-ASCII digits, all of which Python's int() would accept.
    """
    if not value or not value.isdigit() or len(value) > MAX_CONTENT_LENGTH_DIGITS:
        raise InvalidContentLength(f"invalid Content-Length {echo(value)}")
    return int(value)


def request_te_is_chunked(values: list[bytes], raw_head: bytes) -> None:
    """Accept a request's Transfer-Encoding only when it is one header saying exactly `chunked`.

    RFC 9112 6.1 lets a request carry codings before `chunked`; we accept none, because no
    client needs them and every extra form is a chance for a front proxy to frame the body
    differently than we do (request smuggling). One header line only, value `chunked` in any case,
    with at most one SP before it and nothing after. llhttp drops leading OWS before we see the
    value, so the spacing is checked on the raw head bytes.
    """
    if len(values) != 1 or values[0].lower() != b"chunked":
        shown = b", ".join(values)
        raise InvalidTransferEncoding(f"unsupported Transfer-Encoding {echo(shown)}")
    start = raw_head.lower().find(b"\ntransfer-encoding:")
    end = raw_head.find(b"\r", start + 19)
    if raw_head[start + 19 : end].lower() not in (b"chunked", b" chunked"):
        raw = raw_head[start + 19 : end]
        raise InvalidTransferEncoding(f"odd spacing in Transfer-Encoding {echo(raw)}")


def response_te_is_chunked(values: list[bytes]) -> bool:
    """True if a response's body is chunked; False means it is read until the connection closes.

    RFC 9112 6.3: when `chunked` is the final coding the body is chunked; when Transfer-Encoding
    is present without a final `chunked`, the body runs until close. RFC 9112 6.1: `chunked`
    must not be applied twice, so a second `chunked`, or one that is not last, is refused.
    """
    codings = [c.strip(b" \t").lower() for v in values for c in v.split(b",")]
    count = codings.count(b"chunked")
    if count == 0:
        return False
    if count > 1 or codings[-1] != b"chunked" or b"" in codings:
        raise InvalidTransferEncoding(f"invalid Transfer-Encoding {echo(b', '.join(values))}")
    return True


# Frequent fields whose names have the length of a watched one: listing them (mapped to b"")
# spares the lower() and second lookup an unknown name of that length costs.
_COMMON_UNWATCHED: Final = (
    "Accept",
    "Cookie",
    "Origin",
    "Pragma",
    "User-Agent",
    "Set-Cookie",
    "Keep-Alive",
    "Accept-Charset",
    "Sec-Fetch-Site",
    "Sec-Fetch-Mode",
    "Sec-Fetch-Dest",
)


def watch_table(names: tuple[str, ...]) -> dict[bytes, bytes]:
    """Spelling -> lower-cased name for the fields a parser watches (see `on_header`).

    Exact-case lookups come first because clients send `Host`, `Content-Length`...; a name of a
    watched length that misses is lower-cased and looked up again. Common unwatched names map
    to b"".
    """
    table: dict[bytes, bytes] = {}
    for name in _COMMON_UNWATCHED:
        table[name.encode("ascii")] = b""
        table[name.lower().encode("ascii")] = b""
    for name in names:
        key = name.lower().encode("ascii")
        for spelling in (key, name.encode("ascii"), key.upper()):
            table[spelling] = key
    return table


def connection_tokens(values: list[bytes]) -> frozenset[bytes]:
    """Lower-cased Connection options from every Connection line (RFC 9110 7.6.1)."""
    if len(values) == 1 and b"," not in values[0]:
        return frozenset((values[0].lower(),))
    return frozenset(t.strip(b" \t").lower() for v in values for t in v.split(b","))


def check_request_line(line: bytes, method: str, target: bytes) -> tuple[int, int]:
    """Check the raw request line and return its version; RFC 9112 3.

    request-line = method SP request-target SP HTTP-version, single spaces, version 1.0 or 1.1.
    llhttp accepted the grammar already; it also allows runs of spaces, `RTSP/1.0`, `HTTP/0.9`
    and `HTTP/2.0`, which this refuses. Empty lines before the request line (RFC 9112 2.2) are
    allowed and skipped.
    """
    while line.startswith(b"\r\n"):
        line = line[2:]
    tail = line[-9:]
    if tail == b" HTTP/1.1":
        version = (1, 1)
    elif tail == b" HTTP/1.0":
        version = (1, 0)
    else:
        raise BadRequestLine(f"unsupported HTTP version in request line {echo(line)}")
    if len(line) != len(method) + len(target) + 10:
        raise BadRequestLine(f"malformed request line {echo(line)}")
    return version


def check_request_target(method: str, target: bytes) -> None:
    """RFC 9112 3.2: the four request-target forms, each only with the methods that allow it.

    origin-form starts with "/" (not for CONNECT); authority-form only with CONNECT (3.2.3);
    asterisk-form only with OPTIONS (3.2.4); absolute-form has a scheme. No fragment anywhere
    (a "#" part is never sent on the wire). llhttp has already refused spaces and CTLs.
    """
    if b"#" in target:
        raise BadRequestLine(f"fragment in request-target {echo(target)}")
    if target[:1] == b"/":
        if method == "CONNECT":
            raise BadRequestLine(f"CONNECT needs authority-form, got {echo(target)}")
        return
    if method == "CONNECT":
        return
    if target == b"*":
        if method != "OPTIONS":
            raise BadRequestLine(f"asterisk-form with method {method}")
        return
    if b"://" not in target:
        raise BadRequestLine(f"malformed request-target {echo(target)}")


def check_status_line(line: bytes) -> tuple[int, int]:
    """Version of a raw status line; RFC 9112 4: `HTTP/1.x SP 3DIGIT SP [reason]`.

    llhttp accepts `HTTP/2.0`, `HTTP/0.9` and `RTSP/1.0` status lines; those are refused here.
    """
    while line.startswith(b"\r\n"):
        line = line[2:]
    head = line[:9]
    if head == b"HTTP/1.1 ":
        return (1, 1)
    if head == b"HTTP/1.0 ":
        return (1, 0)
    raise BadStatusLine(f"unsupported status line {echo(line)}")


def check_reason(reason: bytes) -> None:
    """RFC 9112 4: the reason phrase holds no control bytes except HTAB (llhttp lets them pass)."""
    if reason.translate(None, _REASON_OK):
        raise BadStatusLine(f"control character in reason phrase {echo(reason)}")
