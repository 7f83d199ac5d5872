"""aiohttp 3.14's older TLS spellings (verify_ssl=, ssl_context=, fingerprint=) still work, with
the DeprecationWarning aiohttp gives, pointing at the caller's line, on the connector and on a
request alike; each message is compared with aiohttp's own."""

from __future__ import annotations

import ssl
import warnings
from typing import Any

import aiohttp
import pytest

import wirehttp

CASES = [
    pytest.param({"verify_ssl": False}, "verify_ssl is deprecated", id="verify_ssl"),
    pytest.param(
        {"ssl_context": ssl.create_default_context()}, "ssl_context is deprecated", id="context"
    ),
    pytest.param({"fingerprint": b"\x00" * 32}, "fingerprint is deprecated", id="fingerprint"),
]


def _messages(caught: list[warnings.WarningMessage]) -> list[tuple[str, str]]:
    return [
        (str(w.message), w.filename) for w in caught if issubclass(w.category, DeprecationWarning)
    ]


@pytest.mark.parametrize(("kwargs", "start"), CASES)
async def test_connector_warns_as_aiohttp(kwargs: dict[str, Any], start: str) -> None:
    with warnings.catch_warnings(record=True) as ours:
        warnings.simplefilter("always")
        connector = wirehttp.TCPConnector(**kwargs)
    await connector.close()
    with warnings.catch_warnings(record=True) as theirs:
        warnings.simplefilter("always")
        reference = aiohttp.TCPConnector(**kwargs)
    await reference.close()
    assert [m for m, _ in _messages(ours)] == [m for m, _ in _messages(theirs)]
    assert _messages(ours)[0][0].startswith(start)
    assert _messages(ours)[0][1] == __file__  # it points at the line that passed the option


@pytest.mark.parametrize(("kwargs", "start"), CASES[:2])
async def test_request_option_warns_at_the_callers_line(kwargs: dict[str, Any], start: str) -> None:
    async with wirehttp.ClientSession() as session:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            with pytest.raises(wirehttp.ClientConnectionError):
                await session.get("http://127.0.0.1:1/", **kwargs)
    [(message, filename)] = _messages(caught)
    assert message.startswith(start) and filename == __file__
