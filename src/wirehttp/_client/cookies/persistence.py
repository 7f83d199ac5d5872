"""Saving a cookie jar to, and reading it from, a JSON file. Never pickle.

Owns: `CookieRecord`, `write_cookie_file`, `read_cookie_file`.
Must not import: anything of wirehttp outside this package.

aiohttp 3.14 saves JSON too but still loads its older pickle files, and unpickling a file is
running code chosen by whoever wrote it. wirehttp reads JSON only: a pickle file (or anything
else that is not a JSON object of the expected shape) raises ValueError and the jar is left
unchanged. The layout is the one aiohttp 3.14 writes, so files move between the two:

    {"<domain>|<path without trailing slash>": {"<name>": {"key": ..., "value": ...,
        "coded_value": ..., "<attribute>": ..., "host_only": true, "expires_timestamp": 1.7e9}}}

The file is created with mode 0o600: cookies are credentials.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from http.cookies import CookieError, Morsel
from pathlib import Path
from typing import Any

__all__ = ("CookieRecord", "read_cookie_file", "write_cookie_file")

# Attributes written per cookie; max-age and expires are relative or redundant: the absolute
# deadline goes into "expires_timestamp" instead.
_SAVED_ATTRIBUTES = ("path", "comment", "domain", "secure", "httponly", "version", "samesite")
_TEXT_FIELDS = ("key", "value", "coded_value")


@dataclass(frozen=True)
class CookieRecord:
    """One stored cookie as persisted: where it lives, the cookie, and its jar-side state."""

    domain: str
    morsel: Morsel[str]
    host_only: bool
    expires: float | None


def write_cookie_file(file_path: str | os.PathLike[str], records: Iterable[CookieRecord]) -> None:
    """Write ``records`` as JSON to ``file_path`` (created 0o600, replaced if it exists)."""
    data: dict[str, dict[str, dict[str, Any]]] = {}
    for record in records:
        morsel = record.morsel
        group = f"{record.domain}|{morsel['path'].rstrip('/')}"
        entry: dict[str, Any] = {field: getattr(morsel, field) for field in _TEXT_FIELDS}
        entry.update({attr: morsel[attr] for attr in _SAVED_ATTRIBUTES if morsel[attr]})
        if record.host_only:
            entry["host_only"] = True
        if record.expires is not None:
            entry["expires_timestamp"] = record.expires
        data.setdefault(group, {})[morsel.key] = entry
    fd = os.open(file_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with open(fd, "w", encoding="utf-8") as f:
        json.dump(data, f, indent=2)


def read_cookie_file(file_path: str | os.PathLike[str]) -> list[CookieRecord]:
    """The records of a file `write_cookie_file` (or aiohttp 3.14's JSON save) wrote.

    Raises ValueError for anything else, pickle files included; nothing is partially returned.
    """
    raw = Path(file_path).read_bytes()
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise ValueError(
            f"{os.fspath(file_path)!r} is not a JSON cookie file "
            "(wirehttp never loads pickle cookie files)"
        ) from None
    if not isinstance(data, dict):
        raise ValueError("cookie file: the top level must be a JSON object")
    return list(_records(data))


def _records(data: dict[str, Any]) -> Iterator[CookieRecord]:
    for group, cookies in data.items():
        domain, sep, _ = group.partition("|")
        if not sep or not isinstance(cookies, dict):
            raise ValueError(f"cookie file: malformed group {group!r}")
        for name, entry in cookies.items():
            if not isinstance(entry, dict):
                raise ValueError(f"cookie file: malformed cookie {name!r} in {group!r}")
            yield CookieRecord(
                domain=domain,
                morsel=_morsel(entry),
                host_only=entry.get("host_only") is True,
                expires=_deadline(entry.get("expires_timestamp")),
            )


def _morsel(entry: dict[str, Any]) -> Morsel[str]:
    texts = [entry.get(field) for field in _TEXT_FIELDS]
    key, value, coded_value = texts
    if not (isinstance(key, str) and isinstance(value, str) and isinstance(coded_value, str)):
        raise ValueError("cookie file: key, value and coded_value must be strings")
    morsel: Morsel[str] = Morsel()
    try:
        morsel.set(key, value, coded_value)
        for attr in _SAVED_ATTRIBUTES:
            value = entry.get(attr)
            if value is not None:
                if not isinstance(value, (str, bool)):
                    raise ValueError(f"cookie file: attribute {attr!r} must be a string")
                morsel[attr] = value
    except CookieError as exc:
        raise ValueError(f"cookie file: {exc}") from None
    return morsel


def _deadline(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError("cookie file: expires_timestamp must be a finite number")
    return float(value)
