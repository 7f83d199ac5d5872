"""`enable_cleanup_closed`: TLS transports that do not finish closing are aborted after a delay.

Closing a TLS transport sends close_notify and waits for the peer's; a peer that never answers
keeps the socket open until asyncio's own `ssl_shutdown_timeout` (30 s), and before CPython
3.12.8 / 3.13.1 (python/cpython#118960, gh-118950) such a transport could also miss reporting
`connection_lost`. With the option on, the connector gives each TLS connection it opens a
deadline: `CLEANUP_CLOSED_DELAY` seconds after the close, `ResponseHandler` aborts a transport
that has not reported `connection_lost` (aiohttp 3.14 aborts them within 2 s as well). On the
Pythons that carry the fix aiohttp ignores the option with a DeprecationWarning; so do we.
Imports nothing from _server or _web.
"""

from __future__ import annotations

import sys
import warnings
from typing import Final

__all__ = ("CLEANUP_CLOSED_DELAY", "NEEDS_CLEANUP_CLOSED", "cleanup_closed_delay")

# The Pythons without the fix: everything before 3.12.8, and 3.13.0.
_PYTHON: Final = sys.version_info[:3]
NEEDS_CLEANUP_CLOSED: Final = _PYTHON < (3, 12, 8) or _PYTHON == (3, 13, 0)
# Seconds a closed TLS transport gets to report connection_lost before it is aborted.
CLEANUP_CLOSED_DELAY: Final = 2.0


def cleanup_closed_delay(enabled: bool, *, stacklevel: int = 2) -> float | None:
    """The abort delay for closed TLS transports, or None when off (or ignored, with a warning)."""
    if not enabled:
        return None
    if not NEEDS_CLEANUP_CLOSED:
        version = ".".join(str(part) for part in _PYTHON)
        warnings.warn(
            f"enable_cleanup_closed ignored: Python {version} already closes TLS transports "
            "cleanly (python/cpython#118960)",
            DeprecationWarning,
            stacklevel=stacklevel + 1,
        )
        return None
    return CLEANUP_CLOSED_DELAY
