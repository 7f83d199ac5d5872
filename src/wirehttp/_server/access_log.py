"""Access logging: one line per finished request, in aiohttp's (Apache-like) format language.

Owns: `AbstractAccessLogger` (the interface the server calls after every request, public as
`web.AbstractAccessLogger` and `abc.AbstractAccessLogger`), `AccessLogger` (the default, which
compiles its format once into a template plus one small getter per directive), and the
escaping that keeps peer input from forging or flooding log lines.

Directives: %a remote address, %t start time, %P process id, %r request line, %s status,
%b response body size, %T seconds, %Tf seconds with fraction, %D microseconds,
%{Name}i request header, %{Name}o response header, %% a literal percent sign.

Every value that can come from the peer (or from a handler echoing the peer) is cut to
`MAX_LOGGED_FIELD` characters and has control characters, quotes and backslashes escaped,
so a hostile header cannot start a new log line, move the terminal cursor, or close the quotes
around its field. Values are read from this request's own object when its response is done, so
a line never mixes in bytes of a pipelined neighbour.
Must not import `_web` or `_client`: request and response are used by duck typing.
"""

from __future__ import annotations

import datetime
import logging
import os
import re
from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import Any

__all__ = (
    "MAX_LOGGED_FIELD",
    "AbstractAccessLogger",
    "AccessLogger",
    "access_logger",
    "escape_field",
)

# The logger aiohttp writes its access lines to; the same name keeps users' logging config working.
access_logger = logging.getLogger("aiohttp.access")

# Characters of one peer-controlled value (request line, one header) copied into a log line.
# 1024 keeps real request targets and User-Agent strings (typically 100-300 chars) whole while
# capping a hostile 8 KiB header (MAX_FIELD_SIZE) at an eighth; the escaped form is at most
# ten times this (a non-printable astral character becomes \UXXXXXXXX).
MAX_LOGGED_FIELD = 1024
_TRUNCATED = "..."

_Getter = Callable[[Any, Any, float], str]


class AbstractAccessLogger(ABC):
    """What the server calls once per finished request; subclass it for a custom log."""

    __slots__ = ("log_format", "logger")

    def __init__(self, logger: logging.Logger, log_format: str) -> None:
        self.logger = logger
        self.log_format = log_format

    @abstractmethod
    def log(self, request: Any, response: Any, time: float) -> None:
        """Record one request; `time` is the seconds it took from head to finished response."""

    @property
    def enabled(self) -> bool:
        """False lets the server skip calling `log` at all."""
        return True


AbstractAccessLogger.__module__ = "wirehttp.abc"


def _escape_char(char: str) -> str:
    if char == '"':
        return '\\"'
    if char == "\\":
        return "\\\\"
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a raw non-UTF-8 byte kept by surrogateescape
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def escape_field(value: str, limit: int = MAX_LOGGED_FIELD) -> str:
    """Cut `value` to `limit` characters and escape what must not reach a log line raw.

    Escaped: C0/C1 controls (CR, LF, ESC, NUL...), DEL, other non-printable characters
    (line/paragraph separators, bidi overrides, lone surrogates), `"` and `\\`.
    """
    truncated = len(value) > limit
    if truncated:
        value = value[:limit]
    if not (value.isprintable() and '"' not in value and "\\" not in value):
        value = "".join(
            c if c.isprintable() and c != '"' and c != "\\" else _escape_char(c) for c in value
        )
    return value + _TRUNCATED if truncated else value


# -- one getter per directive --------------------------------------------------------------


def _remote(request: Any, response: Any, time: float) -> str:
    remote = request.remote
    return escape_field(str(remote)) if remote else "-"


def _start_time(request: Any, response: Any, time: float) -> str:
    now = datetime.datetime.now(datetime.timezone.utc).astimezone()
    return (now - datetime.timedelta(seconds=time)).strftime("[%d/%b/%Y:%H:%M:%S %z]")


def _pid(request: Any, response: Any, time: float) -> str:
    return f"<{os.getpid()}>"


def _request_line(request: Any, response: Any, time: float) -> str:
    version = request.version
    target = getattr(request, "raw_path", None) or request.path_qs
    return escape_field(f"{request.method} {target} HTTP/{version[0]}.{version[1]}")


def _status(request: Any, response: Any, time: float) -> str:
    return str(response.status)


def _size(request: Any, response: Any, time: float) -> str:
    return str(getattr(response, "body_length", 0))


def _seconds(request: Any, response: Any, time: float) -> str:
    return str(round(time))


def _seconds_frac(request: Any, response: Any, time: float) -> str:
    return f"{time:06f}"


def _micros(request: Any, response: Any, time: float) -> str:
    return str(round(time * 1_000_000))


def _header_getter(name: str, side: str) -> _Getter:
    if side == "i":

        def request_header(request: Any, response: Any, time: float) -> str:
            value = request.headers.get(name)
            return "-" if value is None else escape_field(value)

        return request_header

    def response_header(request: Any, response: Any, time: float) -> str:
        headers = getattr(response, "headers", None)
        value = headers.get(name) if headers is not None else None
        return "-" if value is None else escape_field(value)

    return response_header


# directive -> (key in the LogRecord's `extra`, as aiohttp names it; getter)
_SIMPLE: dict[str, tuple[str, _Getter]] = {
    "a": ("remote_address", _remote),
    "t": ("request_start_time", _start_time),
    "P": ("process_id", _pid),
    "r": ("first_request_line", _request_line),
    "s": ("response_status", _status),
    "b": ("response_size", _size),
    "T": ("request_time", _seconds),
    "Tf": ("request_time_frac", _seconds_frac),
    "D": ("request_time_micro", _micros),
}
_HEADER_EXTRA = {"i": "request_header", "o": "response_header"}

_DIRECTIVE_RE = re.compile(r"%(?:\{([A-Za-z0-9_-]+)\}([io])|(Tf|[atPrsbTD%]))")


class _Field:
    """One compiled directive: where its value goes in `extra`, and how to get it."""

    __slots__ = ("getter", "header", "key")

    def __init__(self, key: str, getter: _Getter, header: str | None = None) -> None:
        self.key = key
        self.getter = getter
        self.header = header


def compile_format(log_format: str) -> tuple[str, tuple[_Field, ...]]:
    """Turn a format into a `%s` template (literal `%` doubled) and its fields, in order."""
    parts: list[str] = []
    fields: list[_Field] = []
    pos = 0
    for match in _DIRECTIVE_RE.finditer(log_format):
        parts.append(log_format[pos : match.start()].replace("%", "%%"))
        pos = match.end()
        name, side, simple = match.groups()
        if simple == "%":
            parts.append("%%")
            continue
        if simple is not None:
            fields.append(_Field(*_SIMPLE[simple]))
        else:
            fields.append(_Field(_HEADER_EXTRA[side], _header_getter(name, side), name))
        parts.append("%s")
    parts.append(log_format[pos:].replace("%", "%%"))
    return "".join(parts), tuple(fields)


class AccessLogger(AbstractAccessLogger):
    """The default access log: `logger.info(line)` in the configured format."""

    __slots__ = ("_fields", "_template")

    LOG_FORMAT = '%a %t "%r" %s %b "%{Referer}i" "%{User-Agent}i"'

    def __init__(self, logger: logging.Logger, log_format: str = LOG_FORMAT) -> None:
        super().__init__(logger, log_format)
        self._template, self._fields = compile_format(log_format)

    @property
    def enabled(self) -> bool:
        return self.logger.isEnabledFor(logging.INFO)

    def log(self, request: Any, response: Any, time: float) -> None:
        if not self.logger.isEnabledFor(logging.INFO):
            return
        try:
            values: list[str] = []
            extra: dict[str, Any] = {}
            for field in self._fields:
                value = field.getter(request, response, time)
                values.append(value)
                if field.header is None:
                    extra[field.key] = value
                else:
                    extra.setdefault(field.key, {})[field.header] = value
            self.logger.info(self._template % tuple(values), extra=extra)
        except Exception:
            self.logger.exception("Error in logging")


AccessLogger.__module__ = "wirehttp.web_log"  # wirehttp.web does not export it
