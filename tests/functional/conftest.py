"""A tiny fixture that serves an Application on 127.0.0.1:0 for one test, then tears it down.

A later issue replaces this with the public testing toolkit; until then it stays this small.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from wirehttp import web

CLEANUP_TIMEOUT = 15.0


@dataclass
class Served:
    url: str
    port: int
    runner: Any


@pytest.fixture
def serve(loop: asyncio.AbstractEventLoop) -> Iterator[Callable[..., Awaitable[Served]]]:
    """`await serve(app, **runner_kwargs)` starts `app`; it is cleaned up after the test."""
    runners: list[Any] = []

    async def start(app: Any, **kwargs: Any) -> Served:
        kwargs.setdefault("shutdown_timeout", 5.0)
        runner = web.AppRunner(app, **kwargs)
        await runner.setup()
        runners.append(runner)
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = runner.addresses[0][1]
        return Served(f"http://127.0.0.1:{port}", port, runner)

    yield start
    for runner in reversed(runners):
        if runner.server is not None:
            loop.run_until_complete(asyncio.wait_for(runner.cleanup(), CLEANUP_TIMEOUT))
