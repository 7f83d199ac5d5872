"""Loopback sockets and test loops of wirehttp.test_utils."""

from __future__ import annotations

import asyncio
import socket

import pytest
import uvloop

from wirehttp import test_utils
from wirehttp._testing.loops import available_loop_factories, select_loop_factories


def test_get_port_socket_binds_the_given_host_and_port_with_reuse() -> None:
    port = test_utils.unused_port()
    with test_utils.get_port_socket("127.0.0.1", port, socket.AF_INET) as sock:
        assert sock.getsockname() == ("127.0.0.1", port)
        assert sock.type == socket.SOCK_STREAM
        reuse = sock.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR)
        assert bool(reuse) is test_utils.REUSE_ADDRESS is True


def test_get_unused_port_socket_gets_a_free_port_from_the_os() -> None:
    with (
        test_utils.get_unused_port_socket("127.0.0.1") as first,
        test_utils.get_unused_port_socket("127.0.0.1") as second,
    ):
        assert first.getsockname()[1] != 0
        assert first.getsockname()[1] != second.getsockname()[1]


def test_get_port_socket_closes_the_socket_when_the_port_is_taken() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        with pytest.raises(OSError):
            test_utils.get_port_socket("127.0.0.1", taken.getsockname()[1], socket.AF_INET)


def test_unused_port_can_be_bound() -> None:
    port = test_utils.unused_port()
    assert 0 < port < 65536
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", port))


def test_setup_and_teardown_test_loop() -> None:
    loop = test_utils.setup_test_loop()
    try:
        assert asyncio.get_event_loop() is loop
        assert loop.run_until_complete(asyncio.sleep(0, "ran")) == "ran"
    finally:
        test_utils.teardown_test_loop(loop)
    assert loop.is_closed()


def test_teardown_cancels_tasks_a_test_left_behind() -> None:
    cancelled = []

    async def forever() -> None:
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            cancelled.append(True)
            raise

    loop = test_utils.setup_test_loop()
    task = loop.create_task(forever())
    loop.run_until_complete(asyncio.sleep(0))
    test_utils.teardown_test_loop(loop, fast=True)
    assert task.cancelled() and cancelled == [True]
    assert loop.is_closed()


def test_teardown_of_a_closed_loop_is_harmless() -> None:
    loop = test_utils.setup_test_loop()
    loop.close()
    test_utils.teardown_test_loop(loop)
    assert loop.is_closed()


def test_loop_context_with_a_factory() -> None:
    with test_utils.loop_context(uvloop.new_event_loop) as loop:
        assert isinstance(loop, uvloop.Loop)
        assert loop.run_until_complete(asyncio.sleep(0, 1)) == 1
    assert loop.is_closed()


def test_loop_context_closes_the_loop_when_the_body_raises() -> None:
    with pytest.raises(ZeroDivisionError), test_utils.loop_context() as loop:
        1 / 0  # noqa: B018
    assert loop.is_closed()


@pytest.mark.parametrize(
    ("spec", "names"),
    [
        ("pyloop", ["pyloop"]),
        ("uvloop", ["uvloop"]),
        ("all", ["pyloop", "uvloop"]),
        ("uvloop,pyloop", ["uvloop", "pyloop"]),
        (" pyloop , tokio? ", ["pyloop"]),
    ],
)
def test_loop_names(spec: str, names: list[str]) -> None:
    assert list(select_loop_factories(spec)) == names


@pytest.mark.parametrize("spec", ["tokio", "pyloop,tokio", "tokio?"])
def test_unknown_loop_names_are_refused(spec: str) -> None:
    with pytest.raises(ValueError, match="available loops: \\['pyloop', 'uvloop'\\]"):
        select_loop_factories(spec)


def test_the_factories_make_the_loops_they_are_named_after() -> None:
    factories = available_loop_factories()
    for name, kind in (("pyloop", asyncio.BaseEventLoop), ("uvloop", uvloop.Loop)):
        loop = factories[name]()
        try:
            assert isinstance(loop, kind)
        finally:
            loop.close()
