"""HTTP dates (RFC 9110 section 5.6.7): formatting, parsing and the per-second Date cache.

Owns: `format_http_date`, `parse_http_date` and `DateCache`.
Must not import: asyncio, anything doing I/O, or any other wirehttp layer.

Formatting always produces the preferred IMF-fixdate form. Parsing accepts the three forms a
recipient must accept (IMF-fixdate, the obsolete RFC 850 form and asctime) and returns an aware
UTC datetime, or None for anything else. Month and day names are matched case-sensitively as the
grammar says; digits are ASCII only.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from datetime import datetime, timezone

__all__ = ("DateCache", "format_http_date", "parse_http_date")

_DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_LONG_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTH_NUMBER = {name: number for number, name in enumerate(_MONTH_NAMES, start=1)}

_D = "[0-9]"
_TIME = rf"({_D}{{2}}):({_D}{{2}}):({_D}{{2}})"
_MONTH = "(" + "|".join(_MONTH_NAMES) + ")"

# IMF-fixdate = day-name "," SP date1 SP time-of-day SP GMT ; "Sun, 06 Nov 1994 08:49:37 GMT"
_IMF_FIXDATE = re.compile(
    rf"(?:{'|'.join(_DAY_NAMES)}), ({_D}{{2}}) {_MONTH} ({_D}{{4}}) {_TIME} GMT"
)
# rfc850-date = day-name-l "," SP date2 SP time-of-day SP GMT ; "Sunday, 06-Nov-94 08:49:37 GMT"
_RFC850 = re.compile(
    rf"(?:{'|'.join(_LONG_DAY_NAMES)}), ({_D}{{2}})-{_MONTH}-({_D}{{2}}) {_TIME} GMT"
)
# asctime-date = day-name SP date3 SP time-of-day SP year ; "Sun Nov  6 08:49:37 1994"
_ASCTIME = re.compile(rf"(?:{'|'.join(_DAY_NAMES)}) {_MONTH} ([ 0-9][0-9]) {_TIME} ({_D}{{4}})")

# RFC 9110 5.6.7: a two-digit year that appears more than 50 years in the future means the most
# recent past year with the same last two digits.
_TWO_DIGIT_YEAR_WINDOW = 50


def format_http_date(ts: float) -> str:
    """Format a POSIX timestamp as an IMF-fixdate, e.g. ``Sun, 06 Nov 1994 08:49:37 GMT``.

    Built from fixed English tables, so the result never depends on the process locale.
    """
    t = time.gmtime(ts)
    return (
        f"{_DAY_NAMES[t.tm_wday]}, {t.tm_mday:02d} {_MONTH_NAMES[t.tm_mon - 1]} {t.tm_year:04d} "
        f"{t.tm_hour:02d}:{t.tm_min:02d}:{t.tm_sec:02d} GMT"
    )


def parse_http_date(s: str | None) -> datetime | None:
    """Parse any of the three HTTP date forms into an aware UTC datetime; None if it is not one.

    The weekday name must be a valid name but is not checked against the date (RFC 9110 lets a
    recipient ignore it). A leap second (``:60``) is read as ``:59``.
    """
    if not s:
        return None
    s = s.strip(" \t")
    if m := _IMF_FIXDATE.fullmatch(s):
        day, month, year, hour, minute, second = m.groups()
        return _build(int(year), month, day, hour, minute, second)
    if m := _RFC850.fullmatch(s):
        day, month, year2, hour, minute, second = m.groups()
        return _build(_expand_two_digit_year(int(year2)), month, day, hour, minute, second)
    if m := _ASCTIME.fullmatch(s):
        month, day, hour, minute, second, year = m.groups()
        return _build(int(year), month, day, hour, minute, second)
    return None


def _expand_two_digit_year(year2: int) -> int:
    this_year = time.gmtime().tm_year
    year = this_year - this_year % 100 + year2
    if year > this_year + _TWO_DIGIT_YEAR_WINDOW:
        year -= 100
    return year


def _build(year: int, month: str, day: str, hour: str, minute: str, second: str) -> datetime | None:
    try:
        return datetime(
            year,
            _MONTH_NUMBER[month],
            int(day),  # int() ignores the asctime padding space
            int(hour),
            int(minute),
            min(int(second), 59),
            tzinfo=timezone.utc,
        )
    except ValueError:  # day 31 in a 30-day month, hour 24, year 0 ...
        return None


class DateCache:
    """The current ``Date`` header value, recomputed at most once per wall-clock second.

    ``header_value()`` is called once per response, so the common case is one clock read and one
    integer comparison. The clock is injectable for tests.
    """

    __slots__ = ("_clock", "_second", "_value")

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self._clock = clock
        self._second = -1
        self._value = ""

    def header_value(self) -> str:
        """Return the IMF-fixdate for the current second."""
        second = int(self._clock())
        if second != self._second:
            self._value = format_http_date(second)
            self._second = second
        return self._value

    def __repr__(self) -> str:
        return f"<DateCache {self._value!r}>"
