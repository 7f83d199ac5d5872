"""Session fixtures for the peer servers, and a report hook that shows their logs on failure.

tests/interop/conftest.py re-exports everything here. Each fixture starts its peer once per
session in its own temporary directory and stops it (waiting for it to exit) at the end, even
when tests failed. A missing program fails the tests that need it; nothing is skipped.

What a client test gets (all loopback, 127.0.0.1; see each class for the rest):
- httpbin_server: `url`, `port`; gunicorn gthread workers, so keep-alive and concurrency work.
  Cookies set by httpbin are for an IP host: aiohttp-style jars need `unsafe=True`.
- nginx_server: `url` (static: random.bin, 1 MiB random = `random_data`; text.txt = `text_data`,
  gzipped when asked; Range everywhere), `url + "/chunked/text.txt"` (chunked), `https_url` with
  `ca` / `ca_file` / `client_ssl_context()`, `keepalive_url` closing after
  `keepalive_requests` requests or `keepalive_timeout` idle seconds, and
  `requests_by_connection(marker)` to see which requests shared a connection.
- tinyproxy_server / tinyproxy_auth_server: `url` (and `url_with_credentials`, `auth`); CONNECT
  allowed only to nginx's `https_port` (403 elsewhere); 407 without credentials on the second.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator

import pytest

from .httpbin import HttpbinServer, start_httpbin
from .nginx import NginxServer, start_nginx
from .process import RunningPeer
from .tinyproxy import TinyproxyServer, start_tinyproxy

PROXY_USER = ("peer-user", "peer-secret")


@pytest.fixture(scope="session")
def httpbin_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HttpbinServer]:
    server = start_httpbin(tmp_path_factory.mktemp("httpbin"))
    try:
        yield server
    finally:
        server.process.stop()


@pytest.fixture(scope="session")
def nginx_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[NginxServer]:
    server = start_nginx(tmp_path_factory.mktemp("nginx"))
    try:
        yield server
    finally:
        server.process.stop()


@pytest.fixture(scope="session")
def tinyproxy_server(
    tmp_path_factory: pytest.TempPathFactory, nginx_server: NginxServer
) -> Iterator[TinyproxyServer]:
    """An open proxy (loopback clients only) that may CONNECT to nginx's TLS port."""
    server = start_tinyproxy(tmp_path_factory.mktemp("tinyproxy"), [nginx_server.https_port])
    try:
        yield server
    finally:
        server.process.stop()


@pytest.fixture(scope="session")
def tinyproxy_auth_server(
    tmp_path_factory: pytest.TempPathFactory, nginx_server: NginxServer
) -> Iterator[TinyproxyServer]:
    """The same proxy requiring Basic credentials; `server.auth` holds (user, password)."""
    server = start_tinyproxy(
        tmp_path_factory.mktemp("tinyproxy-auth"), [nginx_server.https_port], auth=PROXY_USER
    )
    try:
        yield server
    finally:
        server.process.stop()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    if report.failed:
        for name, value in getattr(item, "funcargs", {}).items():
            if isinstance(value, RunningPeer):
                report.sections.append((f"peer {name} logs", value.logs()))
    return report
