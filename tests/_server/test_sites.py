"""Sites: TCP (plain and TLS), Unix socket and ready-socket sites serving a real server.

Fetched with a raw asyncio client and with curl (a subprocess with bounded timeouts).
"""

from __future__ import annotations

import asyncio
import socket
import ssl
from pathlib import Path
from typing import Any

import pytest
import trustme

from wirehttp._server.runner import AppRunner
from wirehttp._server.sites import SockSite, TCPSite, UnixSite
from wirehttp._web.app import Application
from wirehttp._web.response import Response

TIMEOUT = 10.0


async def hello(request: Any) -> Response:
    return Response(text=f"hello {request.path}")


async def set_up() -> AppRunner:
    app = Application()
    app.router.add_get("/{tail:.*}", hello)
    runner = AppRunner(app)
    await runner.setup()
    return runner


async def exchange(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, path: str) -> bytes:
    """Send one GET with Connection: close and return everything the server answers."""
    writer.write(f"GET {path} HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n".encode())
    try:
        return await asyncio.wait_for(reader.read(), TIMEOUT)
    finally:
        writer.close()


async def tcp_get(port: int, path: str = "/") -> bytes:
    reader, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), TIMEOUT)
    return await exchange(reader, writer, path)


async def curl(*args: str) -> str:
    proc = await asyncio.create_subprocess_exec(
        "curl", "-sS", "--max-time", "10", *args,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await asyncio.wait_for(proc.communicate(), 20)
    assert proc.returncode == 0, err.decode()
    return out.decode()


async def test_tcp_site_on_port_zero_names_the_bound_port() -> None:
    runner = await set_up()
    site = TCPSite(runner, "127.0.0.1", 0)
    assert site.name == "http://127.0.0.1:0"
    await site.start()
    port = runner.addresses[0][1]
    assert port != 0
    assert site.name == f"http://127.0.0.1:{port}"
    assert runner.sites == {site}
    body = await curl(f"http://127.0.0.1:{port}/via-curl")
    assert body == "hello /via-curl"
    await runner.cleanup()


async def test_tcp_site_names_like_aiohttp() -> None:
    runner = await set_up()
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    assert TCPSite(runner).name == "http://0.0.0.0:8080"
    assert TCPSite(runner, "localhost", 9000).name == "http://localhost:9000"
    assert TCPSite(runner, "::1", 80).name == "http://[::1]:80"
    assert TCPSite(runner, ssl_context=tls).name == "https://0.0.0.0:8443"
    assert UnixSite(runner, "/tmp/x.sock").name == "http://unix:/tmp/x.sock:"
    assert (
        UnixSite(runner, Path("/tmp/y.sock"), ssl_context=tls).name == "https://unix:/tmp/y.sock:"
    )
    await runner.cleanup()


async def test_two_sites_one_runner_and_stopping_one() -> None:
    runner = await set_up()
    first, second = TCPSite(runner, "127.0.0.1", 0), TCPSite(runner, "127.0.0.1", 0)
    await first.start()
    await second.start()
    ports = [address[1] for address in runner.addresses]
    assert len(set(ports)) == 2
    for port in ports:
        assert (await tcp_get(port, "/x")).endswith(b"hello /x")
    await first.stop()
    assert runner.sites == {second}
    assert [address[1] for address in runner.addresses] == ports[1:]
    with pytest.raises(OSError):
        await tcp_get(ports[0])
    assert (await tcp_get(ports[1])).startswith(b"HTTP/1.1 200")
    await runner.cleanup()


async def test_reuse_port_lets_two_sites_share_a_port() -> None:
    runner = await set_up()
    first = TCPSite(runner, "127.0.0.1", 0, reuse_port=True)
    await first.start()
    port = runner.addresses[0][1]
    second = TCPSite(runner, "127.0.0.1", port, reuse_port=True)
    await second.start()
    assert [address[1] for address in runner.addresses] == [port, port]
    assert (await tcp_get(port)).startswith(b"HTTP/1.1 200")
    await runner.cleanup()


async def test_unix_site(tmp_path: Path) -> None:
    path = tmp_path / "server.sock"
    runner = await set_up()
    site = UnixSite(runner, path)
    await site.start()
    assert site.name == f"http://unix:{path}:"
    assert runner.addresses == [str(path)]
    reader, writer = await asyncio.wait_for(asyncio.open_unix_connection(str(path)), TIMEOUT)
    assert (await exchange(reader, writer, "/over-unix")).endswith(b"hello /over-unix")
    body = await curl("--unix-socket", str(path), "http://localhost/with-curl")
    assert body == "hello /with-curl"
    await runner.cleanup()
    with pytest.raises(OSError):
        await asyncio.wait_for(asyncio.open_unix_connection(str(path)), TIMEOUT)


async def test_sock_site_serves_a_ready_socket() -> None:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    runner = await set_up()
    site = SockSite(runner, sock)
    assert site.name == f"http://127.0.0.1:{port}"
    await site.start()
    assert runner.addresses == [("127.0.0.1", port)]
    assert (await tcp_get(port, "/sock")).endswith(b"hello /sock")
    await runner.cleanup()


async def test_sock_site_unix_name(tmp_path: Path) -> None:
    path = tmp_path / "s.sock"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.bind(str(path))
    runner = await set_up()
    site = SockSite(runner, sock)
    assert site.name == f"http://unix:{path}:"
    await site.start()
    reader, writer = await asyncio.wait_for(asyncio.open_unix_connection(str(path)), TIMEOUT)
    assert (await exchange(reader, writer, "/u")).endswith(b"hello /u")
    await runner.cleanup()


async def test_tls_tcp_site(tmp_path: Path) -> None:
    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1")
    server_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    cert.configure_cert(server_ctx)
    ca_file = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    runner = await set_up()
    site = TCPSite(runner, "127.0.0.1", 0, ssl_context=server_ctx)
    await site.start()
    port = runner.addresses[0][1]
    assert site.name == f"https://127.0.0.1:{port}"
    body = await curl("--cacert", str(ca_file), f"https://127.0.0.1:{port}/secure")
    assert body == "hello /secure"
    await runner.cleanup()


async def test_site_shutdown_timeout_is_deprecated_and_moves_to_the_runner() -> None:
    runner = await set_up()
    with pytest.warns(DeprecationWarning, match="BaseRunner"):
        TCPSite(runner, "127.0.0.1", 0, shutdown_timeout=5.0)
    assert runner._shutdown_timeout == 5.0
    await runner.cleanup()


async def test_site_start_failure_leaves_runner_cleanable() -> None:
    runner = await set_up()
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    site = TCPSite(runner, "127.0.0.1", taken.getsockname()[1])
    with pytest.raises(OSError):
        await site.start()
    await runner.cleanup()
    assert runner.sites == set()
    taken.close()


def test_module_names() -> None:
    for cls in (TCPSite, UnixSite, SockSite):
        assert cls.__module__ == "wirehttp.web"
