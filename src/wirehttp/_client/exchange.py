"""One hop of a client request on the wire: get a connection, send, and the retry rule.

Owns: `ReadSettings` (how a response is read: buffer size, decoding, head limits; the session's
defaults with a request's own options over them) and `exchange()`, which borrows a connection
from the connector and sends the request on it. A request that failed on a reused connection
before any byte of its answer arrived is sent once more on a fresh one when it is idempotent
(RFC 9110 9.2.2) and its body is in memory; a POST never is. Each try is one attempt of the
request's `upload_tracker=`, when it has one (upload_tracker.py). The session orchestrates hops
and redirects around this. Must not import `_server` or `_web`.
"""

from __future__ import annotations

from typing import Any, Final, NamedTuple

from .._base.limits import DEFAULT_DECODED_BODY_LIMIT
from .body import RequestBody
from .connector.base import BaseConnector
from .deadline import Deadline
from .exceptions import ClientConnectionResetError, ClientOSError, ServerDisconnectedError
from .request import ClientRequest
from .response import ClientResponse
from .timeouts import ClientTimeout

__all__ = ("IDEMPOTENT", "ReadSettings", "exchange")

IDEMPOTENT: Final = frozenset(("GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"))
_RETRYABLE: Final = (ServerDisconnectedError, ClientConnectionResetError, ClientOSError)


class ReadSettings(NamedTuple):
    """How the response to one request is read."""

    read_bufsize: int
    auto_decompress: bool
    max_line_size: int
    max_field_size: int

    def override(self, options: dict[str, Any]) -> ReadSettings:
        """These settings with a request's own read_bufsize=, auto_decompress=, ... over them."""
        if not options.keys() & _READ_OPTIONS:
            return self
        auto_decompress = options.get("auto_decompress")
        return ReadSettings(
            options.get("read_bufsize") or self.read_bufsize,
            self.auto_decompress if auto_decompress is None else auto_decompress,
            options.get("max_line_size") or self.max_line_size,
            options.get("max_field_size") or self.max_field_size,
        )


_READ_OPTIONS: Final = frozenset(ReadSettings._fields)


async def exchange(
    connector: BaseConnector,
    req: ClientRequest,
    settings: ReadSettings,
    timeout: ClientTimeout,
    deadline: Deadline,
    history: tuple[ClientResponse, ...],
    options: dict[str, Any],
) -> ClientResponse:
    """Connect and send; once more on a fresh connection when that is safe (module doc).

    `settings` are the session's, `options` the request's own keywords (checked by options.py).
    """
    settings = settings.override(options)
    tracker, traces = options.get("upload_tracker"), options["traces"]
    for attempt in (1, 2):
        if tracker is not None:
            req._upload_attempt = tracker._start_attempt()
        deadline.phase = "connect"
        conn = None
        if not traces and type(connector).connect is BaseConnector.connect:
            conn = connector.connect_idle(req)  # the usual case: an idle pooled connection
        if conn is None:
            conn = await connector.connect(req, traces, timeout)
        protocol = conn.protocol
        assert protocol is not None
        protocol.set_head_limits(settings.max_line_size, settings.max_field_size)
        reused = protocol.requests_started > 0
        deadline.phase = "send"
        try:
            return await req.send(
                conn,
                read_timeout=timeout.sock_read,
                read_bufsize=settings.read_bufsize,
                auto_decompress=settings.auto_decompress,
                max_decoded=DEFAULT_DECODED_BODY_LIMIT,
                history=history,
            )
        except _RETRYABLE:
            conn.close()
            if attempt == 2 or not reused or not replayable(req) or protocol.got_response_bytes:
                raise
        except BaseException:
            conn.close()
            raise
    raise AssertionError("unreachable")


def replayable(req: ClientRequest) -> bool:
    """Idempotent (RFC 9110 9.2.2) and its body, if any, is in memory and can be sent again."""
    body = req.body
    return req.method in IDEMPOTENT and (
        body is None or (isinstance(body, RequestBody) and body.data is not None)
    )
