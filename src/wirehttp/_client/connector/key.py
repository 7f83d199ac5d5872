"""The pool's connection key: which requests may share a connection.

Owns `ConnectionKey`. Two requests share a connection only when every field is equal (origin,
TLS settings, proxy and its credentials). It satisfies `exceptions.ConnectionKeyLike`.
Imports nothing from _server or _web.
"""

from __future__ import annotations

from ssl import SSLContext
from typing import TYPE_CHECKING, NamedTuple, Union

from yarl import URL

from ..._base.auth import BasicAuth

if TYPE_CHECKING:
    from .tls import Fingerprint

__all__ = ("ConnectionKey",)

SSLSetting = Union[bool, SSLContext, "Fingerprint"]


class ConnectionKey(NamedTuple):
    """host, port, is_ssl, ssl (True / False / SSLContext / Fingerprint) and the proxy fields."""

    host: str
    port: int | None
    is_ssl: bool
    ssl: SSLSetting
    proxy: URL | None
    proxy_auth: BasicAuth | None
    proxy_headers_hash: int | None
