"""Beside pytest-asyncio: the loop a test runs on, for the `loop` fixture to hand out.

Registered by `async_runner.pytest_configure` only when the pytest-asyncio plugin is active
(so pytest_asyncio is importable whenever this module is imported). Owns one fixture.
"""

from __future__ import annotations

import asyncio

import pytest_asyncio

__all__ = ("wirehttp_running_loop",)


@pytest_asyncio.fixture
async def wirehttp_running_loop() -> asyncio.AbstractEventLoop:
    """The loop pytest-asyncio runs function-scoped fixtures (and, by default, tests) on."""
    return asyncio.get_running_loop()
