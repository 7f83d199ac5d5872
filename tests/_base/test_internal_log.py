"""log.internal_logger: aiohttp's logger name, used for wirehttp's own internal failures."""

from __future__ import annotations

import asyncio
import logging

import pytest

from wirehttp import log
from wirehttp._base.internal_log import internal_logger
from wirehttp._io.streams import StreamReader


class _Flow:
    def pause_reading(self) -> None:
        pass

    def resume_reading(self) -> None:
        pass


def test_name_is_aiohttps() -> None:
    assert log.internal_logger is internal_logger
    assert internal_logger.name == "aiohttp.internal"
    assert internal_logger is logging.getLogger("aiohttp.internal")


async def test_a_failing_eof_callback_is_logged_there(caplog: pytest.LogCaptureFixture) -> None:
    def broken() -> None:
        raise RuntimeError("callback broke")

    reader = StreamReader(_Flow(), 2**16, loop=asyncio.get_running_loop())
    reader.on_eof(broken)
    with caplog.at_level(logging.ERROR, logger="aiohttp.internal"):
        reader.feed_eof()
    assert [r.name for r in caplog.records] == ["aiohttp.internal"]
    assert "Exception in eof callback" in caplog.text
