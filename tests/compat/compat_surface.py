"""The tables behind test_public_surface.py: which aiohttp 3.14 names wirehttp does not have.

Every public wirehttp module mirrors the aiohttp module of the same name. A name aiohttp exports
must exist in ours with the same kind, unless it is listed in NOT_HERE below with the reason: a
design choice (aiohttp's low-level parser, writer and WebSocket internals stay private here;
Windows named pipes are not served) or the later issue that brings it. When a name is
implemented, the test tells whoever did it to delete the entry here, so this table never goes
stale.
"""

from __future__ import annotations

# The reference the tables were written against.
REFERENCE_VERSION_PREFIX = "3.14."

# Public modules compared with aiohttp's module of the same name ("" is the package itself).
# hdrs is compared constant by constant in tests/test_hdrs.py.
MODULES = (
    "",
    "abc",
    "client_exceptions",
    "client_middlewares",
    "client_ws",
    "formdata",
    "helpers",
    "http",
    "http_websocket",
    "log",
    "multipart",
    "payload",
    "payload_streamer",
    "pytest_plugin",
    "streams",
    "test_utils",
    "tracing",
    "typedefs",
    "web",
    "web_app",
    "web_exceptions",
    "web_fileresponse",
    "web_log",
    "web_middlewares",
    "web_protocol",
    "web_request",
    "web_response",
    "web_routedef",
    "web_runner",
    "web_server",
    "web_urldispatcher",
    "web_ws",
    "worker",
)

# Public modules that stand for packages aiohttp users install apart (aiohttp_jinja2,
# aiohttp_cors), so aiohttp has no module of that name to compare with; tests/_ext/ compares
# them with those packages instead.
EXTRAS = ("cors", "jinja2")

# aiohttp modules without an `__all__`: their public names, read from aiohttp 3.14's module
# (the names it defines itself, not the typing and collections names it imports).
PUBLIC_WITHOUT_ALL = {
    "abc": (
        "AbstractAccessLogger",
        "AbstractCookieJar",
        "AbstractMatchInfo",
        "AbstractResolver",
        "AbstractRouter",
        "AbstractStreamWriter",
        "AbstractView",
        "ClearCookiePredicate",
        "ResolveResult",
    ),
    "log": (
        "access_logger",
        "client_logger",
        "internal_logger",
        "server_logger",
        "web_logger",
        "ws_logger",
    ),
    "typedefs": (
        "Byteish",
        "DEFAULT_JSON_DECODER",
        "DEFAULT_JSON_ENCODER",
        "Handler",
        "JSONBytesEncoder",
        "JSONDecoder",
        "JSONEncoder",
        "LooseCookies",
        "LooseCookiesIterables",
        "LooseCookiesMappings",
        "LooseHeaders",
        "Middleware",
        "PathLike",
        "Query",
        "RawHeaders",
        "StrOrURL",
    ),
    "pytest_plugin": (
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
        "pytest_pycollect_makeitem",
        "pytest_pyfunc_call",
        "raw_test_server",
        "test_client",
        "test_server",
        "unused_port",
    ),
    "test_utils": (
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
    ),
    "web_log": ("AccessLogger", "KeyMethod"),
    "client_ws": ("ClientWSTimeout", "ClientWebSocketResponse", "DEFAULT_WS_CLIENT_TIMEOUT"),
}

# Names wirehttp exports that aiohttp's module has but does not list in its __all__.
EXTRA_IN_ALL = {
    "web": {
        "AbstractAccessLogger": "aiohttp.web has it as an attribute (imported from aiohttp.abc) "
        "without listing it; wirehttp.web lists it, so `import *` also brings it",
    },
}

WS_LOW_LEVEL = (
    "not provided: aiohttp's WebSocket reader, writer, data queues and extension-header "
    "helpers; wirehttp's frame layer (_sansio.ws) and session core (_io) have a different, "
    "private API"
)
NOT_PROVIDED = (
    "not provided: aiohttp's low-level HTTP machinery; wirehttp's replacement (httptools parser "
    "with sans-IO events, ResponseWriter) has a different API and stays private"
)
WINDOWS_ONLY = (
    "not provided: Windows named pipes (proactor loop only); wirehttp serves and connects over "
    "TCP and Unix sockets"
)

_WS_LOW_LEVEL = (
    "WebSocketReader",
    "WebSocketWriter",
    "ws_ext_gen",
    "ws_ext_parse",
)
_LOW_LEVEL_HTTP = (
    "HeadersParser",
    "HttpParser",
    "HttpProcessingError",
    "HttpRequestParser",
    "HttpResponseParser",
    "RawRequestMessage",
    "RawResponseMessage",
    "StreamWriter",
)

_WEB_NOT_HERE = {
    "NamedPipeSite": WINDOWS_ONLY,
}

NOT_HERE: dict[str, dict[str, str]] = {
    "": {
        "NamedPipeConnector": WINDOWS_ONLY,
        **dict.fromkeys(("DataQueue", "FlowControlDataQueue"), WS_LOW_LEVEL),
    },
    "http": {
        **dict.fromkeys(_WS_LOW_LEVEL, WS_LOW_LEVEL),
        **dict.fromkeys(_LOW_LEVEL_HTTP, NOT_PROVIDED),
    },
    "pytest_plugin": {
        "pytest_pycollect_makeitem": (
            "not needed: pytest 8+ (our floor) collects `async def` tests itself, and the "
            "plugin's pytest_pyfunc_call runs them"
        ),
    },
    "streams": {
        "DataQueue": WS_LOW_LEVEL,
    },
    "web": dict(_WEB_NOT_HERE),
    "web_log": {
        "KeyMethod": NOT_PROVIDED + " (AccessLogger's compiled format is private)",
    },
    "web_runner": {"NamedPipeSite": WINDOWS_ONLY},
    "http_websocket": {
        **dict.fromkeys(_WS_LOW_LEVEL, WS_LOW_LEVEL),
        "WSHandshakeError": WS_LOW_LEVEL + " (a refused handshake is a web.HTTPBadRequest on the "
        "server and a WSServerHandshakeError on the client, as aiohttp raises them)",
    },
}
