"""A response's head fields, and the one-write send of a plain Response; compiled code.

Owns: `prepare_headers(resp, request, version)`, the fields every response gets before its head
is encoded (cookies, compression, framing, a default Content-Type, Date, Server, Connection),
`frame_whole_body(resp, version)`, a Response's Content-Length, and
`send_at_once(resp, request)`, the server's fast path that prepares and sends a plain Response
in one `transport.write`. Both take the response as an argument so that this module can be
compiled (compiled-modules.txt) while StreamResponse and Response, classes users subclass, stay
interpreted; their `_prepare_headers` and `_send_at_once` methods call these.
"""

from __future__ import annotations

import sys
from typing import Any

from multidict import istr

from .._base.httpdate import DateCache
from .._base.version import __version__
from .._sansio.h1.serialize import encode_response_head

__all__ = ("SERVER_SOFTWARE", "frame_whole_body", "prepare_headers", "send_at_once")

SERVER_SOFTWARE = f"Python/{sys.version_info[0]}.{sys.version_info[1]} wirehttp/{__version__}"
DATE_CACHE = DateCache()
CONTENT_TYPE = istr("Content-Type")
CONTENT_LENGTH = istr("Content-Length")
TRANSFER_ENCODING = istr("Transfer-Encoding")
DATE = istr("Date")
SERVER = istr("Server")
CONNECTION = istr("Connection")
SET_COOKIE = istr("Set-Cookie")


def prepare_headers(resp: Any, request: Any, version: Any) -> None:
    """Complete `resp`'s header fields for `request`, just before its head is encoded."""
    _fields_before_framing(resp, request)
    resp._choose_framing(version)
    _fields_after_framing(resp, version)


def frame_whole_body(resp: Any, version: Any) -> None:
    """Content-Length for a Response whose body is whole (not chunked); none where forbidden."""
    headers = resp._headers
    if not resp._must_be_empty_body:
        body = resp._compressed_body if resp._compressed_body is not None else resp._body
        headers[CONTENT_LENGTH] = str(len(body)) if body is not None else "0"
        return
    if resp._req.method == "HEAD":  # the length of what a GET would have sent
        body = resp._body
        headers.setdefault(CONTENT_LENGTH, str(len(body)) if body is not None else "0")
    headers.pop(TRANSFER_ENCODING, None)
    if resp._status < 200 or resp._status == 204:
        headers.pop(CONTENT_LENGTH, None)


def _fields_before_framing(resp: Any, request: Any) -> None:
    if resp._keep_alive is None:
        resp._keep_alive = request.keep_alive
    if resp._cookies:
        headers = resp._headers
        for morsel in resp._cookies.values():
            headers.add(SET_COOKIE, morsel.OutputString())
    if resp._compression:
        resp._start_compression(request)


def _fields_after_framing(resp: Any, version: Any) -> None:
    headers = resp._headers
    if (
        CONTENT_TYPE not in headers
        and not resp._must_be_empty_body
        and (resp._length_check or headers.get(CONTENT_LENGTH) != "0")
    ):
        # RFC 9110 8.3: a default type only for content; none for an empty body (as aiohttp)
        # nor for a 304 (caches copy its fields onto the stored response)
        headers[CONTENT_TYPE] = "application/octet-stream"
    headers.setdefault(DATE, DATE_CACHE.header_value())
    headers.setdefault(SERVER, SERVER_SOFTWARE)
    if CONNECTION not in headers:
        if resp._keep_alive:
            if version == (1, 0):
                headers[CONNECTION] = "keep-alive"
        elif version == (1, 1):
            headers[CONNECTION] = "close"


def send_at_once(resp: Any, request: Any) -> bool:
    """Prepare and send a plain, unprepared, uncompressed, unchunked Response in one write.

    The caller (`Response._send_at_once`) has checked that `resp` may take this path. Returns
    whether the transport asked the writer to wait for a drain.
    """
    status = resp._status
    resp._must_be_empty_body = empty = (
        status < 200 or status == 204 or status == 304 or request.method == "HEAD"
    )
    resp._req = request
    writer = request._payload_writer
    resp._payload_writer = writer
    version = request.version
    # prepare_headers(), with Response's framing called directly: the caller has checked that
    # this class does not override it
    _fields_before_framing(resp, request)
    frame_whole_body(resp, version)
    _fields_after_framing(resp, version)
    head = encode_response_head(version, status, resp._reason, resp._headers.items())
    body = resp._body
    if empty or body is None:
        body = b""
    elif type(body) is not bytes:
        body = bytes(body)
    must_drain = writer.send_whole(head, body)
    resp._eof_sent = True
    resp._req = None
    resp._body_length = writer.output_size
    resp._payload_writer = None
    return bool(must_drain)
