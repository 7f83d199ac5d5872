"""Which HTTP/1.1 messages carry a body: the rules both sides use to frame a response.

Owns: `status_allows_body` and `response_has_body` (RFC 9110 6.4.1, RFC 9112 6.3).
Must not import asyncio, httptools, or anything above `_sansio`.
"""

from __future__ import annotations

__all__ = ("response_has_body", "status_allows_body")


def status_allows_body(status: int) -> bool:
    """False for 1xx, 204 and 304: RFC 9110 6.4.1 / 15.3.5 / 15.4.5, RFC 9112 6.3 item 1."""
    return not (100 <= status < 200 or status == 204 or status == 304)


def response_has_body(request_method: str, status: int) -> bool:
    """Whether a response to `request_method` with `status` has a body on the wire.

    RFC 9112 6.3 item 1: responses to HEAD never do, whatever their Content-Length says.
    RFC 9112 6.3 item 2: a 2xx answer to CONNECT switches to a tunnel, so it has none either.
    Otherwise the status decides (`status_allows_body`).
    """
    if request_method == "HEAD":
        return False
    if request_method == "CONNECT" and 200 <= status < 300:
        return False
    return status_allows_body(status)
