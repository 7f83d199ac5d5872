"""`web.Application`: routes, middlewares, signals, state and sub-applications.

Owns: the application lifecycle (freeze, startup, shutdown, cleanup, cleanup contexts),
composing the middleware chain once per route (cached, not rebuilt per request), dispatching a
request (resolve, Expect handling, per-app `client_max_size`, HTTPException turned into its
response), and making the low-level Server that serves it.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Awaitable, Callable, Iterator, MutableMapping
from functools import partial
from typing import Any

from .._base.appkey import AppKey
from .._base.limits import DEFAULT_CLIENT_MAX_SIZE
from .._base.signals import FrozenList, Signal
from .cleanup import CleanupContext
from .dispatch import handle_request
from .exceptions import NotAppKeyWarning
from .request import Request
from .routing.dispatcher import UrlDispatcher
from .server import make_server

__all__ = ("Application",)

web_logger = logging.getLogger("aiohttp.web")
Handler = Callable[[Any], Awaitable[Any]]


class Application(MutableMapping[Any, Any]):
    """The root (or a sub-) application: a router plus everything around it."""

    def __init__(
        self,
        *,
        logger: logging.Logger = web_logger,
        middlewares: Any = (),
        handler_args: Any = None,
        client_max_size: int = DEFAULT_CLIENT_MAX_SIZE,
        loop: Any = None,
        debug: Any = ...,
    ) -> None:
        self._router = UrlDispatcher()
        self._handler_args = handler_args
        self.logger = logger
        self._middlewares: FrozenList[Any] = FrozenList(middlewares)
        self._state: dict[Any, Any] = {}
        self._frozen = False
        self._pre_frozen = False
        self._subapps: list[Application] = []
        self._on_response_prepare = Signal(self)
        self._on_startup = Signal(self)
        self._on_shutdown = Signal(self)
        self._on_cleanup = Signal(self)
        self._cleanup_ctx = CleanupContext()
        self._on_startup.append(self._cleanup_ctx._on_startup)
        self._on_cleanup.append(self._cleanup_ctx._on_cleanup)
        self._client_max_size = client_max_size
        self._chains: dict[tuple[Any, ...], Handler] = {}
        self._has_middlewares = False
        self._own_response_hooks: tuple[Signal, ...] = ()  # set when frozen

    def __init_subclass__(cls) -> None:
        raise TypeError(f"Inheritance class {cls.__name__} from web.Application is forbidden")

    # -- state --------------------------------------------------------------------------------

    def __getitem__(self, key: Any) -> Any:
        return self._state[key]

    def _check_frozen(self) -> None:
        if self._frozen:
            warnings.warn(
                "Changing state of started or joined application is deprecated",
                DeprecationWarning,
                stacklevel=3,
            )

    def __setitem__(self, key: Any, value: Any) -> None:
        self._check_frozen()
        if not isinstance(key, AppKey):
            warnings.warn(
                "It is recommended to use web.AppKey instances for keys.\n"
                "https://docs.aiohttp.org/en/stable/web_advanced.html#application-s-config",
                category=NotAppKeyWarning,
                stacklevel=2,
            )
        self._state[key] = value

    def __delitem__(self, key: Any) -> None:
        self._check_frozen()
        del self._state[key]

    def __len__(self) -> int:
        return len(self._state)

    def __iter__(self) -> Iterator[Any]:
        return iter(self._state)

    def __eq__(self, other: object) -> bool:
        return self is other

    def __hash__(self) -> int:
        return id(self)

    def __bool__(self) -> bool:
        return True

    def get(self, key: Any, default: Any = None) -> Any:
        return self._state.get(key, default)

    def __repr__(self) -> str:
        return f"<Application 0x{id(self):x}>"

    # -- configuration ------------------------------------------------------------------------

    @property
    def router(self) -> UrlDispatcher:
        return self._router

    @property
    def middlewares(self) -> FrozenList[Any]:
        return self._middlewares

    @property
    def on_response_prepare(self) -> Signal:
        return self._on_response_prepare

    @property
    def on_startup(self) -> Signal:
        return self._on_startup

    @property
    def on_shutdown(self) -> Signal:
        return self._on_shutdown

    @property
    def on_cleanup(self) -> Signal:
        return self._on_cleanup

    @property
    def cleanup_ctx(self) -> CleanupContext:
        return self._cleanup_ctx

    @property
    def frozen(self) -> bool:
        return self._frozen

    @property
    def pre_frozen(self) -> bool:
        return self._pre_frozen

    @property
    def debug(self) -> bool:
        return False

    def add_routes(self, routes: Any) -> list[Any]:
        return self._router.add_routes(routes)

    def _check_can_add_subapp(self, subapp: Application) -> None:
        if self._frozen:
            raise RuntimeError("Cannot add sub application to frozen application")
        if subapp._frozen:
            raise RuntimeError("Cannot add frozen application")

    def add_subapp(self, prefix: str, subapp: Application) -> Any:
        if not isinstance(prefix, str):
            raise TypeError("Prefix must be str")
        prefix = prefix.rstrip("/")
        if not prefix:
            raise ValueError("Prefix cannot be empty")
        self._check_can_add_subapp(subapp)
        resource = self._router.add_subapp_resource(prefix, subapp)
        self._register_subapp(subapp)
        return resource

    def add_domain(self, domain: str, subapp: Application) -> Any:
        if not isinstance(domain, str):
            raise TypeError("Domain must be str")
        if not domain:
            raise ValueError("Domain cannot be empty")
        self._check_can_add_subapp(subapp)
        resource = self._router.add_domain_resource(domain, subapp)
        self._register_subapp(subapp)
        return resource

    def _register_subapp(self, subapp: Application) -> None:
        self._reg_subapp_signals(subapp)
        self._subapps.append(subapp)
        subapp.pre_freeze()

    def _reg_subapp_signals(self, subapp: Application) -> None:
        async def startup(app: Application) -> None:
            await subapp.on_startup.send(subapp)

        async def shutdown(app: Application) -> None:
            await subapp.on_shutdown.send(subapp)

        async def cleanup(app: Application) -> None:
            await subapp.on_cleanup.send(subapp)

        self._on_startup.append(startup)
        self._on_shutdown.append(shutdown)
        self._on_cleanup.append(cleanup)

    # -- lifecycle ----------------------------------------------------------------------------

    def pre_freeze(self) -> None:
        if self._pre_frozen:
            return
        self._pre_frozen = True
        self._middlewares.freeze()
        self._router.freeze()
        for signal in (
            self._on_response_prepare,
            self._on_startup,
            self._on_shutdown,
            self._on_cleanup,
        ):
            signal.freeze()
        if self._on_response_prepare:
            self._own_response_hooks = (self._on_response_prepare,)
        self._has_middlewares = bool(self._middlewares) or any(
            sub._has_middlewares for sub in self._subapps
        )
        for subapp in self._subapps:
            subapp.pre_freeze()
            self._has_middlewares = self._has_middlewares or subapp._has_middlewares

    def freeze(self) -> None:
        if self._frozen:
            return
        self.pre_freeze()
        self._frozen = True
        for subapp in self._subapps:
            subapp.freeze()

    async def startup(self) -> None:
        await self.on_startup.send(self)

    async def shutdown(self) -> None:
        await self.on_shutdown.send(self)

    async def cleanup(self) -> None:
        if self.on_cleanup.frozen:
            await self.on_cleanup.send(self)
        else:
            await self._cleanup_ctx._on_cleanup(self)

    def _make_handler(
        self, *, loop: Any = None, access_log_class: Any = None, **kwargs: Any
    ) -> Any:
        self.freeze()
        kwargs["request_factory"] = self._make_request
        # decoded request bodies are capped by the largest limit of any app, before routing
        kwargs.setdefault("max_decoded_body", self._largest_client_max_size())
        if access_log_class is not None:
            kwargs["access_log_class"] = access_log_class
        return make_server(partial(handle_request, self), loop=loop, **kwargs)

    def _largest_client_max_size(self) -> int | None:
        sizes = [self._client_max_size] + [sub._largest_client_max_size() for sub in self._subapps]
        if any(not size for size in sizes):  # 0 or None: that app sets no limit
            return None
        return max(size for size in sizes if size)

    def _make_request(
        self,
        message: Any,
        payload: Any,
        protocol: Any,
        writer: Any,
        task: Any,
        _cls: type[Request] = Request,
    ) -> Request:
        return _cls(
            message,
            payload,
            protocol,
            writer,
            task,
            protocol.loop if protocol else None,
            client_max_size=self._client_max_size,
        )

    # -- dispatch -----------------------------------------------------------------------------

    async def _handle(self, request: Any) -> Any:
        """Answer one request (the server calls dispatch.handle_request directly)."""
        return await handle_request(self, request)

    def _chain_for(self, match_info: Any, handler: Handler) -> Handler:
        cacheable = match_info.http_exception is None
        key = (handler, match_info.apps)
        if cacheable:
            chain = self._chains.get(key)
            if chain is not None:
                return chain
        chain = handler
        for app in reversed(match_info.apps):
            for middleware in reversed(app._middlewares):
                chain = _bind_middleware(middleware, chain)
        if cacheable:
            self._chains[key] = chain
        return chain

    def __call__(self) -> Application:
        """gunicorn's worker calls the app factory; an app is its own factory."""
        return self


def _bind_middleware(middleware: Any, handler: Handler) -> Handler:
    async def call(request: Any) -> Any:
        return await middleware(request, handler)

    call.__wrapped__ = handler  # type: ignore[attr-defined]
    return call


Application.__module__ = "wirehttp.web"  # documented as web.Application
