"""wirehttp.pytest_plugin, run inside inner pytest sessions (pytester) and judged by outcome.

Each test writes a small test module, runs pytest on it with the plugin (and nothing else
that runs coroutines: `-p no:asyncio`), and asserts what passed, failed or errored, so a
plugin that silently skipped the coroutines would fail here.
"""

from __future__ import annotations

import socket
import textwrap

import pytest

PLUGIN = ("-p", "wirehttp.pytest_plugin", "-p", "no:asyncio", "-p", "no:cacheprovider")

APP = """
import asyncio
import pytest
from wirehttp import web
from wirehttp.test_utils import TestServer

async def hello(request):
    return web.Response(text="hello " + request.headers.get("X-Who", "nobody"))

def make_app():
    app = web.Application()
    app.router.add_get("/", hello)
    return app
"""


def run(pytester: pytest.Pytester, source: str, *args: str) -> pytest.RunResult:
    pytester.makepyfile(test_inner=textwrap.dedent(APP) + textwrap.dedent(source))
    return pytester.runpytest(*PLUGIN, *args)


def test_coroutine_tests_run_and_can_fail(pytester: pytest.Pytester) -> None:
    result = run(
        pytester,
        """
        async def test_passes():
            await asyncio.sleep(0)

        async def test_fails():
            await asyncio.sleep(0)
            assert 1 == 2, "really ran"
        """,
    )
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*really ran*"])


def test_the_loop_fixture_is_the_running_loop_and_is_closed_after(
    pytester: pytest.Pytester,
) -> None:
    result = run(
        pytester,
        """
        seen = []

        async def test_first(loop):
            assert asyncio.get_running_loop() is loop
            seen.append(loop)

        def test_sync_gets_a_loop_too(loop):
            assert loop.run_until_complete(asyncio.sleep(0, "ok")) == "ok"
            assert loop is not seen[0] and seen[0].is_closed()
        """,
    )
    result.assert_outcomes(passed=2)


@pytest.mark.parametrize(
    ("option", "ids", "kinds"),
    [
        ((), ["pyloop"], ["_UnixSelectorEventLoop"]),
        (("--aiohttp-loop=uvloop",), ["uvloop"], ["Loop"]),
        (("--aiohttp-loop=all",), ["pyloop", "uvloop"], ["_UnixSelectorEventLoop", "Loop"]),
        (
            ("--aiohttp-loop", "uvloop,pyloop"),
            ["uvloop", "pyloop"],
            ["Loop", "_UnixSelectorEventLoop"],
        ),
    ],
)
def test_aiohttp_loop_chooses_the_loops(
    pytester: pytest.Pytester, option: tuple[str, ...], ids: list[str], kinds: list[str]
) -> None:
    result = run(
        pytester,
        """
        async def test_kind():
            print("KIND", type(asyncio.get_running_loop()).__name__)

        def test_sync_without_loop():
            pass
        """,
        "-v",
        "-s",
        *option,
    )
    result.assert_outcomes(passed=len(ids) + 1)
    result.stdout.fnmatch_lines([f"*test_kind[[]{name}[]]*" for name in ids], consecutive=False)
    kinds_run = [line.split("KIND ")[1].split()[0] for line in result.outlines if "KIND " in line]
    assert kinds_run == kinds


def test_an_unknown_loop_is_an_error(pytester: pytest.Pytester) -> None:
    result = run(pytester, "async def test_x():\n    pass\n", "--aiohttp-loop=tokio")
    assert result.ret != 0
    result.stdout.fnmatch_lines(["*Unknown loop 'tokio'*"])


def test_loop_debug_option(pytester: pytest.Pytester) -> None:
    source = "async def test_debug(loop):\n    assert loop.get_debug()\n"
    run(pytester, source, "--aiohttp-enable-loop-debug").assert_outcomes(passed=1)
    run(pytester, source).assert_outcomes(failed=1)


def test_aiohttp_client_with_an_app_a_server_and_keywords(pytester: pytest.Pytester) -> None:
    result = run(
        pytester,
        """
        async def test_app(aiohttp_client):
            client = await aiohttp_client(make_app(), headers={"X-Who": "app"})
            resp = await client.get("/")
            assert await resp.text() == "hello app"
            assert client.server.host == "127.0.0.1"

        async def test_server_kwargs(aiohttp_client, aiohttp_unused_port):
            port = aiohttp_unused_port()
            client = await aiohttp_client(make_app(), server_kwargs={"port": port})
            assert client.port == port

        async def test_a_test_server(aiohttp_client):
            server = TestServer(make_app())
            client = await aiohttp_client(server)
            assert client.server is server
            assert (await client.get("/")).status == 200

        async def test_something_else(aiohttp_client):
            with pytest.raises(ValueError, match="Unknown argument type"):
                await aiohttp_client(object())
        """,
    )
    result.assert_outcomes(passed=4)


def test_aiohttp_server_and_raw_server(pytester: pytest.Pytester) -> None:
    result = run(
        pytester,
        """
        import wirehttp

        async def test_server(aiohttp_server, aiohttp_unused_port):
            port = aiohttp_unused_port()
            server = await aiohttp_server(make_app(), port=port)
            assert server.port == port
            async with wirehttp.ClientSession() as session:
                async with session.get(server.make_url("/")) as resp:
                    assert await resp.text() == "hello nobody"

        async def test_raw(aiohttp_raw_server, aiohttp_client):
            server = await aiohttp_raw_server(hello)
            client = await aiohttp_client(server)
            assert client.app is None
            assert await (await client.get("/")).text() == "hello nobody"
        """,
    )
    result.assert_outcomes(passed=2)


def test_servers_and_connections_are_closed_when_the_test_fails(
    pytester: pytest.Pytester,
) -> None:
    record = pytester.path / "record.txt"
    result = run(
        pytester,
        f"""
        RECORD = {str(record)!r}

        @pytest.fixture
        def after_teardown(loop):
            box = {{}}
            yield box
            # Requested first, so torn down after aiohttp_client: the server is gone by now.
            data = loop.run_until_complete(asyncio.wait_for(box["reader"].read(), 5))
            box["writer"].close()
            with open(RECORD, "w") as f:
                f.write(f"{{box['port']}} {{data!r}}")

        async def test_fails(after_teardown, aiohttp_client):
            client = await aiohttp_client(make_app())
            reader, writer = await asyncio.open_connection("127.0.0.1", client.port)
            writer.write(b"GET / HTTP/1.1\\r\\nHost: t\\r\\n\\r\\n")
            assert (await reader.readuntil(b"hello nobody")).startswith(b"HTTP/1.1 200")
            after_teardown.update(reader=reader, writer=writer, port=client.port)
            raise AssertionError("the test failed")
        """,
    )
    result.assert_outcomes(failed=1)
    port, data = record.read_text().split(" ", 1)
    assert data == "b''"  # the kept-alive connection was closed by the server
    with (
        pytest.raises(ConnectionRefusedError),
        socket.create_connection(("127.0.0.1", int(port)), 5),
    ):
        pass


def test_async_fixtures_run_on_the_loop_and_tear_down_after_the_test(
    pytester: pytest.Pytester,
) -> None:
    result = run(
        pytester,
        """
        events = []

        @pytest.fixture
        async def value(loop):
            assert asyncio.get_running_loop() is loop
            return 42

        @pytest.fixture
        async def resource(loop):
            events.append("setup")
            yield "res"
            assert asyncio.get_running_loop() is loop
            events.append("teardown")

        @pytest.fixture
        async def client(aiohttp_client):
            return await aiohttp_client(make_app())

        async def test_uses_them(value, resource, client):
            assert (value, resource, events) == (42, "res", ["setup"])
            assert (await client.get("/")).status == 200

        def test_after():
            assert events == ["setup", "teardown"]
        """,
        "-p",
        "no:randomly",
    )
    result.assert_outcomes(passed=2)


def test_an_async_fixture_that_yields_twice_is_an_error(pytester: pytest.Pytester) -> None:
    result = run(
        pytester,
        """
        @pytest.fixture
        async def twice():
            yield 1
            yield 2

        async def test_x(twice):
            pass
        """,
    )
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(["*did not stop: yield only once*"])


def test_deprecated_fixture_names_still_work_and_warn(pytester: pytest.Pytester) -> None:
    result = run(
        pytester,
        """
        async def test_old(test_client, test_server, raw_test_server, unused_port):
            client = await test_client(make_app())
            assert (await client.get("/")).status == 200
            assert isinstance(unused_port(), int)
        """,
    )
    result.assert_outcomes(passed=1)
    for new in ("aiohttp_client", "aiohttp_server", "aiohttp_raw_server", "aiohttp_unused_port"):
        result.stdout.fnmatch_lines([f"*Deprecated, use {new} fixture instead*"])


def test_loads_through_pytest_plugins_in_a_conftest(pytester: pytest.Pytester) -> None:
    pytester.makeconftest('pytest_plugins = ["wirehttp.pytest_plugin"]\n')
    pytester.makepyfile(
        test_inner=textwrap.dedent(APP)
        + textwrap.dedent(
            """
            async def test_client(aiohttp_client):
                client = await aiohttp_client(make_app())
                assert await (await client.get("/")).text() == "hello nobody"
            """
        )
    )
    result = pytester.runpytest("-p", "no:asyncio", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)


def test_the_proactor_loop_is_windows_only(pytester: pytest.Pytester) -> None:
    result = run(pytester, "async def test_p(proactor_loop):\n    pass\n", "-rs")
    result.assert_outcomes(skipped=1)
    result.stdout.fnmatch_lines(["*proactor event loop exists only on Windows*"])
