"""One table of HTTP/1.1 messages drives parsing and serialising (h11's test_io style).

Every parse case is fed whole, one byte at a time and in random splits, and must give the
same events each way. Cases marked canonical are also re-serialised and must give back the
exact bytes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from h1_helpers import same_events_every_split

from wirehttp._sansio.h1 import (
    END_OF_MESSAGE,
    Interim,
    RequestHead,
    RequestParser,
    ResponseHead,
    ResponseParser,
    Upgrade,
    encode_chunk,
    encode_last_chunk,
    encode_request_head,
    encode_response_head,
)


def req(
    method: str,
    target: str,
    headers: tuple[tuple[bytes, bytes], ...] = (),
    *,
    version: tuple[int, int] = (1, 1),
    keep_alive: bool = True,
    upgrade: bool = False,
    chunked: bool = False,
    content_length: int | None = None,
    expect_continue: bool = False,
) -> RequestHead:
    return RequestHead(
        method, target, version, headers, keep_alive, upgrade, chunked, content_length,
        expect_continue,
    )  # fmt: skip


def resp(
    status: int,
    reason: str,
    headers: tuple[tuple[bytes, bytes], ...] = (),
    *,
    version: tuple[int, int] = (1, 1),
    keep_alive: bool = True,
    upgrade: bool = False,
    chunked: bool = False,
    content_length: int | None = None,
) -> ResponseHead:
    return ResponseHead(
        version, status, reason, headers, keep_alive, upgrade, chunked, content_length
    )


@dataclass
class Case:
    id: str
    data: bytes
    events: list[object]
    canonical: bool = False  # encode(events) == data, byte for byte
    methods: tuple[str, ...] = ("GET",)  # for responses: the requests they answer
    eof: bool = False
    marks: list[str] = field(default_factory=list)


EOM = END_OF_MESSAGE
HOST = (b"Host", b"example.com")

REQUESTS = [
    Case(
        "simple-get",
        b"GET / HTTP/1.1\r\nHost: example.com\r\n\r\n",
        [req("GET", "/", (HOST,)), EOM],
        canonical=True,
    ),
    Case(
        "query-and-case-kept",
        b"GET /a%20b?x=1&y=%C3%A9 HTTP/1.1\r\nhOsT: example.com\r\nX-Thing: A b\r\n\r\n",
        [req("GET", "/a%20b?x=1&y=%C3%A9", ((b"hOsT", b"example.com"), (b"X-Thing", b"A b"))), EOM],
        canonical=True,
    ),
    Case(
        "ows-stripped",
        b"GET / HTTP/1.1\r\nHost:example.com  \r\nX:  \t v w \t \r\nEmpty:\r\n\r\n",
        [req("GET", "/", ((b"Host", b"example.com"), (b"X", b"v w"), (b"Empty", b""))), EOM],
    ),
    Case(
        "post-content-length",
        b"POST /f HTTP/1.1\r\nHost: example.com\r\nContent-Length: 5\r\n\r\nhello",
        [
            req("POST", "/f", (HOST, (b"Content-Length", b"5")), content_length=5),
            b"hello",
            EOM,
        ],
        canonical=True,
    ),
    Case(
        "content-length-zero",
        b"POST / HTTP/1.1\r\nContent-Length: 0\r\n\r\n",
        [req("POST", "/", ((b"Content-Length", b"0"),), content_length=0), EOM],
        canonical=True,
    ),
    Case(
        "chunked-with-extension-and-trailer",
        b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
        b'5;name=value\r\nhello\r\n6;q="a b"\r\n world\r\n0\r\nExpires: never\r\n\r\n',
        [
            req("POST", "/", ((b"Transfer-Encoding", b"chunked"),), chunked=True),
            b"hello world",
            EOM,
        ],
    ),
    Case(
        "chunked-body-containing-crlfcrlf",
        b"POST / HTTP/1.1\r\nTransfer-Encoding: Chunked\r\n\r\n"
        b"8\r\na\r\n\r\nb\r\n\r\n0\r\n\r\nGET /next HTTP/1.1\r\n\r\n",
        [
            req("POST", "/", ((b"Transfer-Encoding", b"Chunked"),), chunked=True),
            b"a\r\n\r\nb\r\n",
            EOM,
            req("GET", "/next"),
            EOM,
        ],
    ),
    Case(
        "pipelined-three",
        b"GET /1 HTTP/1.1\r\n\r\nPOST /2 HTTP/1.1\r\nContent-Length: 2\r\n\r\nokGET /3 HTTP/1.1\r\n\r\n",
        [
            req("GET", "/1"),
            EOM,
            req("POST", "/2", ((b"Content-Length", b"2"),), content_length=2),
            b"ok",
            EOM,
            req("GET", "/3"),
            EOM,
        ],
    ),
    Case(
        "empty-line-before-request",
        b"\r\nGET / HTTP/1.1\r\n\r\n",
        [req("GET", "/"), EOM],
    ),
    Case(
        "http10-default-close",
        b"GET / HTTP/1.0\r\n\r\nGET /ignored HTTP/1.0\r\n\r\n",
        [req("GET", "/", version=(1, 0), keep_alive=False), EOM],
    ),
    Case(
        "http10-keep-alive",
        b"GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\nGET /2 HTTP/1.0\r\n\r\n",
        [
            req("GET", "/", ((b"Connection", b"Keep-Alive"),), version=(1, 0)),
            EOM,
            req("GET", "/2", version=(1, 0), keep_alive=False),
            EOM,
        ],
    ),
    Case(
        "connection-close-drops-the-rest",
        b"GET / HTTP/1.1\r\nConnection: close\r\n\r\nGET /x HTTP/1.1\r\n\r\n",
        [req("GET", "/", ((b"Connection", b"close"),), keep_alive=False), EOM],
    ),
    Case(
        "connection-token-list",
        b"GET / HTTP/1.1\r\nConnection: foo, CLOSE\r\n\r\n",
        [req("GET", "/", ((b"Connection", b"foo, CLOSE"),), keep_alive=False), EOM],
    ),
    Case(
        "expect-continue",
        b"PUT /u HTTP/1.1\r\nExpect: 100-Continue\r\nContent-Length: 1\r\n\r\nx",
        [
            req(
                "PUT",
                "/u",
                ((b"Expect", b"100-Continue"), (b"Content-Length", b"1")),
                content_length=1,
                expect_continue=True,
            ),
            b"x",
            EOM,
        ],
    ),
    Case(
        "expect-ignored-in-http10",
        b"PUT /u HTTP/1.0\r\nExpect: 100-continue\r\n\r\n",
        [
            req("PUT", "/u", ((b"Expect", b"100-continue"),), version=(1, 0), keep_alive=False),
            EOM,
        ],
    ),
    Case(
        "websocket-upgrade",
        b"GET /ws HTTP/1.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n\x81\x05frame",
        [
            req(
                "GET",
                "/ws",
                ((b"Connection", b"Upgrade"), (b"Upgrade", b"websocket")),
                upgrade=True,
            ),
            Upgrade(b"\x81\x05frame"),
        ],
    ),
    Case(
        # the body an upgrade request declares stays in the tail, untouched
        "upgrade-with-body-in-tail",
        b"POST / HTTP/1.1\r\nConnection: upgrade\r\nUpgrade: h2c\r\nContent-Length: 3\r\n\r\nabcNEXT",
        [
            req(
                "POST",
                "/",
                ((b"Connection", b"upgrade"), (b"Upgrade", b"h2c"), (b"Content-Length", b"3")),
                upgrade=True,
                content_length=3,
            ),
            Upgrade(b"abcNEXT"),
        ],
    ),
    Case(
        "upgrade-header-without-connection-option-is-not-upgrade",
        b"GET / HTTP/1.1\r\nUpgrade: websocket\r\n\r\n",
        [req("GET", "/", ((b"Upgrade", b"websocket"),)), EOM],
    ),
    Case(
        "connect",
        b"CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n\x16\x03\x01",
        [
            req("CONNECT", "example.com:443", ((b"Host", b"example.com:443"),), upgrade=True),
            Upgrade(b"\x16\x03\x01"),
        ],
    ),
    Case(
        "options-asterisk",
        b"OPTIONS * HTTP/1.1\r\n\r\n",
        [req("OPTIONS", "*"), EOM],
        canonical=True,
    ),
    Case(
        "absolute-form",
        b"GET http://example.com/x?y HTTP/1.1\r\n\r\n",
        [req("GET", "http://example.com/x?y"), EOM],
        canonical=True,
    ),
    Case(
        "obs-text-in-value-kept",
        b"GET / HTTP/1.1\r\nX: caf\xe9\r\n\r\n",
        [req("GET", "/", ((b"X", b"caf\xe9"),)), EOM],
    ),
]

RESPONSES = [
    Case(
        "ok-with-length",
        b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi",
        [resp(200, "OK", ((b"Content-Length", b"2"),), content_length=2), b"hi", EOM],
        canonical=True,
    ),
    Case(
        "chunked",
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\n\r\n",
        [resp(200, "OK", ((b"Transfer-Encoding", b"chunked"),), chunked=True), b"hi", EOM],
        canonical=True,
    ),
    Case(
        "gzip-then-chunked",
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n1\r\nz\r\n0\r\n\r\n",
        [resp(200, "OK", ((b"Transfer-Encoding", b"gzip, chunked"),), chunked=True), b"z", EOM],
    ),
    Case(
        "read-until-close",
        b"HTTP/1.1 200 OK\r\n\r\nall of it",
        [resp(200, "OK", keep_alive=False), b"all of it", EOM],
        eof=True,
    ),
    Case(
        "te-without-chunked-reads-until-close",
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nzz",
        [resp(200, "OK", ((b"Transfer-Encoding", b"gzip"),), keep_alive=False), b"zz", EOM],
        eof=True,
    ),
    Case(
        "interim-100-then-final",
        b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n",
        [
            Interim(100, "Continue", ()),
            resp(201, "Created", ((b"Content-Length", b"0"),), content_length=0),
            EOM,
        ],
        canonical=True,
    ),
    Case(
        "head-response-has-no-body",
        b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nHTTP/1.1 404 Not Found\r\nContent-Length: 1\r\n\r\nx",
        [
            resp(200, "OK", ((b"Content-Length", b"10"),), content_length=10),
            EOM,
            resp(404, "Not Found", ((b"Content-Length", b"1"),), content_length=1),
            b"x",
            EOM,
        ],
        methods=("HEAD", "GET"),
    ),
    Case(
        "no-content-and-not-modified",
        b"HTTP/1.1 204 No Content\r\n\r\nHTTP/1.1 304 Not Modified\r\nContent-Length: 7\r\n\r\n",
        [
            resp(204, "No Content"),
            EOM,
            resp(304, "Not Modified", ((b"Content-Length", b"7"),), content_length=7),
            EOM,
        ],
        methods=("GET", "GET"),
    ),
    Case(
        "switching-protocols",
        b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n\x81\x00",
        [
            resp(
                101,
                "Switching Protocols",
                ((b"Upgrade", b"websocket"), (b"Connection", b"Upgrade")),
                upgrade=True,
            ),
            Upgrade(b"\x81\x00"),
        ],
        canonical=False,
    ),
    Case(
        "connect-established",
        b"HTTP/1.1 200 Connection established\r\n\r\n\x16\x03",
        [resp(200, "Connection established", upgrade=True), Upgrade(b"\x16\x03")],
        methods=("CONNECT",),
    ),
    Case(
        "http10-response",
        b"HTTP/1.0 200 OK\r\nContent-Length: 1\r\n\r\nx",
        [
            resp(
                200,
                "OK",
                ((b"Content-Length", b"1"),),
                version=(1, 0),
                keep_alive=False,
                content_length=1,
            ),
            b"x",
            EOM,
        ],
    ),
    Case(
        "no-reason-phrase",
        b"HTTP/1.1 200 \r\nContent-Length: 0\r\n\r\n",
        [resp(200, "", ((b"Content-Length", b"0"),), content_length=0), EOM],
    ),
]


@pytest.mark.parametrize("case", REQUESTS, ids=lambda c: c.id)
def test_request_parse_every_split(case: Case) -> None:
    events = same_events_every_split(RequestParser, case.data, eof=case.eof)
    assert events == case.events


def _response_parser(methods: tuple[str, ...]) -> ResponseParser:
    parser = ResponseParser()
    for method in methods:
        parser.start(method)
    return parser


@pytest.mark.parametrize("case", RESPONSES, ids=lambda c: c.id)
def test_response_parse_every_split(case: Case) -> None:
    events = same_events_every_split(lambda: _response_parser(case.methods), case.data, case.eof)
    assert events == case.events


def _str_headers(raw: tuple[tuple[bytes, bytes], ...]) -> list[tuple[str, str]]:
    return [(n.decode(), v.decode("utf-8", "surrogateescape")) for n, v in raw]


def encode_events(events: list[object]) -> bytes:
    """Serialise parsed events back to the wire (chunked bodies as one chunk)."""
    out = b""
    chunked = False
    for event in events:
        if isinstance(event, RequestHead):
            out += encode_request_head(
                event.method, event.target, event.version, _str_headers(event.raw_headers)
            )
            chunked = event.chunked
        elif isinstance(event, ResponseHead):
            out += encode_response_head(
                event.version, event.status, event.reason, _str_headers(event.raw_headers)
            )
            chunked = event.chunked
        elif isinstance(event, Interim):
            out += encode_response_head(
                (1, 1), event.status, event.reason, _str_headers(event.raw_headers)
            )
        elif isinstance(event, bytes):
            out += encode_chunk(event) if chunked else event
        elif event is END_OF_MESSAGE and chunked:
            out += encode_last_chunk()
    return out


@pytest.mark.parametrize(
    "case", [c for c in REQUESTS + RESPONSES if c.canonical], ids=lambda c: c.id
)
def test_serialise_gives_back_the_bytes(case: Case) -> None:
    assert encode_events(case.events) == case.data


@pytest.mark.parametrize("case", REQUESTS, ids=lambda c: c.id)
def test_request_round_trip(case: Case) -> None:
    # whatever we parse, we can serialise, and parsing that gives the same events back
    events = [e for e in case.events if not isinstance(e, Upgrade)]
    wire = encode_events(events)
    assert same_events_every_split(RequestParser, wire)[: len(events)] == events


@pytest.mark.parametrize("case", RESPONSES, ids=lambda c: c.id)
def test_response_round_trip(case: Case) -> None:
    events = [e for e in case.events if not isinstance(e, Upgrade)]
    wire = encode_events(events)
    parsed = same_events_every_split(lambda: _response_parser(case.methods), wire, case.eof)
    assert parsed[: len(events)] == events
