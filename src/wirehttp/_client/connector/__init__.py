"""wirehttp._client.connector: the pool, connections and connectors (see docs/internals.md).

Re-exports the package's names. Imports nothing from _server or _web.
"""

from __future__ import annotations

from .base import BaseConnector
from .connection import Connection
from .dns import AbstractResolver, AsyncResolver, DefaultResolver, ResolveResult, ThreadedResolver
from .key import ConnectionKey
from .pool import PoolBook
from .protocol import ResponseHandler
from .tcp import TCPConnector
from .tls import Fingerprint
from .unix import UnixConnector

__all__ = (
    "AbstractResolver",
    "AsyncResolver",
    "BaseConnector",
    "Connection",
    "ConnectionKey",
    "DefaultResolver",
    "Fingerprint",
    "PoolBook",
    "ResolveResult",
    "ResponseHandler",
    "TCPConnector",
    "ThreadedResolver",
    "UnixConnector",
)
