"""HTTP dates: the three RFC 9110 5.6.7 forms in, IMF-fixdate out, and the per-second cache."""

from __future__ import annotations

import locale
import time
from datetime import datetime, timezone
from email.utils import formatdate

import pytest

from wirehttp._base.httpdate import DateCache, format_http_date, parse_http_date

UTC = timezone.utc
NOV_6_1994 = datetime(1994, 11, 6, 8, 49, 37, tzinfo=UTC)


@pytest.mark.parametrize(
    "ts",
    [0, 1, 784111777, 951782400, 1700000000.9, 2**31, 4102444800, 253402300799],
)
def test_format_matches_email_utils(ts: float) -> None:
    assert format_http_date(ts) == formatdate(ts, usegmt=True)


def test_format_truncates_fractions() -> None:
    assert format_http_date(784111777.999) == "Sun, 06 Nov 1994 08:49:37 GMT"


def test_format_ignores_locale() -> None:
    saved = locale.setlocale(locale.LC_TIME)
    try:
        for name in ("de_DE.UTF-8", "fr_FR.UTF-8", "C.UTF-8"):
            try:
                locale.setlocale(locale.LC_TIME, name)
            except locale.Error:
                continue
            assert format_http_date(784111777) == "Sun, 06 Nov 1994 08:49:37 GMT"
    finally:
        locale.setlocale(locale.LC_TIME, saved)


@pytest.mark.parametrize(
    "text",
    [
        "Sun, 06 Nov 1994 08:49:37 GMT",  # IMF-fixdate
        "Sunday, 06-Nov-94 08:49:37 GMT",  # obsolete RFC 850 form
        "Sun Nov  6 08:49:37 1994",  # asctime, space-padded day
        "Sun Nov 06 08:49:37 1994",  # asctime, zero-padded day
        "  Sun, 06 Nov 1994 08:49:37 GMT\t",  # surrounding OWS
    ],
)
def test_parse_the_three_forms(text: str) -> None:
    parsed = parse_http_date(text)
    assert parsed == NOV_6_1994
    assert parsed is not None and parsed.tzinfo is not None
    assert parsed.utcoffset() is not None and parsed.utcoffset().total_seconds() == 0  # type: ignore[union-attr]


def test_parse_round_trips_format() -> None:
    for ts in (0, 784111777, 1700000000, 4102444800):
        assert parse_http_date(format_http_date(ts)) == datetime.fromtimestamp(ts, UTC)


def test_leap_second_is_read_as_59() -> None:
    assert parse_http_date("Sat, 31 Dec 2016 23:59:60 GMT") == datetime(
        2016, 12, 31, 23, 59, 59, tzinfo=UTC
    )


def test_rfc850_two_digit_year_window() -> None:
    this_year = time.gmtime().tm_year
    # A year more than 50 years ahead is read as the past century's.
    far = (this_year + 51) % 100
    near = (this_year + 10) % 100
    far_parsed = parse_http_date(f"Monday, 01-Jan-{far:02d} 00:00:00 GMT")
    near_parsed = parse_http_date(f"Monday, 01-Jan-{near:02d} 00:00:00 GMT")
    assert far_parsed is not None and far_parsed.year == this_year + 51 - 100
    assert near_parsed is not None and near_parsed.year == this_year + 10


@pytest.mark.parametrize(
    "text",
    [
        None,
        "",
        "garbage",
        "Sun, 06 Nov 1994 08:49:37 UTC",  # zone must be GMT
        "Sun, 06 Nov 1994 08:49:37 +0000",
        "sun, 06 nov 1994 08:49:37 GMT",  # names are case-sensitive
        "Sun, 6 Nov 1994 08:49:37 GMT",  # IMF-fixdate needs two day digits
        "Sun, 06 Nov 94 08:49:37 GMT",
        "Sun, 31 Nov 1994 08:49:37 GMT",  # no 31st of November
        "Sun, 06 Nov 1994 24:00:00 GMT",
        "Sun, 06 Nov 1994 08:61:00 GMT",
        "Sun, 06 Nov 0000 08:49:37 GMT",
        "Xyz, 06 Nov 1994 08:49:37 GMT",
        "Sun, 06 Nov 1994 08:49:37 GMT trailing",
        "Sun, 06 Nov 1994 08:49:37 GMT\r\nX: y",
        "Sun, \u0660\u0666 Nov 1994 08:49:37 GMT",  # Arabic-Indic digits are not ASCII digits
        "Sunday, 06-Nov-1994 08:49:37 GMT",
        "Sun Nov  6 08:49:37 94",
        "Sun, 06 Nov 1994 08:49:37 GMT" * 100,
    ],
)
def test_parse_garbage_gives_none(text: str | None) -> None:
    assert parse_http_date(text) is None


class FakeClock:
    def __init__(self, now: float) -> None:
        self.now = now
        self.calls = 0

    def __call__(self) -> float:
        self.calls += 1
        return self.now


def test_date_cache_recomputes_only_when_the_second_changes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock = FakeClock(784111777.1)
    cache = DateCache(clock)
    formatted: list[float] = []
    import wirehttp._base.httpdate as httpdate

    real_format = httpdate.format_http_date

    def counting_format(ts: float) -> str:
        formatted.append(ts)
        return real_format(ts)

    monkeypatch.setattr(httpdate, "format_http_date", counting_format)
    first = cache.header_value()
    clock.now = 784111777.9
    second = cache.header_value()
    assert first is second == "Sun, 06 Nov 1994 08:49:37 GMT"
    assert formatted == [784111777]
    clock.now = 784111778.0
    assert cache.header_value() == "Sun, 06 Nov 1994 08:49:38 GMT"
    assert formatted == [784111777, 784111778]
    assert clock.calls == 3


def test_date_cache_follows_a_clock_that_goes_back() -> None:
    clock = FakeClock(784111778)
    cache = DateCache(clock)
    assert cache.header_value().endswith("08:49:38 GMT")
    clock.now = 784111777
    assert cache.header_value().endswith("08:49:37 GMT")
    assert "08:49:37" in repr(cache)


def test_date_cache_uses_wall_clock_by_default() -> None:
    value = DateCache().header_value()
    parsed = parse_http_date(value)
    assert parsed is not None
    assert abs(parsed.timestamp() - time.time()) < 5
