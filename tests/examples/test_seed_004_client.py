"""Seed 004 ("Working with Async HTTP Requests: aiohttp"): its two jsonplaceholder examples.

The seed's code is run as written (indentation restored) with `import wirehttp as aiohttp`; the
only change is the URL: https://jsonplaceholder.typicode.com becomes a local stand-in that answers
`/posts/{id}` as jsonplaceholder does (the real first five posts; 404 with `{}` for an unknown id).
The stand-in is served by wirehttp.web and, as an independent peer, by aiohttp.web. The same seed
code is also run with aiohttp's own client against the same server, and both must print the same
(up to the timing figure), so a difference from aiohttp in what a user sees fails here.
`asyncio.run(main())` becomes `await main()`, since the test already runs inside a loop.
"""

# ruff: noqa: SIM117  (the seed nests `async with` session / request; kept as written)

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import AsyncIterator
from types import ModuleType
from typing import Any

import aiohttp as real_aiohttp
import pytest
from aiohttp import web as real_web

import wirehttp
from wirehttp import web
from wirehttp.pytest_plugin import AiohttpServer

POSTS = {
    1: (
        "sunt aut facere repellat provident occaecati excepturi optio reprehenderit",
        "quia et suscipit\nsuscipit recusandae consequuntur expedita et cum\n"
        "reprehenderit molestiae ut ut quas totam\nnostrum rerum est autem sunt rem eveniet "
        "architecto",
    ),
    2: ("qui est esse", "est rerum tempore vitae\nsequi sint nihil reprehenderit dolor beatae"),
    3: ("ea molestias quasi exercitationem repellat qui ipsa sit aut", "et iusto sed quo iure"),
    4: ("eum et est occaecati", "ullam et saepe reiciendis voluptatem adipisci"),
    5: ("nesciunt quas odio", "repudiandae veniam quaerat sunt sed"),
}


def _post(post_id: int) -> dict[str, Any]:
    title, body = POSTS[post_id]
    return {"userId": 1, "id": post_id, "title": title, "body": body}


async def _wire_post(request: web.Request) -> web.Response:
    post_id = int(request.match_info["post_id"])
    if post_id not in POSTS:
        return web.json_response({}, status=404)
    return web.json_response(_post(post_id))


async def _real_post(request: real_web.Request) -> real_web.Response:
    post_id = int(request.match_info["post_id"])
    if post_id not in POSTS:
        return real_web.json_response({}, status=404)
    return real_web.json_response(_post(post_id))


@pytest.fixture(params=["wirehttp.web", "aiohttp.web"])
async def jsonplaceholder(
    request: pytest.FixtureRequest, aiohttp_server: AiohttpServer
) -> AsyncIterator[str]:
    """The base URL of a loopback stand-in for https://jsonplaceholder.typicode.com."""
    if request.param == "wirehttp.web":
        app = web.Application()
        app.router.add_get(r"/posts/{post_id:\d+}", _wire_post)
        server = await aiohttp_server(app)
        yield str(server.make_url("")).rstrip("/")
        return
    real_app = real_web.Application()
    real_app.router.add_get(r"/posts/{post_id:\d+}", _real_post)
    runner = real_web.AppRunner(real_app)
    await runner.setup()
    await real_web.TCPSite(runner, "127.0.0.1", 0).start()
    try:
        yield f"http://127.0.0.1:{runner.addresses[0][1]}"
    finally:
        await runner.cleanup()


# --- Section 2: Making a Single Request ---------------------------------------------------------


def _single_request(aiohttp: ModuleType, base: str) -> Any:
    """The seed's `fetch_one`, with the URL pointing at `base`."""

    async def fetch_one():  # type: ignore[no-untyped-def]
        # A free public API for testing
        url = f"{base}/posts/1"

        print("Starting request...")
        # 1. Create a client session
        async with aiohttp.ClientSession() as session:
            # 2. Make the GET request
            async with session.get(url) as response:
                # 3. The response object has methods for accessing the data
                print(f"Status Code: {response.status}")

                # .json() is a coroutine, so it must be awaited
                data = await response.json()
                print(f"Response JSON: {data}")

                # .text() is also a coroutine
                # text_data = await response.text()

    return fetch_one


async def test_004_single_request(jsonplaceholder: str, capsys: pytest.CaptureFixture[str]) -> None:
    fetch_one = _single_request(wirehttp, jsonplaceholder)
    assert await fetch_one() is None
    printed = capsys.readouterr().out
    assert printed == (
        "Starting request...\nStatus Code: 200\n"
        f"Response JSON: {_post(1)}\n"  # the seed's sample output, in full
    )
    assert printed.splitlines()[2].startswith(
        "Response JSON: {'userId': 1, 'id': 1, 'title': 'sunt aut facere "
    )

    await _single_request(real_aiohttp, jsonplaceholder)()
    assert capsys.readouterr().out == printed  # aiohttp's client prints the same


# --- Section 3: Concurrent Requests with asyncio.gather() --------------------------------------


def _concurrent(aiohttp: ModuleType, base: str) -> tuple[Any, Any]:
    """The seed's `fetch_post_title` and `main`, with the URL pointing at `base`."""

    async def fetch_post_title(session, post_id: int):  # type: ignore[no-untyped-def]
        """Fetches a single post and returns its title."""
        url = f"{base}/posts/{post_id}"
        try:
            async with session.get(url) as response:
                # Raise an exception for bad status codes (4xx or 5xx)
                response.raise_for_status()
                data = await response.json()
                return data["title"]
        except aiohttp.ClientError as e:
            print(f"Request for post {post_id} failed: {e}")
            return None

    async def main():  # type: ignore[no-untyped-def]
        start_time = time.time()

        # Create a single session to be reused for all requests
        async with aiohttp.ClientSession() as session:
            # Create a list of coroutines to run
            tasks = [fetch_post_title(session, i) for i in range(1, 6)]

            # Run them all concurrently
            titles = await asyncio.gather(*tasks)

        end_time = time.time()
        print(f"Fetched {len(titles)} titles in {end_time - start_time:.2f} seconds.")
        print("\n--- Titles ---")
        for i, title in enumerate(titles, 1):
            if title:
                print(f"{i}. {title[:40]}...")  # Print first 40 chars

    return fetch_post_title, main


def _untimed(printed: str) -> str:
    return re.sub(r" in \d+\.\d\d seconds\.", " in N seconds.", printed)


async def test_004_concurrent_titles(
    jsonplaceholder: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _, main = _concurrent(wirehttp, jsonplaceholder)
    await main()
    printed = capsys.readouterr().out
    assert re.fullmatch(r"Fetched 5 titles in \d+\.\d\d seconds\.", printed.splitlines()[0])
    assert _untimed(printed).splitlines() == [
        "Fetched 5 titles in N seconds.",
        "",
        "--- Titles ---",
        "1. sunt aut facere repellat provident occae...",
        "2. qui est esse...",
        "3. ea molestias quasi exercitationem repell...",
        "4. eum et est occaecati...",
        "5. nesciunt quas odio...",
    ]

    await _concurrent(real_aiohttp, jsonplaceholder)[1]()
    assert _untimed(capsys.readouterr().out) == _untimed(printed)


async def test_004_failed_post_is_reported_not_raised(
    jsonplaceholder: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The seed's error branch: a 404 (jsonplaceholder's answer for an unknown post) is a
    ClientResponseError from raise_for_status, printed, and the title is None."""
    outputs = []
    for module in (wirehttp, real_aiohttp):
        fetch_post_title, _ = _concurrent(module, jsonplaceholder)
        async with module.ClientSession() as session:
            titles = await asyncio.gather(
                fetch_post_title(session, 2), fetch_post_title(session, 404)
            )
        assert titles == ["qui est esse", None]
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == (
        f"Request for post 404 failed: 404, message='Not Found', url='{jsonplaceholder}/posts/404'\n"
    )
    assert outputs[0] == outputs[1]  # word for word what aiohttp prints
