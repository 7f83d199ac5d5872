"""split_outside_quotes: a separator inside a quoted string (with backslash escapes) does not
split; everywhere else it does, exactly like str.split."""

from __future__ import annotations

import pytest

from wirehttp._base.quoted_split import split_outside_quotes


@pytest.mark.parametrize(
    ("text", "sep", "expected"),
    [
        ("a; b;c", ";", ["a", " b", "c"]),
        ("", ";", [""]),
        ("a;", ";", ["a", ""]),
        (
            'form-data; filename="a;b.txt"; name=x',
            ";",
            ["form-data", ' filename="a;b.txt"', " name=x"],
        ),
        ('x="a\\";b";y', ";", ['x="a\\";b"', "y"]),
        ('for="[::1]:80,x", for=y', ",", ['for="[::1]:80,x"', " for=y"]),
        ('a="unterminated;b', ";", ['a="unterminated;b']),
        ('a=\\";b', ";", ['a=\\";b']),  # outside quotes a backslash escapes nothing: " opens
    ],
)
def test_split(text: str, sep: str, expected: list[str]) -> None:
    assert split_outside_quotes(text, sep) == expected


def test_same_as_str_split_without_quotes() -> None:
    text = "text/html; charset=utf-8; q=0.5;;"
    assert split_outside_quotes(text, ";") == text.split(";")
