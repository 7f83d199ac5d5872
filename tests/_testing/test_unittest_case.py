"""AioHTTPTestCase: each test method gets the app served, a client, and both closed after."""

from __future__ import annotations

import unittest
from typing import Any

import pytest

from wirehttp import web
from wirehttp.test_utils import AioHTTPTestCase, TestClient, TestServer, unittest_run_loop

SERVERS: list[TestServer] = []


async def hello(request: web.Request) -> web.Response:
    return web.Response(text="hello from the case")


class HelloCase(AioHTTPTestCase):
    __test__ = False  # run by the tests below through unittest, not collected by pytest

    async def get_application(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/", hello)
        return app

    async def test_get(self) -> None:
        SERVERS.append(self.server)
        assert isinstance(self.client, TestClient) and self.client.server is self.server
        assert self.client.app is self.app
        async with self.client.get("/") as resp:
            self.assertEqual(resp.status, 200)
            self.assertEqual(await resp.text(), "hello from the case")

    async def test_failing(self) -> None:
        SERVERS.append(self.server)
        resp = await self.client.get("/")
        self.assertEqual(resp.status, 404)


class ForgetfulCase(AioHTTPTestCase):
    __test__ = False  # run by the tests below through unittest, not collected by pytest

    async def test_nothing(self) -> None:
        raise AssertionError("never reached: setup fails first")


class OldStyleCase(AioHTTPTestCase):
    __test__ = False  # run by the tests below through unittest, not collected by pytest

    def get_app(self) -> Any:
        app = web.Application()
        app.router.add_get("/", hello)
        return app

    async def test_old_style(self) -> None:
        self.assertEqual((await self.client.get("/")).status, 200)


def run(case: type[unittest.TestCase]) -> unittest.TestResult:
    result = unittest.TestResult()
    unittest.defaultTestLoader.loadTestsFromTestCase(case).run(result)
    return result


def test_a_case_serves_its_app_and_closes_it_after_each_test() -> None:
    SERVERS.clear()
    result = run(HelloCase)
    assert result.testsRun == 2
    assert [test.id().rsplit(".", 1)[1] for test, _ in result.failures] == ["test_failing"]
    assert "200 != 404" in result.failures[0][1]
    assert not result.errors
    assert len(SERVERS) == 2 and SERVERS[0] is not SERVERS[1]
    assert all(server.closed for server in SERVERS)


def test_a_case_without_get_application_errors_clearly() -> None:
    result = run(ForgetfulCase)
    assert len(result.errors) == 1
    assert "Did you forget to define get_application()?" in result.errors[0][1]


def test_the_older_get_app_spelling_still_works() -> None:
    result = run(OldStyleCase)
    assert result.wasSuccessful() and result.testsRun == 1


def test_unittest_run_loop_is_a_deprecated_no_op() -> None:
    async def method() -> None:
        pass

    with pytest.warns(DeprecationWarning, match="no longer needed"):
        assert unittest_run_loop(method) is method
