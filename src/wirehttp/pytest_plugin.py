"""wirehttp.pytest_plugin: runs `async def` tests, with `loop` and the aiohttp_* fixtures.

Load it with `pytest_plugins = ["wirehttp.pytest_plugin"]` in a conftest.py (or `-p`).
`pytest_configure` and `loop_factory` are not in `__all__` (aiohttp's plugin has no such
names); pytest finds them on the module all the same.
"""

from ._testing.async_runner import pytest_addoption as pytest_addoption
from ._testing.async_runner import pytest_configure as pytest_configure
from ._testing.async_runner import pytest_fixture_setup as pytest_fixture_setup
from ._testing.async_runner import pytest_generate_tests as pytest_generate_tests
from ._testing.async_runner import pytest_pyfunc_call as pytest_pyfunc_call
from ._testing.fixtures import AiohttpClient as AiohttpClient
from ._testing.fixtures import AiohttpRawServer as AiohttpRawServer
from ._testing.fixtures import AiohttpServer as AiohttpServer
from ._testing.fixtures import aiohttp_client as aiohttp_client
from ._testing.fixtures import aiohttp_raw_server as aiohttp_raw_server
from ._testing.fixtures import aiohttp_server as aiohttp_server
from ._testing.fixtures import aiohttp_unused_port as aiohttp_unused_port
from ._testing.fixtures import fast as fast
from ._testing.fixtures import loop as loop
from ._testing.fixtures import loop_debug as loop_debug
from ._testing.fixtures import loop_factory as loop_factory
from ._testing.fixtures import proactor_loop as proactor_loop
from ._testing.fixtures import raw_test_server as raw_test_server
from ._testing.fixtures import test_client as test_client
from ._testing.fixtures import test_server as test_server
from ._testing.fixtures import unused_port as unused_port

__all__ = (
    "AiohttpClient",
    "AiohttpRawServer",
    "AiohttpServer",
    "aiohttp_client",
    "aiohttp_raw_server",
    "aiohttp_server",
    "aiohttp_unused_port",
    "fast",
    "loop",
    "loop_debug",
    "proactor_loop",
    "pytest_addoption",
    "pytest_fixture_setup",
    "pytest_generate_tests",
    "pytest_pyfunc_call",
    "raw_test_server",
    "test_client",
    "test_server",
    "unused_port",
)
