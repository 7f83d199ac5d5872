"""The parser's one-piece fast path (a whole head, maybe with its Content-Length body, in one
feed) must give exactly the events of the exact path, wherever the bytes are cut.

Two pipelined messages are cut into two pieces at every position: the first piece then starts
with a whole head and carries all, part or more than its body (part of the next head, or all of
it), which is each of the cases the fast path takes or hands back to the exact path.
"""

from __future__ import annotations

import pytest
from h1_helpers import feed_all

from wirehttp._sansio.h1 import END_OF_MESSAGE, RequestHead, RequestParser, ResponseParser

REQUESTS = [
    b"POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"
    b"GET /b HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET /a HTTP/1.1\r\nHost: x\r\n\r\nPUT /b HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc",
    b"POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
    b"POST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nzz",
]
RESPONSES = [
    b"HTTP/1.1 200 OK\r\nContent-Length: 13\r\n\r\nHello, World!HTTP/1.1 204 No Content\r\n\r\n",
    b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
    b"HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nabcd"
    b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\n\r\n",
]


@pytest.mark.parametrize("data", REQUESTS)
def test_request_every_two_piece_cut_matches_whole(data: bytes) -> None:
    whole = feed_all(RequestParser(), [data])
    assert [type(e) for e in whole].count(RequestHead) == 2 and whole.count(END_OF_MESSAGE) == 2
    for cut in range(1, len(data)):
        assert feed_all(RequestParser(), [data[:cut], data[cut:]]) == whole, cut


@pytest.mark.parametrize("data", RESPONSES)
def test_response_every_two_piece_cut_matches_whole(data: bytes) -> None:
    def parse(pieces: list[bytes]) -> list[object]:
        parser = ResponseParser()
        parser.start("GET")
        parser.start("GET")
        return feed_all(parser, pieces)

    whole = parse([data])
    finals = data.count(b"HTTP/1.1 ") - data.count(b"HTTP/1.1 1")  # interim 1xx are dropped
    assert whole.count(END_OF_MESSAGE) == finals and whole[-1] is END_OF_MESSAGE
    for cut in range(1, len(data)):
        assert parse([data[:cut], data[cut:]]) == whole, cut


def test_head_response_body_bytes_are_not_taken_as_body() -> None:
    # A HEAD answer carries Content-Length but no body: the next response follows at once.
    parser = ResponseParser()
    parser.start("HEAD")
    parser.start("GET")
    data = b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
    events = feed_all(parser, [data])
    assert events[1] is END_OF_MESSAGE
    assert events[-2:] == [b"ok", END_OF_MESSAGE]
