"""The zlib-compatible module behind the gzip and deflate codings (aiohttp 3.12+'s setting).

Owns `set_zlib_backend(new_zlib_backend)` (public in `wirehttp`) and `zlib_backend()`, which a
coder asks each time it makes a compressor or decompressor: after a swap the next body, on
either side, is coded with the new module, while a body already being coded finishes with the
one it began with. A backend is a module with zlib's API, such as `isal.isal_zlib` or
`zlib_ng.zlib_ng`; what is used of it is `compressobj(level=, wbits=)`, `decompressobj(wbits=)`,
`MAX_WBITS` and `Z_DEFAULT_COMPRESSION`, and the objects those two calls return (`compress`,
`flush`; `decompress(data, max_length)`, `unconsumed_tail`, `eof`, `flush`). As in aiohttp, the
module is not checked when it is set: one that lacks a name fails when a body is first coded.

Users: `_io/codecs.py` (content codings of bodies, client and server) and `_body/part_codings.py`
(multipart parts). It lives in L0 so the WebSocket deflate codec (`_sansio/ws`) may use it too.
No I/O; imports nothing of wirehttp.
"""

from __future__ import annotations

import zlib
from typing import Any, Protocol

__all__ = ("ZLibBackendProtocol", "set_zlib_backend", "zlib_backend")


class ZLibBackendProtocol(Protocol):
    """What a zlib-compatible module must offer (the module `zlib` itself is one)."""

    @property
    def MAX_WBITS(self) -> int: ...

    @property
    def Z_DEFAULT_COMPRESSION(self) -> int: ...

    def compressobj(self, level: int = ..., method: int = ..., wbits: int = ...) -> Any: ...

    def decompressobj(self, wbits: int = ...) -> Any: ...


_backend: ZLibBackendProtocol = zlib


def zlib_backend() -> ZLibBackendProtocol:
    """The module gzip and deflate are coded with now (zlib unless it was swapped)."""
    return _backend


def set_zlib_backend(new_zlib_backend: ZLibBackendProtocol) -> None:
    """Code gzip and deflate bodies with `new_zlib_backend` from now on (process-wide).

    E.g. `wirehttp.set_zlib_backend(isal.isal_zlib)`; `set_zlib_backend(zlib)` goes back.
    """
    global _backend
    _backend = new_zlib_backend


set_zlib_backend.__module__ = "wirehttp"
