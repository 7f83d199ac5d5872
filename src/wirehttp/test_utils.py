"""wirehttp.test_utils: test servers and client, mocked requests, test loops, a unittest case."""

from ._testing.client import TestClient as TestClient
from ._testing.loops import loop_context as loop_context
from ._testing.loops import setup_test_loop as setup_test_loop
from ._testing.loops import teardown_test_loop as teardown_test_loop
from ._testing.mocks import make_mocked_coro as make_mocked_coro
from ._testing.mocks import make_mocked_request as make_mocked_request
from ._testing.ports import REUSE_ADDRESS as REUSE_ADDRESS
from ._testing.ports import get_port_socket as get_port_socket
from ._testing.ports import get_unused_port_socket as get_unused_port_socket
from ._testing.ports import unused_port as unused_port
from ._testing.servers import BaseTestServer as BaseTestServer
from ._testing.servers import RawTestServer as RawTestServer
from ._testing.servers import TestServer as TestServer
from ._testing.unittest_case import AioHTTPTestCase as AioHTTPTestCase
from ._testing.unittest_case import unittest_run_loop as unittest_run_loop

__all__ = (
    "AioHTTPTestCase",
    "BaseTestServer",
    "REUSE_ADDRESS",
    "RawTestServer",
    "TestClient",
    "TestServer",
    "get_port_socket",
    "get_unused_port_socket",
    "loop_context",
    "make_mocked_coro",
    "make_mocked_request",
    "setup_test_loop",
    "teardown_test_loop",
    "unittest_run_loop",
    "unused_port",
)
