"""The lenient cookie-date parser of RFC 6265 5.1.1 (the ``Expires`` attribute).

Owns: `parse_cookie_date(text) -> float | None` (a POSIX timestamp, None when unparsable).
Must not import: anything of wirehttp outside this package.
"""

from __future__ import annotations

import calendar
import re
from typing import Final

__all__ = ("parse_cookie_date",)

# delimiter = %x09 / %x20-2F / %x3B-40 / %x5B-60 / %x7B-7E; a date-token is a run of the rest.
_TOKEN: Final = re.compile(r"[^\x09\x20-\x2f\x3b-\x40\x5b-\x60\x7b-\x7e]+")
# Each production is its digits followed by nothing or by a non-digit and anything.
_TIME: Final = re.compile(r"(\d{1,2}):(\d{1,2}):(\d{1,2})(?:\D|$)")
_DAY: Final = re.compile(r"(\d{1,2})(?:\D|$)")
_YEAR: Final = re.compile(r"(\d{2,4})(?:\D|$)")
_MONTHS: Final = (
    "jan",
    "feb",
    "mar",
    "apr",
    "may",
    "jun",
    "jul",
    "aug",
    "sep",
    "oct",
    "nov",
    "dec",
)
_MAX_DATE_LENGTH: Final = 256  # a real date is ~30 characters; longer input is not scanned


def parse_cookie_date(text: str) -> float | None:
    """Parse ``text`` per RFC 6265 5.1.1; None when any part is missing or out of range."""
    if not text or len(text) > _MAX_DATE_LENGTH:
        return None
    hms: tuple[int, int, int] | None = None
    day = month = year = None
    for token in _TOKEN.findall(text):
        if hms is None and (m := _TIME.match(token)):
            hms = (int(m[1]), int(m[2]), int(m[3]))
        elif day is None and (m := _DAY.match(token)):
            day = int(m[1])
        elif month is None and token[:3].lower() in _MONTHS:
            month = _MONTHS.index(token[:3].lower()) + 1
        elif year is None and (m := _YEAR.match(token)):
            year = int(m[1])
    if hms is None or day is None or month is None or year is None:
        return None
    if 70 <= year <= 99:  # step 3 and 4: two-digit years
        year += 1900
    elif 0 <= year <= 69:
        year += 2000
    hour, minute, second = hms
    if not 1 <= day <= 31 or year < 1601 or hour > 23 or minute > 59 or second > 59:
        return None
    return float(calendar.timegm((year, month, day, hour, minute, second, 0, 0, 0)))
