"""`Expect: 100-continue`: the request head goes out alone, the body only once the server agrees.

Owns `head_then_continue(head, protocol)`, run by the request's body writer (request.py) when
`expect100` is set. It writes the head and waits on the protocol's `continue_waiter()` (see
connector/protocol.py): a `100 Continue` sends the body; a final answer that comes first (417,
401, 413...) means the body is never sent, that answer is the response, and the protocol marks
the connection to close after it (the server may still be waiting for the body it was owed).

The wait is bounded: RFC 9110 10.1.1 lets a client send the content without waiting for a 100,
since old servers and many proxies never send one. aiohttp 3.14 waits with no bound of its own
(only the read timeouts end it); we send the body after `CONTINUE_TIMEOUT` seconds, as curl does
(its `--expect100-timeout` defaults to 1 s), so a server that ignores the expectation still gets
the body and answers. Must not import `_server` or `_web`.
"""

from __future__ import annotations

import asyncio
from typing import Any, Final

__all__ = ("CONTINUE_TIMEOUT", "head_then_continue")

# How long the body waits for `100 Continue` before it goes anyway (curl's default).
CONTINUE_TIMEOUT: Final = 1.0


async def head_then_continue(head: bytes, protocol: Any, timeout: float | None = None) -> bool:
    """Write `head`, then wait: True to send the body now, False if it must never be sent.

    `timeout` defaults to `CONTINUE_TIMEOUT`, read when called."""
    waiter: asyncio.Future[bool] = protocol.continue_waiter()  # before a 100 can arrive
    transport = protocol.transport
    if transport is None:
        raise ConnectionResetError("connection lost before the request was sent")
    transport.write(head)
    if waiter.done():
        return waiter.result()
    delay = CONTINUE_TIMEOUT if timeout is None else timeout
    timer = asyncio.get_running_loop().call_later(delay, _go_ahead, waiter)
    try:
        return await waiter
    finally:
        timer.cancel()


def _go_ahead(waiter: asyncio.Future[bool]) -> None:
    """No answer in time: the body goes out; a final head arriving later is a normal answer."""
    if not waiter.done():
        waiter.set_result(True)
