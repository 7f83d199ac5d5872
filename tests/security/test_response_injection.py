"""Response heads cannot be split: CR, LF or NUL in a header name, value or reason phrase.

Unit level, `encode_response_head` raises ValueError. End to end, a handler that puts such a
value on its response gets a 500 (or a closed connection) and the injected line never reaches
the wire. A handler's unexpected exception is a 500 whose body carries no traceback or exception
text, and the exception is logged.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator

import pytest
from security_wire import exchange, parse_responses, serve

from wirehttp import web
from wirehttp._sansio.h1.serialize import encode_response_head

BAD_TEXTS = [
    ("crlf", "a\r\nX-Injected: 1"),
    ("lf", "a\nX-Injected: 1"),
    ("cr", "a\rX-Injected: 1"),
    ("nul", "a\x00X-Injected: 1"),
    ("crlfcrlf", "a\r\n\r\nX-Injected: 1"),
]


@pytest.mark.parametrize("text", [t[1] for t in BAD_TEXTS], ids=[t[0] for t in BAD_TEXTS])
@pytest.mark.parametrize("where", ["name", "value", "reason"])
def test_encode_response_head_refuses(text: str, where: str) -> None:
    name, value, reason = "X-A", "ok", "OK"
    if where == "name":
        name = "X-A" + text.replace(": ", "-")
    elif where == "value":
        value = text
    else:
        reason = text
    with pytest.raises(ValueError):
        encode_response_head((1, 1), 200, reason, [("Content-Length", "0"), (name, value)])


@pytest.mark.parametrize("name", ["", "X A", "X:A", "X\tA", "X-\u00e4"])
def test_encode_response_head_refuses_non_token_names(name: str) -> None:
    with pytest.raises(ValueError):
        encode_response_head((1, 1), 200, "OK", [(name, "v")])


def _set_value(resp: web.Response, text: str) -> None:
    resp.headers["X-Evil"] = text


def _set_name(resp: web.Response, text: str) -> None:
    resp.headers["X-Evil" + text.replace(": ", "-")] = "v"


def _set_reason(resp: web.Response, text: str) -> None:
    resp.set_status(200, text)


def _set_content_type(resp: web.Response, text: str) -> None:
    resp.headers["Content-Type"] = "text/plain" + text


def _set_cookie(resp: web.Response, text: str) -> None:
    resp.set_cookie("c", "v", path="/" + text)


SETTERS: list[tuple[str, Callable[[web.Response, str], None]]] = [
    ("value", _set_value),
    ("name", _set_name),
    ("reason", _set_reason),
    ("content-type", _set_content_type),
    ("cookie-attribute", _set_cookie),
]


@pytest.mark.parametrize("text", [t[1] for t in BAD_TEXTS], ids=[t[0] for t in BAD_TEXTS])
@pytest.mark.parametrize("setter", [s[1] for s in SETTERS], ids=[s[0] for s in SETTERS])
async def test_injected_header_never_reaches_the_wire(
    text: str, setter: Callable[[web.Response, str], None]
) -> None:
    async def handler(request: web.Request) -> web.Response:
        resp = web.Response(text="body")
        try:
            setter(resp, text)
        except ValueError:
            return web.Response(status=599, text="refused at set time")
        return resp

    app = web.Application()
    app.router.add_get("/", handler)
    async with serve(app) as (_, port):
        raw = await exchange(port, b"GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
    assert b"X-Injected" not in raw
    assert b"\x00" not in raw
    if raw:  # a 500, or the refusal at set time; the response head holds only well-formed lines
        responses = parse_responses(raw)
        assert [r.status for r in responses] in ([500], [599])


@pytest.fixture
def server_log() -> Iterator[list[logging.LogRecord]]:
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    handler = Keep(logging.DEBUG)
    logger = logging.getLogger("aiohttp")
    old_level = logger.level
    logger.setLevel(logging.DEBUG)
    logger.addHandler(handler)
    try:
        yield records
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)


async def test_unexpected_exception_is_a_bare_500_and_is_logged(
    server_log: list[logging.LogRecord],
) -> None:
    async def handler(request: web.Request) -> web.Response:
        raise RuntimeError("secret-detail /srv/app/settings.py password=hunter2")

    app = web.Application()
    app.router.add_get("/", handler)
    async with serve(app) as (_, port):
        raw = await exchange(port, b"GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
    (response,) = parse_responses(raw)
    assert response.status == 500
    for leak in (b"Traceback", b"RuntimeError", b"secret-detail", b"hunter2", b".py"):
        assert leak not in raw
    logged = [r for r in server_log if r.exc_info and isinstance(r.exc_info[1], RuntimeError)]
    assert len(logged) == 1
    assert logged[0].levelno == logging.ERROR
