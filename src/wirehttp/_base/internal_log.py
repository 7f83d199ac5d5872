"""`log.internal_logger`: where wirehttp reports its own internal failures (no I/O of its own).

Named "aiohttp.internal", as aiohttp's, so logging configured for an aiohttp application keeps
working (see the other loggers in `wirehttp.log`).
"""

from __future__ import annotations

import logging

__all__ = ("internal_logger",)

internal_logger = logging.getLogger("aiohttp.internal")
