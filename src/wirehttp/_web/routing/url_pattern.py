"""Path syntax for routes: validation, `{name}` / `{name:regex}` parsing, quoting rules.

Owns the one normal form every path is compared in: the request path as `URL.path_safe` gives
it (percent-decoded except `%2F` and `%25`), and the helpers that turn route definitions and
`url_for` arguments into that form or back into an encoded URL path. No I/O, no asyncio, and
nothing here imports other wirehttp modules.
"""

from __future__ import annotations

import keyword
import re
from typing import Final
from urllib.parse import unquote

from yarl import URL

# RFC 9110 5.6.2: a method is a token; "*" (any method) is a token character too.
_METHOD_RE: Final = re.compile(r"[0-9A-Za-z!#$%&'*+\-.^_`|~]+")
_NAME_PART_SPLIT: Final = re.compile(r"[.:-]")
_VAR_NAME: Final = re.compile(r"[_a-zA-Z][_a-zA-Z0-9]*")
# A variable's default pattern: one non-empty path segment.
DEFAULT_SEGMENT_RE: Final = r"[^{}/]+"
# Escapes that URL.path_safe keeps encoded (they change the path's structure when decoded).
_KEPT_ESCAPES: Final = re.compile(r"(%2[fF]|%25)")
_SAFE_UNQUOTE: Final = {"%2F": "/", "%2f": "/", "%25": "%"}


def validate_method(method: str) -> str:
    """Upper-case `method` and check it is a token ("*" matches any method)."""
    upper = method.upper()
    if not _METHOD_RE.fullmatch(upper):
        raise ValueError(f"{method} is not allowed HTTP method")
    return upper


def validate_name(name: str) -> None:
    """Check a resource name: identifiers joined by '.', ':' or '-', none a Python keyword."""
    for part in _NAME_PART_SPLIT.split(name):
        if keyword.iskeyword(part):
            raise ValueError(
                f"Incorrect route name {name!r}, python keywords cannot be used for route name"
            )
        if not part.isidentifier():
            raise ValueError(
                f"Incorrect route name {name!r}, the name should be a sequence of "
                "python identifiers separated by dash, dot or column"
            )


def validate_path(path: str) -> None:
    """A route path is empty (sub-application root) or starts with '/'."""
    if path and not path.startswith("/"):
        raise ValueError("path should be started with / or be empty")


def is_dynamic(path: str) -> bool:
    return "{" in path or "}" in path


def quote_path(value: str) -> str:
    """Percent-encode a decoded path (or path part) the way yarl encodes URL paths ('/' kept)."""
    return URL.build(path=value, encoded=False).raw_path


def requote_path(value: str) -> str:
    """Encode what must be encoded in a route path while keeping its existing %-escapes."""
    quoted = quote_path(value)
    return quoted.replace("%25", "%") if "%" in value else quoted


def to_match_form(encoded: str) -> str:
    """An encoded path (part) in the form requests are compared in (see URL.path_safe)."""
    if "%" not in encoded:
        return encoded
    pieces = _KEPT_ESCAPES.split(encoded)
    return "".join(
        piece.upper() if i % 2 else _unquote_or_keep(piece) for i, piece in enumerate(pieces)
    )


def _unquote_or_keep(piece: str) -> str:
    try:
        return unquote(piece, errors="strict")
    except UnicodeDecodeError:  # not UTF-8: compared still encoded, as yarl leaves it
        return piece


def unquote_kept(value: str) -> str:
    """Decode the escapes URL.path_safe keeps (%2F, %25) in a matched value."""
    if "%" not in value:
        return value
    return _KEPT_ESCAPES.sub(lambda m: _SAFE_UNQUOTE[m.group(0)], value)


def split_template(path: str) -> list[tuple[bool, str]]:
    """Split a route template into (is_variable, text) parts; braces may nest one level in a regex."""
    parts: list[tuple[bool, str]] = []
    depth = 0
    start = 0
    for i, char in enumerate(path):
        if char == "{":
            if depth == 0:
                if i > start:
                    parts.append((False, path[start:i]))
                start = i
            depth += 1
        elif char == "}":
            depth -= 1
            if depth < 0:
                raise ValueError(f"Invalid path {path!r}: unbalanced '}}'")
            if depth == 0:
                parts.append((True, path[start : i + 1]))
                start = i + 1
    if depth:
        raise ValueError(f"Invalid path {path!r}: unbalanced '{{'")
    if start < len(path):
        parts.append((False, path[start:]))
    return parts


def compile_template(path: str) -> tuple[re.Pattern[str], str]:
    """Compile a dynamic route template into (pattern over the match form, url formatter)."""
    pattern: list[str] = []
    formatter: list[str] = []
    names: set[str] = set()
    for is_var, text in split_template(path):
        if not is_var:
            literal = requote_path(text)
            formatter.append(literal)
            pattern.append(re.escape(to_match_form(literal)))
            continue
        name, sep, regex = text[1:-1].partition(":")
        if not _VAR_NAME.fullmatch(name) or (sep and not regex):
            raise ValueError(f"Invalid path {path!r}: bad variable {text!r}")
        if name in names:
            raise ValueError(f"Invalid path {path!r}: duplicate variable {name!r}")
        names.add(name)
        pattern.append(f"(?P<{name}>{regex if sep else DEFAULT_SEGMENT_RE})")
        formatter.append("{" + name + "}")
    try:
        compiled = re.compile("".join(pattern))
    except re.error as exc:
        raise ValueError(f"Bad pattern in {path!r}: {exc}") from None
    return compiled, "".join(formatter)
