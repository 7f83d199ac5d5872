"""Resolvers and the bounded TTL host cache."""

from __future__ import annotations

import importlib.util
import socket

import pytest

from wirehttp import AsyncResolver, DefaultResolver, ThreadedResolver
from wirehttp._client.connector.dns import HostCache, ResolveResult


def addr(ip: str) -> list[ResolveResult]:
    return [ResolveResult(hostname="h", host=ip, port=80, family=2, proto=0, flags=0)]


def test_cache_ttl() -> None:
    cache = HostCache(ttl=10)
    cache.put(("h", 80, 0), addr("10.0.0.1"), now=0)
    assert cache.get(("h", 80, 0), now=9.9) == addr("10.0.0.1")
    assert cache.get(("h", 80, 0), now=10) is None
    assert len(cache) == 0


def test_cache_without_ttl_keeps_entries() -> None:
    cache = HostCache(ttl=None)
    cache.put(("h", 80, 0), addr("10.0.0.1"), now=0)
    assert cache.get(("h", 80, 0), now=1e9) is not None


def test_cache_is_bounded_lru() -> None:
    cache = HostCache(ttl=None, max_entries=3)
    for i in range(3):
        cache.put((f"h{i}", 80, 0), addr(f"10.0.0.{i}"), now=0)
    cache.get(("h0", 80, 0), now=0)  # h0 is now the most recently used
    cache.put(("h3", 80, 0), addr("10.0.0.3"), now=0)
    assert len(cache) == 3
    assert cache.get(("h1", 80, 0), now=0) is None
    assert cache.get(("h0", 80, 0), now=0) is not None


def test_cache_clear_one_or_all() -> None:
    cache = HostCache()
    cache.put(("a", 80, 0), addr("10.0.0.1"), now=0)
    cache.put(("b", 80, 0), addr("10.0.0.2"), now=0)
    cache.clear(("a", 80, 0))
    assert cache.get(("a", 80, 0), now=0) is None and len(cache) == 1
    cache.clear()
    assert len(cache) == 0


async def test_threaded_resolver_resolves_loopback_name() -> None:
    results = await ThreadedResolver().resolve("localhost", 8080, family=socket.AF_UNSPEC)
    assert results and all(r["port"] == 8080 and r["hostname"] == "localhost" for r in results)
    assert {r["host"] for r in results} & {"127.0.0.1", "::1"}


async def test_threaded_resolver_failure_is_oserror() -> None:
    with pytest.raises(OSError):
        await ThreadedResolver().resolve("name.invalid", 80)


def test_default_resolver_is_threaded() -> None:
    assert DefaultResolver is ThreadedResolver


def test_async_resolver_without_aiodns_is_a_clear_error() -> None:
    if importlib.util.find_spec("aiodns") is not None:
        assert AsyncResolver() is not None
        return
    with pytest.raises(RuntimeError, match="aiodns"):
        AsyncResolver()
