"""expect100 step by step: ClientRequest.send over a ResponseHandler with a recording transport.

The server's side is played by feeding bytes to the protocol, so the order is exact: the head
goes out alone, the body only after `100 Continue` (or the fallback delay), never after a final
answer that came first; and the protocol's continue waiter answers every way a wait can end.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from yarl import URL

from wirehttp import ServerDisconnectedError
from wirehttp._client import expect_continue
from wirehttp._client.connector.protocol import ResponseHandler
from wirehttp._client.request import ClientRequest

TIMEOUT = 5.0
BODY = b"payload"
CONTINUE = b"HTTP/1.1 100 Continue\r\n\r\n"


class RecordingTransport(asyncio.Transport):
    def __init__(self, protocol: ResponseHandler) -> None:
        super().__init__()
        self.protocol = protocol
        self.written: list[bytes] = []
        self.wrote = asyncio.Event()
        self.closed = False

    def write(self, data: Any) -> None:
        if data:
            self.written.append(bytes(data))
            self.wrote.set()

    def is_closing(self) -> bool:
        return self.closed

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            asyncio.get_running_loop().call_soon(self.protocol.connection_lost, None)

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return default

    async def next_write(self) -> bytes:
        await asyncio.wait_for(self.wrote.wait(), TIMEOUT)
        self.wrote.clear()
        return self.written[-1]


class Conn:
    """What a request holds: the protocol and transport, and how it was given back."""

    def __init__(self) -> None:
        self.protocol = ResponseHandler(asyncio.get_running_loop())
        self.transport = RecordingTransport(self.protocol)
        self.protocol.connection_made(self.transport)
        self.outcome: str | None = None

    def release(self) -> None:
        self.outcome = "closed" if self.protocol.should_close else "released"

    def close(self) -> None:
        self.outcome = "closed"


def _request(data: Any = BODY) -> ClientRequest:
    return ClientRequest("PUT", URL("http://example.test/up"), data=data, expect100=True)


async def test_body_waits_for_100_then_goes_out() -> None:
    conn = Conn()
    sending = asyncio.ensure_future(_request().send(conn, read_timeout=TIMEOUT))
    head = await conn.transport.next_write()
    assert head.endswith(b"\r\nExpect: 100-continue\r\n\r\n")
    conn.protocol.data_received(b"HTTP/1.1 103 Early Hints\r\nLink: </x>\r\n\r\n")
    await asyncio.sleep(0)
    assert conn.transport.written == [head]  # a hint is not the go-ahead
    conn.protocol.data_received(CONTINUE)
    assert await conn.transport.next_write() == BODY
    conn.protocol.data_received(b"HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok")
    resp = await asyncio.wait_for(sending, TIMEOUT)
    assert resp.status == 201 and await resp.read() == b"ok"
    assert conn.outcome == "released"  # the exchange completed: reusable


@pytest.mark.parametrize("data", [BODY, b""], ids=["body", "empty-body"])
async def test_final_answer_first_keeps_the_body_and_closes(data: bytes) -> None:
    conn = Conn()
    sending = asyncio.ensure_future(_request(data).send(conn, read_timeout=TIMEOUT))
    head = await conn.transport.next_write()
    conn.protocol.data_received(b"HTTP/1.1 413 Payload Too Large\r\nContent-Length: 3\r\n\r\nbig")
    resp = await asyncio.wait_for(sending, TIMEOUT)
    assert resp.status == 413 and await resp.read() == b"big"
    await asyncio.sleep(0)  # the writer's last step, had it wanted to send
    assert conn.transport.written == [head]
    assert conn.outcome == "closed"  # the server may still wait for the body it was owed


async def test_body_goes_out_after_the_fallback_delay(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(expect_continue, "CONTINUE_TIMEOUT", 0.01)
    conn = Conn()
    sending = asyncio.ensure_future(_request().send(conn, read_timeout=TIMEOUT))
    await conn.transport.next_write()
    assert await conn.transport.next_write() == BODY  # no 100 came: sent anyway
    conn.protocol.data_received(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
    resp = await asyncio.wait_for(sending, TIMEOUT)
    await resp.read()
    assert conn.outcome == "released"  # a late final answer is a normal one


async def test_connection_lost_while_waiting_sends_nothing() -> None:
    conn = Conn()
    sending = asyncio.ensure_future(_request().send(conn, read_timeout=TIMEOUT))
    head = await conn.transport.next_write()
    conn.transport.close()
    with pytest.raises(ServerDisconnectedError):
        await asyncio.wait_for(sending, TIMEOUT)
    assert conn.transport.written == [head]


async def test_without_expect100_the_body_follows_at_once() -> None:
    conn = Conn()
    req = ClientRequest("PUT", URL("http://example.test/up"), data=BODY)
    sending = asyncio.ensure_future(req.send(conn, read_timeout=TIMEOUT))
    first = await conn.transport.next_write()
    assert first.endswith(b"\r\n\r\n" + BODY) and b"Expect" not in first
    conn.protocol.data_received(b"HTTP/1.1 204 No Content\r\n\r\n")
    await asyncio.wait_for(sending, TIMEOUT)


def test_expect_header_given_by_hand_waits_too() -> None:
    req = ClientRequest(
        "PUT", URL("http://example.test/"), data=BODY, headers={"Expect": "100-Continue"}
    )
    assert req.expect100
    assert req.headers["Expect"] == "100-Continue"  # kept as given


# --- the protocol's continue waiter ---------------------------------------------------------


def _in_flight() -> Conn:
    conn = Conn()
    conn.protocol.start_response("PUT")
    return conn


async def test_waiter_true_on_100() -> None:
    conn = _in_flight()
    waiter = conn.protocol.continue_waiter()
    conn.protocol.data_received(CONTINUE)
    assert waiter.result() is True
    conn.protocol.data_received(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
    assert not conn.protocol.should_close


async def test_waiter_false_on_final_head_and_connection_marked() -> None:
    conn = _in_flight()
    waiter = conn.protocol.continue_waiter()
    conn.protocol.data_received(b"HTTP/1.1 417 Expectation Failed\r\nContent-Length: 0\r\n\r\n")
    assert waiter.result() is False
    assert conn.protocol.should_close and not conn.transport.closed  # closed by its release


async def test_waiter_false_on_refused_head_and_on_connection_lost() -> None:
    conn = _in_flight()
    waiter = conn.protocol.continue_waiter()
    conn.protocol.data_received(b"HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n")
    assert waiter.result() is False
    conn = _in_flight()
    waiter = conn.protocol.continue_waiter()
    conn.protocol.connection_lost(None)
    assert waiter.result() is False


async def test_waiter_made_after_the_answer_is_false_at_once() -> None:
    conn = _in_flight()
    conn.protocol.data_received(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
    assert conn.protocol.continue_waiter().result() is False
    assert Conn().protocol.continue_waiter().result() is False  # nothing in flight
