"""The "Testing aiohttp Applications" examples of shared/seeds (003), run as pytest sessions.

Each example is the seed's code with `aiohttp` imports spelled `wirehttp` (the seed's text,
indentation restored), run in an inner pytest session with `pytest_plugins =
["wirehttp.pytest_plugin"]` in its conftest, as a user would load it. The handlers the examples
test come from the same seed: `hello_handler` ("Simplest Server") and `validate_user_data` /
`create_user_handler` ("Data Validation"). What the seed leaves to the reader is said where it is
filled in: the database example's `app` fixture registers the handler under "Configuring the
application for tests", and its `client` fixture (the seed reuses the name from the example
before) serves that `app`.
"""

from __future__ import annotations

import textwrap

import pytest

# --- from the seed's "Simplest Server" and "Data Validation" sections -----------------------
HANDLERS = """
from wirehttp import web
import json

async def hello_handler(request):
    return web.Response(text="Hello from aiohttp server!")

async def validate_user_data(data):
    required_fields = ['name', 'email']
    for field in required_fields:
        if field not in data:
            raise web.HTTPBadRequest(text=f"Missing field: {field}")
    if '@' not in data['email']:
        raise web.HTTPBadRequest(text="Invalid email format")

async def create_user_handler(request):
    try:
        data = await request.json()
        await validate_user_data(data)
        # Creating a user
        user = {'id': 1, 'name': data['name'], 'email': data['email']}
        return web.json_response(user, status=201)
    except json.JSONDecodeError:
        raise web.HTTPBadRequest(text="Invalid JSON")
"""

# --- "Testing aiohttp Applications" / "Basic Tests" -------------------------------------------
BASIC_TESTS = """
import pytest
from wirehttp import web
from wirehttp.test_utils import make_mocked_request
from handlers import hello_handler

async def test_handler():
    request = make_mocked_request('GET', '/')
    response = await hello_handler(request)
    assert response.status == 200
    assert response.text == "Hello from aiohttp server!"

@pytest.fixture
async def client(aiohttp_client):
    app = web.Application()
    app.router.add_get('/', hello_handler)
    return await aiohttp_client(app)

async def test_hello_endpoint(client):
    response = await client.get('/')
    assert response.status == 200
    text = await response.text()
    assert text == "Hello from aiohttp server!"
"""

# --- "Testing with a Database" ----------------------------------------------------------------
DATABASE_TEST = """
import pytest
import asyncio
from wirehttp import web
from wirehttp.test_utils import make_mocked_request
from handlers import create_user_handler

@pytest.fixture
def event_loop():
    loop = asyncio.new_event_loop()
    yield loop
    loop.close()

@pytest.fixture
async def app():
    app = web.Application()
    # Configuring the application for tests
    app.router.add_post('/users', create_user_handler)  # (filled in: the seed's handler)
    return app

# (filled in: the seed reuses the `client` fixture of the example before, serving this `app`)
@pytest.fixture
async def client(aiohttp_client, app):
    return await aiohttp_client(app)

async def test_user_creation(client):
    user_data = {'name': 'Test User', 'email': 'test@example.com'}
    response = await client.post('/users', json=user_data)
    assert response.status == 201
    data = await response.json()
    assert data['name'] == 'Test User'
    assert data['email'] == 'test@example.com'

# (added: the handler's refusals, through the same client)
@pytest.mark.parametrize(("body", "message"), [
    ({'name': 'No Mail'}, "Missing field: email"),
    ({'name': 'Bad', 'email': 'nowhere'}, "Invalid email format"),
    ("{not json", "Invalid JSON"),
])
async def test_user_creation_refusals(client, body, message):
    if isinstance(body, str):
        response = await client.post('/users', data=body)
    else:
        response = await client.post('/users', json=body)
    assert response.status == 400
    assert await response.text() == message
"""

MODES = {
    "plugin alone": ("-p", "no:asyncio"),
    "beside pytest-asyncio (auto)": (
        "-p",
        "asyncio",
        "-o",
        "asyncio_mode=auto",
        "-o",
        "asyncio_default_fixture_loop_scope=function",
    ),
}


@pytest.fixture(params=list(MODES))
def session(request: pytest.FixtureRequest, pytester: pytest.Pytester) -> tuple[str, ...]:
    pytester.makeconftest('pytest_plugins = ["wirehttp.pytest_plugin"]\n')
    pytester.makepyfile(handlers=textwrap.dedent(HANDLERS))
    return ("-p", "no:cacheprovider", "-v", *MODES[request.param])


def run(pytester: pytest.Pytester, session: tuple[str, ...]) -> pytest.RunResult:
    result = pytester.runpytest(*session)
    asyncio_header = [line for line in result.outlines if line.startswith("asyncio: mode=")]
    assert bool(asyncio_header) is ("asyncio" in session)  # who ran the coroutines
    return result


def test_basic_tests_example(pytester: pytest.Pytester, session: tuple[str, ...]) -> None:
    pytester.makepyfile(test_basic=textwrap.dedent(BASIC_TESTS))
    result = run(pytester, session)
    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines(["*test_handler*PASSED*", "*test_hello_endpoint*PASSED*"])


def test_database_example(pytester: pytest.Pytester, session: tuple[str, ...]) -> None:
    pytester.makepyfile(test_users=textwrap.dedent(DATABASE_TEST))
    result = run(pytester, session)
    result.assert_outcomes(passed=4)
    result.stdout.fnmatch_lines(["*test_user_creation*PASSED*"])


def test_the_examples_fail_when_the_handler_is_wrong(pytester: pytest.Pytester) -> None:
    """The inner sessions really run the examples: a wrong greeting fails both tests."""
    pytester.makeconftest('pytest_plugins = ["wirehttp.pytest_plugin"]\n')
    pytester.makepyfile(
        handlers=textwrap.dedent(HANDLERS).replace('"Hello from aiohttp server!"', '"Hi"'),
        test_basic=textwrap.dedent(BASIC_TESTS),
    )
    result = pytester.runpytest("-p", "no:asyncio", "-p", "no:cacheprovider")
    result.assert_outcomes(failed=2)
