"""Session fixtures for the peer servers, and a report hook that shows their logs on failure.

tests/interop/conftest.py re-exports everything here. Each fixture starts its peer once per
session in its own temporary directory and stops it (waiting for it to exit) at the end, even
when tests failed. A missing program fails the tests that need it; nothing is skipped.
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
