"""Serialising heads and chunks: exact bytes, and refusal of anything that could inject a line."""

from __future__ import annotations

import pytest

from wirehttp._sansio.errors import LocalProtocolError
from wirehttp._sansio.h1 import (
    END_OF_MESSAGE,
    LAST_CHUNK,
    RequestParser,
    encode_chunk,
    encode_last_chunk,
    encode_request_head,
    encode_response_head,
    response_has_body,
    status_allows_body,
    validate_header,
)


def test_response_head_common_status() -> None:
    head = encode_response_head((1, 1), 404, "Not Found", [("Content-Length", "0")])
    assert head == b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"


def test_response_head_custom_reason_and_unknown_status() -> None:
    assert encode_response_head((1, 0), 200, "Fine", []) == b"HTTP/1.0 200 Fine\r\n\r\n"
    assert encode_response_head((1, 1), 599, "Odd", ()) == b"HTTP/1.1 599 Odd\r\n\r\n"


def test_response_head_accepts_any_iterable_and_utf8_values() -> None:
    head = encode_response_head((1, 1), 200, "OK", iter([("X-Name", "café")]))
    assert head == "HTTP/1.1 200 OK\r\nX-Name: café\r\n\r\n".encode()


def test_request_head() -> None:
    head = encode_request_head("POST", "/p?q=1", (1, 1), [("Host", "h"), ("Content-Length", "2")])
    assert head == b"POST /p?q=1 HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\n"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("X", "a\r\nInjected: yes"),
        ("X", "a\nb"),
        ("X", "a\rb"),
        ("X", "a\x00b"),
        ("X Y", "v"),
        ("X:Y", "v"),
        ("", "v"),
        ("X\r\n", "v"),
        ("Ümlaut", "v"),
    ],
)
def test_bad_header_refused_everywhere(name: str, value: str) -> None:
    with pytest.raises(LocalProtocolError):
        validate_header(name, value)
    with pytest.raises(ValueError):  # LocalProtocolError is a ValueError
        encode_response_head((1, 1), 200, "OK", [("Ok", "1"), (name, value)])
    with pytest.raises(LocalProtocolError):
        encode_request_head("GET", "/", (1, 1), [(name, value)])
    with pytest.raises(LocalProtocolError):
        encode_last_chunk([(name, value)])


def test_good_header_passes() -> None:
    validate_header("X-Custom_1", "any\tvalue with spaces")


@pytest.mark.parametrize("reason", ["OK\r\nX: y", "a\nb"])
def test_reason_injection_refused(reason: str) -> None:
    with pytest.raises(LocalProtocolError):
        encode_response_head((1, 1), 200, reason, [])


@pytest.mark.parametrize(
    ("method", "target"), [("GE T", "/"), ("GET", "/a b"), ("GET", "/\r\n"), ("GET", "")]
)
def test_bad_request_line_refused(method: str, target: str) -> None:
    with pytest.raises(LocalProtocolError):
        encode_request_head(method, target, (1, 1), [])


def test_bad_status_refused() -> None:
    with pytest.raises(LocalProtocolError):
        encode_response_head((1, 1), 42, "X", [])


def test_chunks() -> None:
    assert encode_chunk(b"hello") == b"5\r\nhello\r\n"
    assert encode_chunk(b"x" * 255) == b"ff\r\n" + b"x" * 255 + b"\r\n"
    assert encode_chunk(b"") == b""  # never a premature last-chunk
    assert LAST_CHUNK == b"0\r\n\r\n"
    assert encode_last_chunk() == LAST_CHUNK
    assert encode_last_chunk([("Checksum", "abc")]) == b"0\r\nChecksum: abc\r\n\r\n"


def test_chunked_stream_round_trips_through_the_parser() -> None:
    head = encode_request_head("POST", "/", (1, 1), [("Transfer-Encoding", "chunked")])
    wire = head + encode_chunk(b"ab") + encode_chunk(b"") + encode_chunk(b"c\r\n\r\n")
    wire += encode_last_chunk([("T", "1")])
    events = RequestParser().feed(wire)
    assert events[1:] == [b"ab", b"c\r\n\r\n", END_OF_MESSAGE]


@pytest.mark.parametrize(
    ("method", "status", "expected"),
    [
        ("GET", 200, True),
        ("HEAD", 200, False),
        ("GET", 204, False),
        ("GET", 304, False),
        ("GET", 100, False),
        ("GET", 101, False),
        ("GET", 199, False),
        ("CONNECT", 200, False),
        ("CONNECT", 407, True),
        ("POST", 500, True),
        ("GET", 205, True),
    ],
)
def test_response_has_body(method: str, status: int, expected: bool) -> None:
    assert response_has_body(method, status) is expected


def test_status_allows_body() -> None:
    assert [s for s in (100, 101, 200, 204, 205, 304, 404) if status_allows_body(s)] == [
        200,
        205,
        404,
    ]
