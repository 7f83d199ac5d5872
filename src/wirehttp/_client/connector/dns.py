"""Name resolution for the TCP connector: resolvers and a bounded TTL cache.

Owns `AbstractResolver` / `ResolveResult` (aiohttp's shapes), `ThreadedResolver` (the
loop's getaddrinfo, run in its executor; also `DefaultResolver`), `AsyncResolver` (aiodns,
only when it is installed) and `HostCache` (at most `max_entries` (host, port, family) entries,
each kept `ttl` seconds, the least recently used dropped first). Imports nothing from _server
or _web; aiodns is imported only when an AsyncResolver is built.
"""

from __future__ import annotations

import abc
import asyncio
import socket
from collections import OrderedDict
from typing import Any, Final, TypedDict

__all__ = (
    "AbstractResolver",
    "AsyncResolver",
    "DefaultResolver",
    "HostCache",
    "ResolveResult",
    "ThreadedResolver",
)

# How many host names the connector remembers: enough for a crawler's working set, small
# enough that a flood of distinct names cannot grow memory without bound.
DNS_CACHE_MAX_ENTRIES: Final = 1024


class ResolveResult(TypedDict):
    """One address of a host, as aiohttp's resolvers return it."""

    hostname: str
    host: str
    port: int
    family: int
    proto: int
    flags: int


class AbstractResolver(abc.ABC):
    """Resolves a host name to addresses."""

    @abc.abstractmethod
    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        """The addresses of `host`; raises OSError when it does not resolve."""

    @abc.abstractmethod
    async def close(self) -> None:
        """Release resources."""


class ThreadedResolver(AbstractResolver):
    """Resolves with the event loop's getaddrinfo (a thread of the default executor)."""

    def __init__(self, loop: asyncio.AbstractEventLoop | None = None) -> None:
        self._loop = loop

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        loop = self._loop or asyncio.get_running_loop()
        infos = await loop.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, family=family, flags=socket.AI_ADDRCONFIG
        )
        results: list[ResolveResult] = []
        for fam, _, proto, _, address in infos:
            if fam == socket.AF_INET6 and len(address) >= 4 and address[3]:
                continue  # link-local with a scope id: not reachable by a plain address
            results.append(
                ResolveResult(
                    hostname=host,
                    host=str(address[0]),
                    port=int(address[1]),
                    family=fam,
                    proto=proto,
                    flags=socket.AI_NUMERICHOST | socket.AI_NUMERICSERV,
                )
            )
        if not results:
            raise OSError(None, f"DNS lookup of {host!r} gave no usable address")
        return results

    async def close(self) -> None:
        pass


class AsyncResolver(AbstractResolver):
    """Resolves with aiodns (c-ares); building one without aiodns installed raises RuntimeError."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        try:
            import aiodns  # type: ignore[import-not-found,unused-ignore]
        except ImportError:
            raise RuntimeError("AsyncResolver requires the aiodns library") from None
        self._resolver = aiodns.DNSResolver(*args, **kwargs)

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        try:
            answer = await self._resolver.getaddrinfo(
                host, port=port, type=socket.SOCK_STREAM, family=family
            )
        except Exception as exc:  # aiodns.error.DNSError
            raise OSError(None, f"DNS lookup of {host!r} failed: {exc}") from exc
        results = [
            ResolveResult(
                hostname=host,
                host=str(node.addr[0]),
                port=int(node.addr[1]),
                family=node.family,
                proto=0,
                flags=socket.AI_NUMERICHOST | socket.AI_NUMERICSERV,
            )
            for node in answer.nodes
        ]
        if not results:
            raise OSError(None, f"DNS lookup of {host!r} gave no address")
        return results

    async def close(self) -> None:
        self._resolver.cancel()


DefaultResolver = ThreadedResolver

for _cls in (ThreadedResolver, AsyncResolver):
    _cls.__module__ = "wirehttp"
# aiohttp documents the interface and its result type under aiohttp.abc.
AbstractResolver.__module__ = ResolveResult.__module__ = "wirehttp.abc"


class HostCache:
    """(host, port, family) -> addresses for `ttl` seconds (None: forever), at most `max_entries`."""

    __slots__ = ("_entries", "max_entries", "ttl")

    def __init__(self, ttl: float | None = 10, max_entries: int = DNS_CACHE_MAX_ENTRIES) -> None:
        self.ttl = ttl
        self.max_entries = max_entries
        self._entries: OrderedDict[tuple[str, int, int], tuple[list[ResolveResult], float]] = (
            OrderedDict()
        )

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: tuple[str, int, int], now: float) -> list[ResolveResult] | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        addrs, stored = entry
        if self.ttl is not None and now - stored >= self.ttl:
            del self._entries[key]
            return None
        self._entries.move_to_end(key)
        return addrs

    def put(self, key: tuple[str, int, int], addrs: list[ResolveResult], now: float) -> None:
        self._entries[key] = (addrs, now)
        self._entries.move_to_end(key)
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)

    def clear(self, key: tuple[str, int, int] | None = None) -> None:
        if key is None:
            self._entries.clear()
        else:
            self._entries.pop(key, None)
