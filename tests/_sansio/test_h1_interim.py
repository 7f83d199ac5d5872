"""Interim (1xx) responses: each comes out as an `Interim` event before the final response.

One table, every case fed whole, one byte at a time and in random splits (h1_helpers). The
client's expect-continue wait is built on these events, so the cases pin down what frames
nothing (an interim head never has a body, whatever its fields say) and what still fails.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from h1_helpers import same_events_every_split

from wirehttp._sansio.errors import InvalidHeader, RemoteProtocolError, TooManyHeaders
from wirehttp._sansio.h1 import END_OF_MESSAGE, Interim, ResponseHead, ResponseParser, Upgrade

EOM = END_OF_MESSAGE
CONTINUE = b"HTTP/1.1 100 Continue\r\n\r\n"


def final(
    status: int,
    reason: str,
    headers: tuple[tuple[bytes, bytes], ...] = (),
    *,
    keep_alive: bool = True,
    chunked: bool = False,
    content_length: int | None = None,
    upgrade: bool = False,
) -> ResponseHead:
    return ResponseHead(
        (1, 1), status, reason, headers, keep_alive, upgrade, chunked, content_length
    )


@dataclass
class Case:
    id: str
    data: bytes
    events: list[object]
    methods: tuple[str, ...] = ("POST",)
    eof: bool = False


CL0 = (b"Content-Length", b"0")

CASES = [
    Case("continue-alone", CONTINUE, [Interim(100, "Continue", ())]),
    Case("continue-then-eof", CONTINUE, [Interim(100, "Continue", ())], eof=True),
    Case(
        "continue-then-expectation-failed",
        CONTINUE + b"HTTP/1.1 417 Expectation Failed\r\nContent-Length: 2\r\n\r\nno",
        [
            Interim(100, "Continue", ()),
            final(417, "Expectation Failed", ((b"Content-Length", b"2"),), content_length=2),
            b"no",
            EOM,
        ],
    ),
    Case(
        "final-without-interim",
        b"HTTP/1.1 417 Expectation Failed\r\nContent-Length: 0\r\n\r\n",
        [final(417, "Expectation Failed", (CL0,), content_length=0), EOM],
    ),
    Case(
        "early-hints-keep-their-fields",
        b"HTTP/1.1 103 Early Hints\r\nLink: </s.css>; rel=preload\r\n\r\n"
        b"HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx",
        [
            Interim(103, "Early Hints", ((b"Link", b"</s.css>; rel=preload"),)),
            final(200, "OK", ((b"Content-Length", b"1"),), content_length=1),
            b"x",
            EOM,
        ],
    ),
    Case(
        "several-interims-then-chunked",
        CONTINUE + b"HTTP/1.1 102 Processing\r\n\r\n"
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n",
        [
            Interim(100, "Continue", ()),
            Interim(102, "Processing", ()),
            final(200, "OK", ((b"Transfer-Encoding", b"chunked"),), chunked=True),
            b"ok",
            EOM,
        ],
    ),
    Case(
        # RFC 9110 15.2: a 1xx has no content; a Content-Length on it frames nothing, so the
        # next bytes are the final head, never a body to skip (no smuggling through a 100)
        "interim-content-length-frames-nothing",
        b"HTTP/1.1 100 Continue\r\nContent-Length: 5\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n",
        [Interim(100, "Continue", ((b"Content-Length", b"5"),)), final(204, "No Content"), EOM],
    ),
    Case(
        "interim-without-reason",
        b"HTTP/1.1 100 \r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
        [Interim(100, "", ()), final(200, "OK", (CL0,), content_length=0), EOM],
    ),
    Case(
        "interim-before-head-response",
        CONTINUE + b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n",
        [Interim(100, "Continue", ()), final(200, "OK", ((b"Content-Length", b"10"),), content_length=10), EOM],
        methods=("HEAD",),
    ),
    Case(
        "interim-for-the-second-request",
        b"HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\na"
        + CONTINUE
        + b"HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n",
        [
            final(200, "OK", ((b"Content-Length", b"1"),), content_length=1),
            b"a",
            EOM,
            Interim(100, "Continue", ()),
            final(201, "Created", (CL0,), content_length=0),
            EOM,
        ],
        methods=("GET", "POST"),
    ),
    Case(
        "interim-then-switching-protocols",
        CONTINUE + b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: x\r\nConnection: upgrade\r\n\r\nzz",
        [
            Interim(100, "Continue", ()),
            final(
                101,
                "Switching Protocols",
                ((b"Upgrade", b"x"), (b"Connection", b"upgrade")),
                upgrade=True,
            ),
            Upgrade(b"zz"),
        ],
        methods=("GET",),
    ),
]  # fmt: skip


def _parser(methods: tuple[str, ...]) -> ResponseParser:
    parser = ResponseParser()
    for method in methods:
        parser.start(method)
    return parser


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_interim_every_split(case: Case) -> None:
    events = same_events_every_split(lambda: _parser(case.methods), case.data, case.eof)
    assert events == case.events


def test_interim_takes_no_pending_request() -> None:
    # an interim answer belongs to the request still waiting for its final answer
    parser = _parser(("POST",))
    assert parser.feed(CONTINUE) == [Interim(100, "Continue", ())]
    assert parser.feed(CONTINUE) == [Interim(100, "Continue", ())]
    events = parser.feed(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
    assert events == [final(200, "OK", (CL0,), content_length=0), EOM]
    refused = parser.feed(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
    assert len(refused) == 1 and isinstance(refused[0], RemoteProtocolError)


HOSTILE = [
    ("nul-in-interim-field", b"HTTP/1.1 100 Continue\r\nX: a\x00\r\n\r\n", InvalidHeader),
    (
        "too-many-interim-fields",
        b"HTTP/1.1 103 Early Hints\r\n"
        + b"".join(b"Link: <%d>\r\n" % i for i in range(129))
        + b"\r\n",
        TooManyHeaders,
    ),
]


@pytest.mark.parametrize(("name", "data", "cls"), HOSTILE, ids=[c[0] for c in HOSTILE])
def test_hostile_interim_refused_every_split(
    name: str, data: bytes, cls: type[RemoteProtocolError]
) -> None:
    events = same_events_every_split(lambda: _parser(("POST",)), data)
    assert [type(e) for e in events] == [cls]
