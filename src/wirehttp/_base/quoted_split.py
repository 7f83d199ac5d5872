"""Splitting a header value on a separator that may also appear inside quoted strings.

Owns `split_outside_quotes(text, sep)`: RFC 9110 5.6.4 quoted-strings (with backslash
quoted-pairs) are kept whole, so `filename="a;b"` or `for="[::1]:80,x"` split where a reader
expects. Used by the Content-Type, Content-Disposition and Forwarded parsers. No I/O.
"""

from __future__ import annotations

__all__ = ("split_outside_quotes",)


def split_outside_quotes(text: str, sep: str) -> list[str]:
    """`text.split(sep)`, except that a `sep` inside a quoted string does not split."""
    if '"' not in text:
        return text.split(sep)
    parts: list[str] = []
    start, quoted, escaped = 0, False, False
    for index, char in enumerate(text):
        if escaped:
            escaped = False
        elif char == "\\" and quoted:
            escaped = True
        elif char == '"':
            quoted = not quoted
        elif char == sep and not quoted:
            parts.append(text[start:index])
            start = index + 1
    parts.append(text[start:])
    return parts
