"""Loopback sockets for test servers: a bound socket on a given or free port, a free port number.

Owns: `REUSE_ADDRESS`, `get_port_socket`, `get_unused_port_socket` and `unused_port` (public in
wirehttp.test_utils). Imports nothing from wirehttp: these are plain sockets.
"""

from __future__ import annotations

import os
import socket
import sys

__all__ = ("REUSE_ADDRESS", "get_port_socket", "get_unused_port_socket", "unused_port")

# SO_REUSEADDR lets a test server bind a port that a previous test left in TIME_WAIT. On Windows
# the option means something else (stealing a port in use), and Cygwin emulates Windows there.
REUSE_ADDRESS = os.name == "posix" and sys.platform != "cygwin"


def get_port_socket(host: str, port: int, family: socket.AddressFamily) -> socket.socket:
    """A TCP socket bound to `(host, port)`, not yet listening; port 0 lets the OS choose."""
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        if REUSE_ADDRESS:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
    except BaseException:
        sock.close()
        raise
    return sock


def get_unused_port_socket(
    host: str, family: socket.AddressFamily = socket.AF_INET
) -> socket.socket:
    """A TCP socket bound to a port the OS picked as free on `host`."""
    return get_port_socket(host, 0, family)


def unused_port() -> int:
    """A port that was free on 127.0.0.1 a moment ago (another process may still take it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


for _func in (get_port_socket, get_unused_port_socket, unused_port):
    _func.__module__ = "wirehttp.test_utils"
