"""TCP (and TLS over TCP) connections for the pool.

Owns `TCPConnector` (public as `wirehttp.TCPConnector`): resolves the host (IP literals skip
DNS; names go through a bounded TTL cache and the resolver), races the addresses with Happy
Eyeballs (eyeballs.py: staggered by `happy_eyeballs_delay`, families interleaved), then sets up
TLS from the key's `ssl` (tls.py) on the winning socket, all within `ClientTimeout.sock_connect`.
Failures
become the client's connector errors: DNS -> ClientConnectorDNSError, certificate ->
ClientConnectorCertificateError, other TLS -> ClientConnectorSSLError, other OSError ->
ClientConnectorError, a slow connect -> ConnectionTimeoutError, a pin mismatch ->
ServerFingerprintMismatch. Imports nothing from _server or _web.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import ssl
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from ... import hdrs
from ..exceptions import (
    ClientConnectorCertificateError,
    ClientConnectorDNSError,
    ClientConnectorError,
    ClientConnectorSSLError,
    ClientProxyConnectionError,
    ConnectionTimeoutError,
)
from ..proxy import connect_head, tunnel_refused
from ..timeouts import ClientTimeout
from .base import BaseConnector
from .cleanup_closed import cleanup_closed_delay
from .dns import AbstractResolver, DefaultResolver, HostCache, ResolveResult
from .eyeballs import AddrInfoType, SocketFactoryType, address_infos, connect_first, interleave
from .key import ConnectionKey
from .protocol import ResponseHandler
from .tls import Fingerprint, merge_ssl_spellings, ssl_context_for
from .within import within

__all__ = ("TCPConnector",)


class TCPConnector(BaseConnector):
    """Connections over TCP, with TLS for https keys."""

    def __init__(
        self,
        *,
        ssl: bool | ssl.SSLContext | Fingerprint = True,
        use_dns_cache: bool = True,
        ttl_dns_cache: int | None = 10,
        family: socket.AddressFamily | int = 0,
        local_addr: tuple[str, int] | None = None,
        resolver: AbstractResolver | None = None,
        happy_eyeballs_delay: float | None = 0.25,
        interleave: int | None = None,
        socket_factory: SocketFactoryType | None = None,
        verify_ssl: bool = True,
        fingerprint: bytes | None = None,
        ssl_context: ssl.SSLContext | None = None,
        **base: Any,
    ) -> None:
        super().__init__(**base)
        # seconds a closed TLS transport gets before it is aborted (cleanup_closed.py)
        self._cleanup_delay = cleanup_closed_delay(
            bool(base.get("enable_cleanup_closed", False)), stacklevel=2
        )
        ssl = merge_ssl_spellings(ssl, verify_ssl, fingerprint, ssl_context, stacklevel=2)
        if not isinstance(ssl, (bool, _SSLContext, Fingerprint)):
            raise TypeError(f"ssl should be SSLContext, Fingerprint, bool, got {ssl!r}")
        self._ssl = ssl
        self._use_dns_cache = use_dns_cache
        self._cache = HostCache(ttl_dns_cache)
        self._family = socket.AddressFamily(family)
        self._local_addr = local_addr
        self._resolver = resolver if resolver is not None else DefaultResolver()
        self._owns_resolver = resolver is None
        # one lookup per (host, port, family) at a time; concurrent requests share it
        self._lookups: dict[tuple[str, int, int], asyncio.Task[list[ResolveResult]]] = {}
        # RFC 8305: attempts staggered by this delay (None: one after another), families
        # interleaved, `interleave` of the first family first (1 by default when staggered)
        self._happy_eyeballs_delay = happy_eyeballs_delay
        if interleave is None and happy_eyeballs_delay is not None:
            interleave = 1
        self._interleave = interleave
        self._socket_factory = socket_factory

    @property
    def family(self) -> int:
        return self._family

    @property
    def use_dns_cache(self) -> bool:
        return self._use_dns_cache

    def clear_dns_cache(self, host: str | None = None, port: int | None = None) -> None:
        """Forget cached addresses: of (host, port) when given, else all."""
        if host is not None and port is not None:
            self._cache.clear((host, port, self._family))
        else:
            self._cache.clear()

    async def close(self) -> None:
        for lookup in list(self._lookups.values()):
            lookup.cancel()
        await super().close()
        if self._owns_resolver:
            await self._resolver.close()

    async def _create_connection(
        self, req: Any, traces: Sequence[Any], timeout: ClientTimeout
    ) -> tuple[asyncio.Transport, ResponseHandler]:
        key: ConnectionKey = req.connection_key
        if key.proxy is not None:  # proxies: see ../proxy.py
            return await self._create_proxy_connection(req, key, traces, timeout)
        return await self._connect_to(key, self._sslcontext(key), req, traces, timeout)

    async def _connect_to(
        self,
        key: ConnectionKey,
        sslcontext: ssl.SSLContext | None,
        req: Any,
        traces: Sequence[Any],
        timeout: ClientTimeout,
    ) -> tuple[asyncio.Transport, ResponseHandler]:
        port = key.port or (443 if key.is_ssl else 80)
        infos = address_infos(await self._resolve(key, port, traces))
        if self._interleave:
            infos = interleave(infos, self._interleave)
        kwargs: dict[str, Any] = {}
        if sslcontext is not None:
            kwargs["ssl"] = sslcontext
            kwargs["server_hostname"] = _server_hostname(req, key)
        with _connector_errors(key):
            transport, protocol = await within(timeout.sock_connect, self._open_on(infos, kwargs))
        pin = self._pin(key) if sslcontext is not None else None
        if pin is not None:
            try:
                pin.check(transport)
            except BaseException:
                protocol.force_close()
                raise
        return transport, protocol

    async def _open_on(
        self, infos: list[AddrInfoType], kwargs: dict[str, Any]
    ) -> tuple[asyncio.Transport, ResponseHandler]:
        """The first address to connect wins; the transport (and TLS) is set up on its socket."""
        sock = await connect_first(
            self._loop,
            infos,
            delay=self._happy_eyeballs_delay,
            local_addr=self._local_addr,
            socket_factory=self._socket_factory,
        )
        # no await between the race and here: from this call on the transport owns the socket
        transport, protocol = await self._loop.create_connection(
            lambda: ResponseHandler(self._loop), sock=sock, **kwargs
        )
        if "ssl" in kwargs:
            protocol.abort_closed_after = self._cleanup_delay
        return transport, protocol

    # -- proxies (see ../proxy.py): TCP to the proxy; for https a CONNECT tunnel, then TLS --

    async def _create_proxy_connection(
        self, req: Any, key: ConnectionKey, traces: Sequence[Any], timeout: ClientTimeout
    ) -> tuple[asyncio.Transport, ResponseHandler]:
        proxy = key.proxy
        assert proxy is not None and proxy.raw_host is not None
        proxy_key = ConnectionKey(
            proxy.raw_host, proxy.port, proxy.scheme == "https", True, None, None, None
        )
        try:
            transport, protocol = await self._connect_to(
                proxy_key, self._sslcontext(proxy_key), _NoHostname(), traces, timeout
            )
        except ClientConnectorError as exc:
            if type(exc) is not ClientConnectorError:
                raise  # DNS and TLS errors keep their own type, as aiohttp
            raise ClientProxyConnectionError(proxy_key, exc.os_error) from exc
        if not key.is_ssl:
            return transport, protocol
        try:
            return await self._tunnel(key, transport, protocol, req, timeout)
        except BaseException:
            protocol.force_close()
            raise

    async def _tunnel(
        self,
        key: ConnectionKey,
        transport: asyncio.Transport,
        protocol: ResponseHandler,
        req: Any,
        timeout: ClientTimeout,
    ) -> tuple[asyncio.Transport, ResponseHandler]:
        head, info = connect_head(req)
        protocol.start_response(hdrs.METH_CONNECT, request_info=info)
        transport.write(head)
        answer, _ = await protocol.read_head(timeout.sock_read or timeout.sock_connect)
        if answer.status != 200:
            raise tunnel_refused(answer, info)
        tunnel = ResponseHandler(self._loop)
        tunnel.abort_closed_after = self._cleanup_delay
        sslcontext = self._sslcontext(key)
        assert sslcontext is not None
        with _connector_errors(key):
            tls = await within(
                timeout.sock_connect,
                self._loop.start_tls(
                    transport, tunnel, sslcontext, server_hostname=_server_hostname(req, key)
                ),
            )
        assert tls is not None
        tunnel.connection_made(tls)  # start_tls does not announce the new transport
        pin = self._pin(key)
        if pin is not None:
            try:
                pin.check(tls)
            except BaseException:
                tunnel.force_close()
                raise
        return tls, tunnel

    def _sslcontext(self, key: ConnectionKey) -> ssl.SSLContext | None:
        if not key.is_ssl:
            return None
        setting = key.ssl if key.ssl is not True else self._ssl
        return ssl_context_for(setting)

    def _pin(self, key: ConnectionKey) -> Fingerprint | None:
        for setting in (key.ssl, self._ssl):
            if isinstance(setting, Fingerprint):
                return setting
        return None

    async def _resolve(
        self, key: ConnectionKey, port: int, traces: Sequence[Any]
    ) -> list[ResolveResult]:
        bare = key.host.strip("[]").rstrip(".")
        if _is_ip(bare):
            host = bare
            family = socket.AF_INET6 if ":" in host else socket.AF_INET
            return [
                ResolveResult(hostname=host, host=host, port=port, family=family, proto=0, flags=0)
            ]
        host = key.host
        cache_key = (host, port, int(self._family))
        if self._use_dns_cache:
            cached = self._cache.get(cache_key, self._loop.time())
            for trace in traces:
                await (
                    trace.send_dns_cache_hit(host) if cached else trace.send_dns_cache_miss(host)
                )
            if cached:
                return cached
        for trace in traces:
            await trace.send_dns_resolvehost_start(host)
        try:
            addrs = await asyncio.shield(self._lookup(cache_key))
        except OSError as exc:
            raise ClientConnectorDNSError(key, exc) from exc
        for trace in traces:
            await trace.send_dns_resolvehost_end(host)
        return addrs

    def _lookup(self, cache_key: tuple[str, int, int]) -> asyncio.Task[list[ResolveResult]]:
        """The running lookup of `cache_key`, started if there is none; it fills the cache."""
        task = self._lookups.get(cache_key)
        if task is None:
            host, port, family = cache_key
            task = self._loop.create_task(
                self._resolver.resolve(host, port, family=socket.AddressFamily(family))
            )
            self._lookups[cache_key] = task
            task.add_done_callback(lambda done: self._lookup_done(cache_key, done))
        return task

    def _lookup_done(
        self, cache_key: tuple[str, int, int], task: asyncio.Task[list[ResolveResult]]
    ) -> None:
        self._lookups.pop(cache_key, None)
        if task.cancelled() or task.exception() is not None:  # retrieved: waiters may be gone
            return
        if self._use_dns_cache:
            self._cache.put(cache_key, task.result(), self._loop.time())


_SSLContext = ssl.SSLContext


def _server_hostname(req: Any, key: ConnectionKey) -> str | None:
    name = getattr(req, "server_hostname", None)
    if name is not None:
        return str(name)
    return key.host.rstrip(".")


class _NoHostname:
    """What the connection to an https proxy reads as its request: the proxy's own name."""

    server_hostname = None


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


TCPConnector.__module__ = "wirehttp"


@contextmanager
def _connector_errors(key: ConnectionKey) -> Iterator[None]:
    """A connect or TLS step's failure as the client exception aiohttp raises for it."""
    try:
        yield
    except asyncio.TimeoutError as exc:
        msg = f"Connection timeout to host {key.host}:{key.port}"
        raise ConnectionTimeoutError(msg) from exc
    except ssl.SSLCertVerificationError as exc:
        raise ClientConnectorCertificateError(key, exc) from exc
    except ssl.SSLError as exc:
        raise ClientConnectorSSLError(key, exc) from exc
    except OSError as exc:
        raise ClientConnectorError(key, exc) from exc
