"""Head size limits: counted on accumulated bytes, so every split trips the same limit."""

from __future__ import annotations

import pytest
from h1_helpers import same_events_every_split

from wirehttp._base.limits import MAX_FIELD_SIZE, MAX_HEADERS, MAX_REQUEST_LINE
from wirehttp._sansio.errors import (
    HeaderFieldTooLong,
    HeaderSectionTooLarge,
    RemoteProtocolError,
    RequestLineTooLong,
    StatusLineTooLong,
    TooManyHeaders,
)
from wirehttp._sansio.h1 import END_OF_MESSAGE, RequestHead, RequestParser, ResponseParser


def request_line(length: int) -> bytes:
    """A request line of exactly `length` bytes (CRLF not counted)."""
    line = b"GET /" + b"a" * (length - len(b"GET / HTTP/1.1")) + b" HTTP/1.1"
    assert len(line) == length
    return line


def field_line(length: int) -> bytes:
    line = b"X: " + b"v" * (length - 3)
    assert len(line) == length
    return line


def only_error(events: list[object]) -> RemoteProtocolError:
    assert len(events) == 1 and isinstance(events[0], RemoteProtocolError), events
    return events[0]


def test_request_line_at_limit_is_accepted() -> None:
    data = request_line(MAX_REQUEST_LINE) + b"\r\n\r\n"
    events = same_events_every_split(RequestParser, data)
    assert isinstance(events[0], RequestHead) and events[1] is END_OF_MESSAGE


@pytest.mark.parametrize("extra", [1, 2, 1000])
def test_request_line_over_limit_is_414(extra: int) -> None:
    data = request_line(MAX_REQUEST_LINE + extra) + b"\r\n\r\n"
    error = only_error(same_events_every_split(RequestParser, data))
    assert type(error) is RequestLineTooLong and error.status == 414


def test_unterminated_request_line_trips_one_byte_at_a_time() -> None:
    parser = RequestParser()
    events = parser.feed(b"GET /")
    for _ in range(MAX_REQUEST_LINE):
        events += parser.feed(b"a")
        if events:
            break
    assert type(only_error(events)) is RequestLineTooLong
    assert parser.feed(b" HTTP/1.1\r\n\r\n") == []


def test_field_line_at_limit_is_accepted() -> None:
    data = b"GET / HTTP/1.1\r\n" + field_line(MAX_FIELD_SIZE) + b"\r\n\r\n"
    events = same_events_every_split(RequestParser, data)
    assert isinstance(events[0], RequestHead)
    assert len(events[0].raw_headers[0][1]) == MAX_FIELD_SIZE - 3


@pytest.mark.parametrize("extra", [1, 500])
def test_field_line_over_limit_is_431(extra: int) -> None:
    data = b"GET / HTTP/1.1\r\n" + field_line(MAX_FIELD_SIZE + extra) + b"\r\n\r\n"
    error = only_error(same_events_every_split(RequestParser, data))
    assert type(error) is HeaderFieldTooLong and error.status == 431


def test_unterminated_field_line_trips_one_byte_at_a_time() -> None:
    parser = RequestParser()
    events = parser.feed(b"GET / HTTP/1.1\r\nX: ")
    for _ in range(MAX_FIELD_SIZE):
        events += parser.feed(b"v")
        if events:
            break
    assert type(only_error(events)) is HeaderFieldTooLong


def headers(count: int) -> bytes:
    return b"".join(b"X-%d: v\r\n" % i for i in range(count))


def test_max_headers_is_accepted() -> None:
    data = b"GET / HTTP/1.1\r\n" + headers(MAX_HEADERS) + b"\r\n"
    events = same_events_every_split(RequestParser, data)
    assert isinstance(events[0], RequestHead) and len(events[0].raw_headers) == MAX_HEADERS


def test_one_header_too_many_is_431() -> None:
    data = b"GET / HTTP/1.1\r\n" + headers(MAX_HEADERS + 1) + b"\r\n"
    error = only_error(same_events_every_split(RequestParser, data))
    assert type(error) is TooManyHeaders and error.status == 431


def test_head_over_total_cap_is_431() -> None:
    # 100 fields of 1000 bytes: each line and the count are fine, the total is not
    line = field_line(1000) + b"\r\n"
    data = b"GET / HTTP/1.1\r\n" + line * 100 + b"\r\n"
    error = only_error(same_events_every_split(RequestParser, data))
    assert type(error) is HeaderSectionTooLarge and error.status == 431


def test_configured_limits_apply() -> None:
    parser = RequestParser(max_line_size=20, max_field_size=10, max_headers=2)
    assert type(only_error(parser.feed(request_line(21) + b"\r\n\r\n"))) is RequestLineTooLong
    parser = RequestParser(max_line_size=20, max_field_size=10, max_headers=2)
    data = b"GET / HTTP/1.1\r\n" + field_line(11) + b"\r\n\r\n"
    assert type(only_error(parser.feed(data))) is HeaderFieldTooLong
    parser = RequestParser(max_line_size=20, max_field_size=10, max_headers=2)
    data = b"GET / HTTP/1.1\r\n" + headers(3) + b"\r\n"
    assert type(only_error(parser.feed(data))) is TooManyHeaders


def test_status_line_over_limit() -> None:
    data = b"HTTP/1.1 200 " + b"R" * MAX_REQUEST_LINE + b"\r\n\r\n"

    def make() -> ResponseParser:
        parser = ResponseParser()
        parser.start("GET")
        return parser

    assert type(only_error(same_events_every_split(make, data))) is StatusLineTooLong


def test_too_many_trailers() -> None:
    data = (
        b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n"
        + headers(MAX_HEADERS + 1)
        + b"\r\n"
    )
    events = same_events_every_split(RequestParser, data)
    assert isinstance(events[0], RequestHead)
    assert type(events[-1]) is TooManyHeaders and END_OF_MESSAGE not in events


def test_endless_chunk_extension_is_cut_off() -> None:
    parser = RequestParser()
    events = parser.feed(b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1;a=")
    for _ in range(100):
        events += parser.feed(b"b" * 1000)
    assert isinstance(events[0], RequestHead)
    assert type(events[-1]) is HeaderSectionTooLarge
    assert parser.feed(b"\r\nx\r\n0\r\n\r\n") == []
