"""`Content-Disposition` for MIME parts: building it, parsing it, and header-value safety.

Owns: `content_disposition_header(disptype, quote_fields, _charset, **params)` (what a multipart
writer puts on each part, quoted as aiohttp 3.14 quotes it on the wire), `parse_content_disposition`
and `content_disposition_filename` (RFC 6266 / RFC 2231 parameters, including `name*=` and
`name*0=` continuations), the two warning classes they emit, `check_header_value` (CR, LF and NUL
raise ValueError: no header injection through a field name, a filename or a content type) and
`guess_filename`. No I/O. Must not import `_client`, `_server` or `_web`.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final
from urllib.parse import quote, unquote

from .._base.quoted_split import split_outside_quotes

__all__ = (
    "BadContentDispositionHeader",
    "BadContentDispositionParam",
    "check_header_value",
    "content_disposition_filename",
    "content_disposition_header",
    "guess_filename",
    "parse_content_disposition",
)

# RFC 9110 5.6.2 token characters, ASCII only.
_TOKEN_RE: Final = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+", re.ASCII)
# Characters a MIME quoted-string may carry at all (RFC 5322 3.2.4: 7-bit, printable, HTAB).
_QUOTABLE_RE: Final = re.compile(r"[\t\x20-\x7e]*")
# Inside the quotes, everything that is not qtext gets a backslash (so do `"`, `\`, SP and HTAB:
# aiohttp 3.14 escapes those too, and the receivers it talks to expect exactly that).
_NOT_QTEXT_RE: Final = re.compile(r"[^\x21\x23-\x5b\x5d-\x7e]")
_FORBIDDEN_RE: Final = re.compile(r"[\x00\r\n]")
# `name*3` or `name*3*`: one piece of an RFC 2231 continuation.
_CONTINUATION_RE: Final = re.compile(r"[^*]+\*\d+\*?")
_QUOTED_PAIR_RE: Final = re.compile(r"\\([\x00-\x7f])")


class BadContentDispositionHeader(RuntimeWarning):
    """The whole Content-Disposition value is malformed; parsing gave up on it."""


class BadContentDispositionParam(RuntimeWarning):
    """One Content-Disposition parameter is malformed and was skipped."""


def check_header_value(value: str) -> str:
    """`value` unchanged, or ValueError if it holds CR, LF or NUL (a header injection)."""
    if _FORBIDDEN_RE.search(value) is not None:
        raise ValueError(
            "Forbidden control character detected in headers. Potential header injection attack."
        )
    return value


def guess_filename(obj: Any, default: str | None = None) -> str | None:
    """The base name of a file object's `name`, unless it is a pseudo name like `<stdin>`."""
    name = getattr(obj, "name", None)
    if name and isinstance(name, str) and name[0] != "<" and name[-1] != ">":
        return Path(name).name
    return default


def _is_token(text: str) -> bool:
    return _TOKEN_RE.fullmatch(text) is not None


def _quoted_param(key: str, value: str, charset: str) -> tuple[str, str]:
    """One parameter with quote_fields: filenames percent-encoded inside quotes; other values
    as a quoted-string, or as an RFC 2231 `key*=charset''...` when they are not 7-bit."""
    if key.lower() == "filename":
        return key, '"' + quote(value, "", encoding=charset) + '"'
    if _QUOTABLE_RE.fullmatch(value) is None:
        return key + "*", charset + "''" + quote(value, "", encoding=charset)
    return key, '"' + _NOT_QTEXT_RE.sub(lambda m: "\\" + m.group(0), value) + '"'


def content_disposition_header(
    disptype: str, quote_fields: bool = True, _charset: str = "utf-8", **params: str
) -> str:
    """A MIME part's Content-Disposition (RFC 2183, RFC 7578 4.2) as aiohttp writes it.

    With `quote_fields` (the default) the value is 7-bit: a filename is percent-encoded, other
    parameters are quoted-strings or RFC 2231 extended values. Without it, values go out as
    given inside quotes, only `\\` and `"` escaped (for receivers that take UTF-8 names).
    """
    if not disptype or not _is_token(disptype):
        raise ValueError(f"bad content disposition type {disptype!r}")
    rendered = [disptype]
    for key, value in params.items():
        if not key or not _is_token(key):
            raise ValueError(f"bad content disposition parameter {key!r}={value!r}")
        check_header_value(value)
        if quote_fields:
            name, text = _quoted_param(key, value, _charset)
        else:
            name, text = key, '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
        rendered.append(f"{name}={text}")
    return "; ".join(rendered)


def _unescape(text: str) -> str:
    return _QUOTED_PAIR_RE.sub(r"\1", text)


def _is_quoted(text: str) -> bool:
    return len(text) >= 2 and text[0] == text[-1] == '"'


def _extended_value(value: str) -> str | None:
    """`charset'lang'pct-encoded` decoded (RFC 2231 4), or None when malformed."""
    if not _is_token(value) or value.count("'") != 2:
        return None
    charset, _lang, encoded = value.split("'", 2)
    try:
        return unquote(encoded, charset or "utf-8", "strict")
    except (LookupError, UnicodeDecodeError):
        return None


def _plain_value(value: str) -> str | None:
    stripped = value.rstrip()
    if _is_quoted(stripped):
        return _unescape(stripped[1:-1].lstrip("\\/"))
    if _is_token(value):
        return value
    return None


def parse_content_disposition(header: str | None) -> tuple[str | None, dict[str, str]]:
    """`(disposition type, parameters)` of a Content-Disposition value; `(None, {})` if malformed.

    Keys are lower-cased; `key*` values are decoded; continuation pieces (`key*0`, `key*1*`)
    stay raw for `content_disposition_filename` to join. Problems warn (the classes above).
    """
    if not header:
        return None, {}
    disptype, *items = split_outside_quotes(header, ";")
    disptype = disptype.strip()
    if not _is_token(disptype):
        warnings.warn(BadContentDispositionHeader(header), stacklevel=2)
        return None, {}
    params: dict[str, str] = {}
    for item in items:
        if not item.strip():
            warnings.warn(BadContentDispositionHeader(header), stacklevel=2)
            continue
        key, sep, value = item.partition("=")
        key, value = key.strip().lower(), value.strip()
        if not sep or key in params:
            warnings.warn(BadContentDispositionHeader(header), stacklevel=2)
            return None, {}
        parsed = _parse_param(key, value)
        if parsed is None:
            warnings.warn(BadContentDispositionParam(item), stacklevel=2)
            continue
        if parsed is _MALFORMED:
            warnings.warn(BadContentDispositionHeader(header), stacklevel=2)
            return None, {}
        params[key] = parsed
    return disptype.lower(), params


_MALFORMED: Final = "\x00malformed"  # a plain value that spoils the whole header


def _parse_param(key: str, value: str) -> str | None:
    if not _is_token(key):
        return None
    if _CONTINUATION_RE.fullmatch(key):
        if _is_quoted(value):
            return _unescape(value[1:-1])
        return value if _is_token(value) else None
    if key.endswith("*"):
        return _extended_value(value)
    plain = _plain_value(value)
    return _MALFORMED if plain is None else plain


def content_disposition_filename(params: Mapping[str, str], name: str = "filename") -> str | None:
    """The value of `name` from parsed parameters: `name*` first, then `name`, then the joined
    RFC 2231 continuation `name*0`, `name*1`... (decoded when it carries a charset)."""
    if not params:
        return None
    extended = name + "*"
    if extended in params:
        return params[extended]
    if name in params:
        return params[name]
    pieces = []
    for number in range(len(params)):
        piece = params.get(f"{name}*{number}", params.get(f"{name}*{number}*"))
        if piece is None:
            break
        pieces.append(piece)
    if not pieces:
        return None
    value = "".join(pieces)
    if "'" in value:
        charset, _lang, encoded = value.split("'", 2)
        try:
            return unquote(encoded, charset or "utf-8", "strict")
        except (LookupError, UnicodeDecodeError):
            return None
    return value


for _obj in (
    BadContentDispositionHeader,
    BadContentDispositionParam,
    content_disposition_filename,
    parse_content_disposition,
):
    _obj.__module__ = "wirehttp.multipart"  # documented as wirehttp.multipart.<name>
