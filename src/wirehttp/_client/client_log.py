"""The client's logger, named as aiohttp names it ("aiohttp.client"), so a logging configuration
written for aiohttp applies to wirehttp unchanged. Public as `wirehttp.log.client_logger`."""

from __future__ import annotations

import logging

__all__ = ("client_logger",)

client_logger = logging.getLogger("aiohttp.client")
