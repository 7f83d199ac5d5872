"""AccessLogger: the format directives, the LogRecord extras, and escaping of hostile input.

Most tests drive the logger with small request/response stand-ins (the logger reads them by
duck typing); `tests/_server/test_runner.py` checks the same logger behind a real server.
"""

from __future__ import annotations

import logging
import os
import re
from typing import Any

import pytest
from multidict import CIMultiDict, CIMultiDictProxy

from wirehttp._server.access_log import (
    MAX_LOGGED_FIELD,
    AbstractAccessLogger,
    AccessLogger,
    access_logger,
    escape_field,
)


class FakeRequest:
    def __init__(
        self,
        *,
        method: str = "GET",
        raw_path: str = "/path?q=1",
        version: tuple[int, int] = (1, 1),
        headers: dict[str, str] | None = None,
        remote: str | None = "127.0.0.1",
    ) -> None:
        self.method = method
        self.raw_path = raw_path
        self.path_qs = raw_path
        self.version = version
        self.headers = CIMultiDictProxy(CIMultiDict(headers or {}))
        self.remote = remote


class FakeResponse:
    def __init__(
        self, status: int = 200, body_length: int = 42, headers: dict[str, str] | None = None
    ) -> None:
        self.status = status
        self.body_length = body_length
        self.headers = CIMultiDictProxy(CIMultiDict(headers or {}))


class Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    @property
    def lines(self) -> list[str]:
        return [record.getMessage() for record in self.records]


@pytest.fixture
def captured() -> Any:
    logger = logging.getLogger("wirehttp.test.access")
    logger.setLevel(logging.INFO)
    logger.propagate = False
    handler = Capture()
    logger.addHandler(handler)
    yield logger, handler
    logger.removeHandler(handler)


def log_one(
    captured: Any, fmt: str, request: Any = None, response: Any = None, time: float = 0.25
) -> str:
    logger, handler = captured
    AccessLogger(logger, fmt).log(request or FakeRequest(), response or FakeResponse(), time)
    assert len(handler.records) == 1
    return handler.lines[0]  # type: ignore[no-any-return]


def test_default_format_is_aiohttps() -> None:
    assert AccessLogger.LOG_FORMAT == '%a %t "%r" %s %b "%{Referer}i" "%{User-Agent}i"'
    assert access_logger.name == "aiohttp.access"


def test_default_format_line(captured: Any) -> None:
    request = FakeRequest(headers={"Referer": "http://ref/", "User-Agent": "curl/8"})
    line = log_one(captured, AccessLogger.LOG_FORMAT, request, FakeResponse(404, 9))
    pattern = r'127\.0\.0\.1 \[\d\d/\w\w\w/\d{4}:\d\d:\d\d:\d\d [+-]\d{4}\] "GET /path\?q=1 HTTP/1\.1" 404 9 "http://ref/" "curl/8"'
    assert re.fullmatch(pattern, line), line


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("%a", "127.0.0.1"),
        ("%r", "GET /path?q=1 HTTP/1.1"),
        ("%s", "200"),
        ("%b", "42"),
        ("%T", "2"),
        ("%Tf", "1.500000"),
        ("%D", "1500000"),
        ("%{X-Req}i", "in"),
        ("%{X-Resp}o", "out"),
        ("%{Missing}i %{Missing}o", "- -"),
        ("%%s is literal, 100%% sure", "%s is literal, 100% sure"),
        ("no directives at all", "no directives at all"),
        ("%z %{Bad}x stays", "%z %{Bad}x stays"),
        ("[%s|%b]", "[200|42]"),
    ],
)
def test_directive(captured: Any, fmt: str, expected: str) -> None:
    request = FakeRequest(headers={"X-Req": "in"})
    response = FakeResponse(headers={"X-Resp": "out"})
    assert log_one(captured, fmt, request, response, time=1.5) == expected


def test_pid_directive(captured: Any) -> None:
    assert log_one(captured, "%P") == f"<{os.getpid()}>"


def test_missing_remote_is_a_dash(captured: Any) -> None:
    assert log_one(captured, "%a", FakeRequest(remote=None)) == "-"


def test_http10_request_line(captured: Any) -> None:
    request = FakeRequest(method="HEAD", raw_path="/x", version=(1, 0))
    assert log_one(captured, "%r", request) == "HEAD /x HTTP/1.0"


def test_response_without_headers(captured: Any) -> None:
    """What the server logs for an error it wrote itself has no `headers`."""

    class Raw:
        status = 500
        body_length = 0

    assert log_one(captured, "%s %b %{X}o", response=Raw()) == "500 0 -"


def test_extra_fields_on_the_record(captured: Any) -> None:
    logger, handler = captured
    request = FakeRequest(headers={"User-Agent": "ua"})
    AccessLogger(logger, "%a %s %{User-Agent}i %{Server}o %Tf").log(
        request, FakeResponse(201, headers={"Server": "me"}), 0.5
    )
    record = handler.records[0]
    assert record.remote_address == "127.0.0.1"
    assert record.response_status == "201"
    assert record.request_header == {"User-Agent": "ua"}
    assert record.response_header == {"Server": "me"}
    assert record.request_time_frac == "0.500000"


HOSTILE = [
    "evil\r\n127.0.0.1 - fake line",
    "\x1b[2J\x1b[31mred",
    "nul\x00byte",
    'quote" "injected',
    "back\\slash",
    "line\u2028separator",
    "bidi\u202eoverride",
    "raw\udcffbyte",
    "del\x7fc1\x85",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_header_value_is_escaped(captured: Any, value: str) -> None:
    request = FakeRequest(headers={"User-Agent": value, "Referer": value})
    line = log_one(captured, AccessLogger.LOG_FORMAT, request)
    assert "\r" not in line and "\n" not in line and "\x1b" not in line and "\x00" not in line
    assert all(c.isprintable() for c in line), repr(line)
    # each quoted field still ends at its own closing quote: exactly 6 unescaped quotes
    assert len(re.findall(r'(?<!\\)"', line.replace("\\\\", ""))) == 6, line


def test_escape_forms() -> None:
    assert escape_field("a\r\nb") == "a\\x0d\\x0ab"
    assert escape_field("\x1b[0m") == "\\x1b[0m"
    assert escape_field('say "hi"') == 'say \\"hi\\"'
    assert escape_field("C:\\dir") == "C:\\\\dir"
    assert escape_field("\udcff") == "\\xff"
    assert escape_field("\u2028") == "\\u2028"
    assert escape_field("caf\u00e9 \u65e5\u672c") == "caf\u00e9 \u65e5\u672c"  # printable text kept


def test_hostile_request_target_is_escaped(captured: Any) -> None:
    request = FakeRequest(raw_path="/a\r\nInjected: 1\x1b")
    assert log_one(captured, "%r", request) == "GET /a\\x0d\\x0aInjected: 1\\x1b HTTP/1.1"


def test_values_are_bounded(captured: Any) -> None:
    huge = "A" * 8000
    request = FakeRequest(raw_path="/" + huge, headers={"User-Agent": huge})
    line = log_one(captured, '"%r" "%{User-Agent}i"', request)
    first, second = line[1:-1].split('" "')
    assert first == ("GET /" + huge)[:MAX_LOGGED_FIELD] + "..."
    assert second == huge[:MAX_LOGGED_FIELD] + "..."
    escaped = escape_field("\x01" * 8000)
    assert len(escaped) == MAX_LOGGED_FIELD * 4 + 3


def test_not_enabled_logs_nothing(captured: Any) -> None:
    logger, handler = captured
    logger.setLevel(logging.WARNING)
    access = AccessLogger(logger)
    assert access.enabled is False
    access.log(FakeRequest(), FakeResponse(), 0.1)
    assert handler.records == []
    logger.setLevel(logging.INFO)
    assert access.enabled is True


def test_broken_request_is_reported_not_raised(captured: Any) -> None:
    logger, handler = captured

    class Broken:
        @property
        def remote(self) -> str:
            raise RuntimeError("boom")

    AccessLogger(logger, "%a").log(Broken(), FakeResponse(), 0.1)
    assert [r.levelno for r in handler.records] == [logging.ERROR]
    assert handler.records[0].getMessage() == "Error in logging"


def test_abstract_logger_contract() -> None:
    with pytest.raises(TypeError):
        AbstractAccessLogger(logging.getLogger("x"), "%a")  # type: ignore[abstract]

    class Mine(AbstractAccessLogger):
        def log(self, request: Any, response: Any, time: float) -> None:
            self.seen = (request, response, time)

    mine = Mine(logging.getLogger("x"), "fmt")
    assert mine.enabled is True
    assert mine.log_format == "fmt"
    mine.log("req", "resp", 1.0)
    assert mine.seen == ("req", "resp", 1.0)
