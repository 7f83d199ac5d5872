"""ClientTimeout: aiohttp's record and defaults."""

from __future__ import annotations

import dataclasses

import pytest

import wirehttp
from wirehttp._client.timeouts import DEFAULT_TIMEOUT, ClientTimeout


def test_defaults_are_unbounded() -> None:
    t = ClientTimeout()
    assert (t.total, t.connect, t.sock_read, t.sock_connect, t.ceil_threshold) == (
        None,
        None,
        None,
        None,
        5,
    )


def test_session_default() -> None:
    assert ClientTimeout(total=300, sock_connect=30) == DEFAULT_TIMEOUT


def test_frozen_and_replaceable() -> None:
    t = ClientTimeout(total=1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        t.total = 2  # type: ignore[misc]
    assert dataclasses.replace(t, sock_read=3) == ClientTimeout(total=1, sock_read=3)
    assert hash(t) == hash(ClientTimeout(total=1))


def test_public_name() -> None:
    assert wirehttp.ClientTimeout is ClientTimeout
    assert ClientTimeout.__module__ == "wirehttp"
