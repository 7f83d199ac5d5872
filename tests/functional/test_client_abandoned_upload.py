"""A connection closed with unsent request bytes in its buffer (a cancelled upload) is aborted,
not closed politely: a peer that never reads would otherwise hold it open, and the rest of the
abandoned body would still go out."""

from __future__ import annotations

import asyncio
import socket

import pytest

import wirehttp

BODY = b"x" * (32 * 1024 * 1024)  # far more than the socket buffers hold


async def test_cancelled_upload_is_aborted_and_not_sent_on() -> None:
    loop = asyncio.get_running_loop()
    listener = socket.create_server(("127.0.0.1", 0))
    listener.setblocking(False)
    port = listener.getsockname()[1]
    try:
        async with wirehttp.ClientSession() as session:
            task = asyncio.ensure_future(session.post(f"http://127.0.0.1:{port}/", data=BODY))
            peer, _ = await asyncio.wait_for(loop.sock_accept(listener), 10)
            with peer:
                peer.setblocking(False)
                await asyncio.sleep(0.2)  # the client fills its buffers; nobody reads
                task.cancel()
                with pytest.raises(asyncio.CancelledError):
                    await task
                received, reset = 0, False
                while True:  # now read: an aborted connection ends early, with a reset
                    try:
                        chunk = await asyncio.wait_for(loop.sock_recv(peer, 1 << 20), 10)
                    except ConnectionResetError:
                        reset = True
                        break
                    if not chunk:
                        break
                    received += len(chunk)
        assert reset or received < len(BODY)  # the abandoned body did not all go out
    finally:
        listener.close()
