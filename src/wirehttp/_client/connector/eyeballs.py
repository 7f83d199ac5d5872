"""Happy Eyeballs (RFC 8305): one TCP connection from several addresses, attempts staggered.

Owns the socket-level connect of `TCPConnector`: `address_infos(hosts)` turns resolver results
into getaddrinfo-shaped tuples (what a `socket_factory` receives, as in aiohttp),
`interleave(infos, first_family_count)` alternates address families (RFC 8305 section 4), and
`connect_first(...)` races them: the first attempt starts at once, the next one when the
previous has not connected within `delay` seconds or as soon as it fails (section 5); the first
connected socket wins, every other attempt is cancelled and its socket closed, and no task
outlives the call, even when the caller is cancelled (its connect timeout). `delay=None` tries
the addresses one after another. TLS, the transport and the time limit are the connector's.
Imports nothing from _server or _web.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Callable, Sequence
from typing import Any, TypeAlias

from .dns import ResolveResult

__all__ = ("AddrInfoType", "SocketFactoryType", "address_infos", "connect_first", "interleave")

# (family, type, proto, canonname, sockaddr), as socket.getaddrinfo gives them; public in
# `wirehttp` with aiohttp's shape (aiohttp takes both from aiohappyeyeballs).
AddrInfoType: TypeAlias = tuple[
    int | socket.AddressFamily, int | socket.SocketKind, int, str, tuple[Any, ...]
]
# What TCPConnector(socket_factory=...) calls for each attempt: an unconnected socket.
SocketFactoryType: TypeAlias = Callable[[AddrInfoType], socket.socket]


def address_infos(hosts: Sequence[ResolveResult]) -> list[AddrInfoType]:
    """The resolver's addresses as TCP address infos, in the resolver's order."""
    infos: list[AddrInfoType] = []
    for host in hosts:
        address = host["host"]
        if ":" in address:
            infos.append(
                (
                    socket.AF_INET6,
                    socket.SOCK_STREAM,
                    socket.IPPROTO_TCP,
                    "",
                    (address, host["port"], 0, 0),
                )
            )
        else:
            infos.append(
                (
                    socket.AF_INET,
                    socket.SOCK_STREAM,
                    socket.IPPROTO_TCP,
                    "",
                    (address, host["port"]),
                )
            )
    return infos


def interleave(infos: Sequence[AddrInfoType], first_family_count: int = 1) -> list[AddrInfoType]:
    """RFC 8305 section 4: `first_family_count` addresses of the first family, then one of each
    family in turn (families in order of first appearance; each family keeps its order)."""
    by_family: dict[int, list[AddrInfoType]] = {}
    for info in infos:
        by_family.setdefault(info[0], []).append(info)
    queues = list(by_family.values())
    if len(queues) < 2:
        return list(infos)
    ordered = queues[0][:first_family_count]
    # then one of each family in turn, the other families first
    queues = [*queues[1:], queues[0][first_family_count:]]
    depth = max(len(queue) for queue in queues)
    for i in range(depth):
        ordered.extend(queue[i] for queue in queues if i < len(queue))
    return ordered


async def connect_first(
    loop: asyncio.AbstractEventLoop,
    infos: Sequence[AddrInfoType],
    *,
    delay: float | None,
    local_addr: tuple[str, int] | None = None,
    socket_factory: SocketFactoryType | None = None,
) -> socket.socket:
    """A socket connected to the first of `infos` to answer; raises the last OSError if none."""
    if not infos:
        raise OSError("no address to connect to")
    running: set[asyncio.Task[socket.socket]] = set()
    failures: list[OSError] = []
    started = 0
    try:
        while True:
            if started < len(infos):
                info = infos[started]
                started += 1
                running.add(loop.create_task(_attempt(loop, info, local_addr, socket_factory)))
            elif not running:
                raise failures[-1]
            # wait for an outcome; with more to start, at most `delay` before the next one
            limit = delay if started < len(infos) else None
            done, running = await asyncio.wait(
                running, timeout=limit, return_when=asyncio.FIRST_COMPLETED
            )
            winner = _first_connected(done, failures)
            if winner is not None:
                return winner
    finally:
        await _drop(running)


def _first_connected(
    done: set[asyncio.Task[socket.socket]], failures: list[OSError]
) -> socket.socket | None:
    """The socket of the first successful attempt in `done` (others closed); failures noted."""
    winner = None
    unexpected: BaseException | None = None
    for task in done:
        error = task.exception()
        if error is None:
            if winner is None:
                winner = task.result()
            else:
                task.result().close()
        elif isinstance(error, OSError):
            failures.append(error)
        else:
            unexpected = error
    if unexpected is not None:  # not a network failure (a socket_factory's bug): stop here
        if winner is not None:
            winner.close()
        raise unexpected
    return winner


async def _drop(running: set[asyncio.Task[socket.socket]]) -> None:
    """Cancel the attempts still running and wait for them; a socket that connected after all
    is closed. The close is a done callback, so it happens even if this wait is cut short."""
    if not running:
        return
    for task in running:
        task.cancel()
        task.add_done_callback(_close_loser)
    await asyncio.wait(running)


def _close_loser(task: asyncio.Task[socket.socket]) -> None:
    if task.cancelled():
        return
    if task.exception() is None:
        task.result().close()


async def _attempt(
    loop: asyncio.AbstractEventLoop,
    info: AddrInfoType,
    local_addr: tuple[str, int] | None,
    socket_factory: SocketFactoryType | None,
) -> socket.socket:
    """One connection attempt; its socket is closed unless it is returned connected."""
    family, kind, proto, _, address = info
    sock = (
        socket_factory(info) if socket_factory is not None else socket.socket(family, kind, proto)
    )
    try:
        sock.setblocking(False)
        if local_addr is not None:
            sock.bind(local_addr)
        await loop.sock_connect(sock, address)
    except BaseException:
        sock.close()
        raise
    return sock
