"""wirehttp.pytest_plugin beside pytest-asyncio in auto mode, as pytest-aiohttp is for aiohttp.

pytest-asyncio then runs every `async def` test and fixture; the plugin stands aside (no second
run, no parametrising those tests over loops), its `loop` fixture is the loop pytest-asyncio
runs the test on, and the aiohttp_* fixtures start and close their servers on that loop.
Plain (sync) tests that ask for `loop` still get the plugin's own loops.
"""

from __future__ import annotations

import socket
import textwrap

import pytest

INI = """
[pytest]
asyncio_mode = auto
asyncio_default_fixture_loop_scope = function
"""

TESTS = """
import asyncio
import pytest
import pytest_asyncio
from wirehttp import web

async def hello(request):
    return web.Response(text="hello")

def make_app():
    app = web.Application()
    app.router.add_get("/", hello)
    return app

@pytest.fixture
async def running_loop_of_a_plain_async_fixture():
    return asyncio.get_running_loop()

async def test_runs_under_pytest_asyncio(
    request, aiohttp_client, loop, running_loop_of_a_plain_async_fixture
):
    assert pytest_asyncio.is_async_test(request.node)
    running = asyncio.get_running_loop()
    assert loop is running is running_loop_of_a_plain_async_fixture
    client = await aiohttp_client(make_app())
    assert await (await client.get("/")).text() == "hello"

async def test_fails_and_its_server_is_closed_anyway(aiohttp_server):
    server = await aiohttp_server(make_app())
    with open(RECORD, "w") as f:
        f.write(str(server.port))
    raise AssertionError("ran under pytest-asyncio")

def test_sync_uses_the_plugins_own_loop(loop, aiohttp_server):
    server = loop.run_until_complete(aiohttp_server(make_app()))
    assert server.port
"""


def write(pytester: pytest.Pytester) -> str:
    record = pytester.path / "port.txt"
    pytester.makeini(INI)
    pytester.makepyfile(test_inner=f"RECORD = {str(record)!r}\n" + textwrap.dedent(TESTS))
    return str(record)


def check(result: pytest.RunResult, record: str) -> None:
    # --aiohttp-loop=all: the sync test runs on both loops; the async ones once each.
    result.assert_outcomes(passed=3, failed=1)
    result.stdout.fnmatch_lines(
        [
            "*asyncio: mode=*AUTO*",
            "*test_runs_under_pytest_asyncio PASSED*",
            "*test_sync_uses_the_plugins_own_loop[[]pyloop[]] PASSED*",
            "*test_sync_uses_the_plugins_own_loop[[]uvloop[]] PASSED*",
            "*ran under pytest-asyncio*",
        ],
        consecutive=False,
    )
    with open(record) as f:
        port = int(f.read())
    with pytest.raises(ConnectionRefusedError), socket.create_connection(("127.0.0.1", port), 5):
        pass


def test_plugin_loaded_with_p_beside_pytest_asyncio(pytester: pytest.Pytester) -> None:
    record = write(pytester)
    result = pytester.runpytest(
        "-p", "wirehttp.pytest_plugin", "-p", "no:cacheprovider", "--aiohttp-loop=all", "-v"
    )
    check(result, record)


def test_plugin_loaded_from_a_conftest_beside_pytest_asyncio(pytester: pytest.Pytester) -> None:
    """Registered after pytest-asyncio this time: the hook order must not matter."""
    record = write(pytester)
    pytester.makeconftest('pytest_plugins = ["wirehttp.pytest_plugin"]\n')
    result = pytester.runpytest("-p", "no:cacheprovider", "--aiohttp-loop=all", "-v")
    check(result, record)
