"""Client timeouts: the `ClientTimeout` record (public as `wirehttp.ClientTimeout`).

Owns only the record and the session default. The connector reads `connect` / `sock_connect`,
the connection protocol `sock_read`, the session `total`. Imports nothing from wirehttp.
"""

from __future__ import annotations

import dataclasses
from typing import Final

__all__ = ("DEFAULT_TIMEOUT", "ClientTimeout")


@dataclasses.dataclass(frozen=True)
class ClientTimeout:
    """Timeouts in seconds; None means no limit.

    total: the whole request, connection and body included; connect: getting a connection from
    the pool (waiting for a free slot included); sock_connect: one socket connect (and TLS
    handshake); sock_read: the longest pause between two reads of the response;
    ceil_threshold: timeouts at least this long are rounded up to whole seconds.
    """

    total: float | None = None
    connect: float | None = None
    sock_read: float | None = None
    sock_connect: float | None = None
    ceil_threshold: float = 5


ClientTimeout.__module__ = "wirehttp"

# aiohttp 3.14's default: five minutes for a whole request, thirty seconds per socket connect.
DEFAULT_TIMEOUT: Final = ClientTimeout(total=5 * 60, sock_connect=30)
