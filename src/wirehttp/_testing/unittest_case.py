"""`AioHTTPTestCase`: a unittest case that serves `get_application()` for each test method.

Owns: the IsolatedAsyncioTestCase subclass (asyncSetUp starts a TestServer and a TestClient,
asyncTearDown closes them) and the deprecated `unittest_run_loop` decorator; public in
wirehttp.test_utils.
"""

from __future__ import annotations

import asyncio
import warnings
from typing import Any
from unittest import IsolatedAsyncioTestCase

from .client import TestClient
from .servers import TestServer

__all__ = ("AioHTTPTestCase", "unittest_run_loop")


class AioHTTPTestCase(IsolatedAsyncioTestCase):
    """Override `get_application`; each test then has `self.app`, `self.server`, `self.client`."""

    loop: asyncio.AbstractEventLoop
    app: Any
    server: TestServer
    client: TestClient[Any, Any]

    async def get_application(self) -> Any:
        """The `web.Application` to test (override this)."""
        return self.get_app()

    def get_app(self) -> Any:
        """The older, synchronous spelling of `get_application` (override one of them)."""
        raise RuntimeError("Did you forget to define get_application()?")

    async def asyncSetUp(self) -> None:
        self.loop = asyncio.get_running_loop()
        await self.setUpAsync()

    async def setUpAsync(self) -> None:
        self.app = await self.get_application()
        self.server = await self.get_server(self.app)
        self.client = await self.get_client(self.server)
        await self.client.start_server()

    async def asyncTearDown(self) -> None:
        await self.tearDownAsync()

    async def tearDownAsync(self) -> None:
        await self.client.close()

    async def get_server(self, app: Any) -> TestServer:
        """The server for `app` (override to pass options to TestServer)."""
        return TestServer(app, loop=self.loop)

    async def get_client(self, server: TestServer) -> TestClient[Any, Any]:
        """The client for `server` (override to pass options to TestClient)."""
        return TestClient(server, loop=self.loop)


def unittest_run_loop(func: Any, *args: Any, **kwargs: Any) -> Any:
    """Formerly needed on AioHTTPTestCase's async tests; it returns `func` unchanged."""
    warnings.warn(
        "Decorator `@unittest_run_loop` is no longer needed in aiohttp 3.8+",
        DeprecationWarning,
        stacklevel=2,
    )
    return func


AioHTTPTestCase.__module__ = "wirehttp.test_utils"
unittest_run_loop.__module__ = "wirehttp.test_utils"
