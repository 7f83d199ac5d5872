"""The client exception tree against aiohttp 3.14's, class by class.

For every class both libraries are driven with the same arguments (one table), and what a user
sees is compared: the MRO (names, wirehttp mapped to aiohttp), constructor signatures, str(),
repr(), args, attributes, pickling, and the isinstance relations that `except` clauses rely on.
(Named test_client_exceptions so as not to clash with tests/functional/test_exceptions.py.)
"""

from __future__ import annotations

import asyncio
import inspect
import pickle
import ssl
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import aiohttp
import aiohttp.client_exceptions
import pytest
from multidict import CIMultiDict, CIMultiDictProxy
from yarl import URL

import wirehttp
import wirehttp.client_exceptions


@dataclass(frozen=True)
class Key:
    """A stand-in for the connector's connection key (our key type comes later)."""

    host: Any = "example.com"
    port: int | None = 443
    ssl: object = True
    is_ssl: bool = True


def request_info(lib: Any, headers: Any = None, real_url: URL | None = None) -> Any:
    headers = {"Accept": "*/*"} if headers is None else headers
    if real_url is None:
        return lib.RequestInfo(URL("http://h.test/p?q=1"), "GET", headers)
    return lib.RequestInfo(URL("http://h.test/p?q=1"), "GET", headers, real_url)


# (name, case id, args builder taking the library). Builders make fresh objects per library,
# so both libraries get equal but distinct arguments.
Builder = Callable[[Any], tuple[tuple[Any, ...], dict[str, Any]]]

PLAIN = (
    "ClientError",
    "ClientConnectionError",
    "ClientConnectionResetError",
    "ClientOSError",
    "ServerConnectionError",
    "ServerTimeoutError",
    "ConnectionTimeoutError",
    "SocketTimeoutError",
    "ClientPayloadError",
    "UploadAbortedError",
    "RedirectClientError",
    "NonHttpUrlClientError",
    "NonHttpUrlRedirectClientError",
    "WSMessageTypeError",
)
CONNECTOR = (
    "ClientConnectorError",
    "ClientConnectorDNSError",
    "ClientProxyConnectionError",
    "ClientSSLError",
    "ClientConnectorSSLError",
)
RESPONSE = (
    "ClientResponseError",
    "ContentTypeError",
    "WSServerHandshakeError",
    "ClientHttpProxyError",
    "TooManyRedirects",
)
INVALID_URL = ("InvalidURL", "InvalidUrlClientError", "InvalidUrlRedirectClientError")
SPECIAL = (
    "ClientConnectorCertificateError",
    "ServerDisconnectedError",
    "ServerFingerprintMismatch",
)
ALL_CLASSES = (*PLAIN, *CONNECTOR, *RESPONSE, *INVALID_URL, *SPECIAL)

CASES: list[tuple[str, str, Builder]] = []
for _name in PLAIN:
    CASES += [
        (_name, "no-args", lambda lib: ((), {})),
        (_name, "message", lambda lib: (("something broke",), {})),
        (_name, "errno-strerror", lambda lib: ((104, "Connection reset by peer"), {})),
        (_name, "url", lambda lib: ((URL("ftp://h.test/x"),), {})),
    ]
for _name in CONNECTOR:
    CASES += [
        (_name, "refused", lambda lib: ((Key(), ConnectionRefusedError(111, "refused")), {})),
        (_name, "ssl-false", lambda lib: ((Key(ssl=False, port=80), OSError(1, "x")), {})),
        (_name, "ssl-none", lambda lib: ((Key(ssl=None), OSError(2, "y", "file")), {})),
        (_name, "no-errno", lambda lib: ((Key(host=None, port=None), OSError("plain")), {})),
        (_name, "gaierror", lambda lib: ((Key(), OSError(-2, "Name or service not known")), {})),
    ]
for _name in RESPONSE:
    CASES += [
        (_name, "minimal", lambda lib: ((request_info(lib), ()), {})),
        (
            _name,
            "full",
            lambda lib: (
                (request_info(lib, real_url=URL("http://h.test/p?q=1#frag")), ()),
                {"status": 404, "message": "Not Found", "headers": {"X-A": "1"}},
            ),
        ),
        (_name, "empty-headers", lambda lib: ((request_info(lib), ()), {"headers": {}})),
        (_name, "status-0", lambda lib: ((request_info(lib), (1, 2)), {"status": 0})),
        (_name, "list-history", lambda lib: ((request_info(lib), []), {"message": "m\n'x'"})),
    ]
for _name in INVALID_URL:
    CASES += [
        (_name, "str", lambda lib: (("http://bad host/",), {})),
        (_name, "URL", lambda lib: ((URL("ftp://h.test/"),), {})),
        (_name, "description", lambda lib: (("/x", "not absolute"), {})),
        (_name, "empty-description", lambda lib: (("/x", ""), {})),
        (_name, "none-description", lambda lib: (("/x",), {"description": None})),
    ]
CASES += [
    (
        "ClientConnectorCertificateError",
        "verification",
        lambda lib: ((Key(), ssl.SSLCertVerificationError(1, "certificate verify failed")), {}),
    ),
    (
        "ClientConnectorCertificateError",
        "value-error",
        lambda lib: ((Key(ssl=False, is_ssl=False), ValueError("bad", "cert")), {}),
    ),
    ("ClientConnectorCertificateError", "bare", lambda lib: ((Key(), ssl.CertificateError()), {})),
    ("ServerDisconnectedError", "default", lambda lib: ((), {})),
    ("ServerDisconnectedError", "none", lambda lib: ((None,), {})),
    ("ServerDisconnectedError", "empty", lambda lib: (("",), {})),
    ("ServerDisconnectedError", "message", lambda lib: ((), {"message": "gone"})),
    (
        "ServerFingerprintMismatch",
        "pinned",
        lambda lib: ((b"\x01" * 32, b"\x02" * 32, "h.test", 443), {}),
    ),
]

ATTRIBUTES = (
    "args",
    "errno",
    "strerror",
    "filename",
    "host",
    "port",
    "ssl",
    "os_error",
    "certificate_error",
    "status",
    "message",
    "headers",
    "history",
    "request_info",
    "url",
    "description",
    "expected",
    "got",
)


def build(lib: Any, name: str, builder: Builder) -> BaseException:
    args, kwargs = builder(lib)
    exc: BaseException = getattr(lib, name)(*args, **kwargs)
    return exc


def mapped(text: str) -> str:
    """Our output written with aiohttp's names, so the two can be compared directly."""
    return text.replace("wirehttp", "aiohttp")


def observable(exc: BaseException) -> dict[str, str]:
    seen = {"str": str(exc), "repr": repr(exc), "type": type(exc).__name__}
    for attr in ATTRIBUTES:
        try:
            seen[attr] = repr(getattr(exc, attr))
        except AttributeError:
            seen[attr] = "<missing>"
    return {key: mapped(value) for key, value in seen.items()}


def case_id(case: tuple[str, str, Builder]) -> str:
    return f"{case[0]}-{case[1]}"


def test_every_class_aiohttp_exports_is_in_the_table() -> None:
    theirs = set(aiohttp.client_exceptions.__all__) | {"TooManyRedirects"}
    assert theirs == set(ALL_CLASSES)
    assert {name for name, _, _ in CASES} == set(ALL_CLASSES)


def test_public_module_mirrors_aiohttps_all() -> None:
    assert sorted(wirehttp.client_exceptions.__all__) == sorted(aiohttp.client_exceptions.__all__)
    assert "TooManyRedirects" not in wirehttp.client_exceptions.__all__
    for name in ALL_CLASSES:
        obj = getattr(wirehttp, name)
        assert getattr(wirehttp.client_exceptions, name) is obj
        assert obj.__module__ == "wirehttp"


def mro_names(cls: type) -> list[str]:
    """The MRO as names; each library's own classes lose their module (ours is "wirehttp")."""
    own = ("wirehttp", "aiohttp")
    return [
        c.__qualname__ if c.__module__.startswith(own) else f"{c.__module__}.{c.__qualname__}"
        for c in cls.__mro__
    ]


@pytest.mark.parametrize("name", ALL_CLASSES)
def test_mro_matches(name: str) -> None:
    assert mro_names(getattr(wirehttp, name)) == mro_names(getattr(aiohttp, name))


@pytest.mark.parametrize("name", ALL_CLASSES)
def test_constructor_signature_matches(name: str) -> None:
    def shape(cls: type) -> list[tuple[str, Any, Any]] | None:
        try:
            params = inspect.signature(cls).parameters.values()
        except ValueError:  # the builtin exception's (*args) constructor, kept as it is
            return None
        return [(p.name, p.kind, p.default) for p in params]

    assert shape(getattr(wirehttp, name)) == shape(getattr(aiohttp, name))


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_str_repr_args_and_attributes_match(case: tuple[str, str, Builder]) -> None:
    name, _, builder = case
    assert observable(build(wirehttp, name, builder)) == observable(build(aiohttp, name, builder))


def pickles(exc: BaseException) -> bool:
    try:
        pickle.dumps(exc)
    except (TypeError, pickle.PicklingError, AttributeError):
        return False
    return True


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_pickle_round_trip_where_aiohttp_has_one(case: tuple[str, str, Builder]) -> None:
    name, _, builder = case
    theirs, ours = build(aiohttp, name, builder), build(wirehttp, name, builder)
    assert pickles(ours) == pickles(theirs)
    if not pickles(theirs):
        return
    back = pickle.loads(pickle.dumps(ours))
    assert type(back) is type(ours)
    assert observable(back) == observable(ours)
    assert observable(back) == observable(pickle.loads(pickle.dumps(theirs)))


ISINSTANCE = [
    ("ServerTimeoutError", asyncio.TimeoutError),
    ("ConnectionTimeoutError", asyncio.TimeoutError),
    ("SocketTimeoutError", TimeoutError),
    ("ClientConnectionResetError", ConnectionResetError),
    ("ClientOSError", OSError),
    ("ClientConnectorError", OSError),
    ("ClientConnectorSSLError", ssl.SSLError),
    ("ClientConnectorCertificateError", ssl.CertificateError),
    ("ClientConnectorCertificateError", ValueError),
    ("InvalidURL", ValueError),
    ("InvalidUrlRedirectClientError", "RedirectClientError"),
    ("NonHttpUrlRedirectClientError", "RedirectClientError"),
    ("WSMessageTypeError", TypeError),
    ("WSMessageTypeError", "ClientError"),
    ("ServerDisconnectedError", OSError),
    ("ClientResponseError", "ClientConnectionError"),
    ("TooManyRedirects", "ClientResponseError"),
    ("ClientPayloadError", "ClientConnectionError"),
    ("ClientConnectorError", ConnectionRefusedError),
]


@pytest.mark.parametrize(("name", "base"), ISINSTANCE, ids=lambda v: getattr(v, "__name__", v))
def test_subclass_relations_users_rely_on(name: str, base: type | str) -> None:
    def related(lib: Any) -> bool:
        sup = getattr(lib, base) if isinstance(base, str) else base
        return issubclass(getattr(lib, name), sup)

    assert related(wirehttp) == related(aiohttp)


def test_builtin_relations_hold() -> None:
    """Stated plainly, in case both libraries changed together."""
    assert issubclass(wirehttp.ServerTimeoutError, asyncio.TimeoutError)
    assert issubclass(wirehttp.ClientConnectionResetError, ConnectionResetError)
    assert issubclass(wirehttp.ClientConnectorCertificateError, ssl.CertificateError)
    assert not issubclass(wirehttp.WSMessageTypeError, wirehttp.ClientError)
    assert not issubclass(wirehttp.ServerDisconnectedError, OSError)


def test_connector_error_keeps_the_os_errors_errno_and_the_key() -> None:
    key = Key(host="db.test", port=5432)
    cause = ConnectionRefusedError(111, "refused")
    exc = wirehttp.ClientConnectorError(key, cause)
    assert (exc.host, exc.port, exc.ssl, exc.os_error) == ("db.test", 5432, True, cause)
    assert (exc.errno, exc.strerror) == (111, "refused")
    with pytest.raises(AttributeError):
        exc.host = "other"  # type: ignore[misc]


def test_certificate_error_reports_is_ssl_not_the_ssl_setting() -> None:
    exc = wirehttp.ClientConnectorCertificateError(Key(ssl=None, is_ssl=True), ValueError("x"))
    assert exc.ssl is True
    assert "ssl:True" in str(exc)


def request_error(lib: Any, **kwargs: Any) -> BaseException:
    exc: BaseException = lib.ClientResponseError(request_info(lib), (), **kwargs)
    return exc


@pytest.mark.parametrize("lib", [wirehttp, aiohttp], ids=["wirehttp", "aiohttp"])
def test_code_is_a_deprecated_alias_of_status(lib: Any) -> None:
    with pytest.warns(DeprecationWarning, match="code argument is deprecated") as record:
        exc: Any = request_error(lib, code=500)
    assert record[0].filename == __file__  # points at the caller
    assert exc.status == 500
    with pytest.warns(DeprecationWarning, match="code property is deprecated"):
        assert exc.code == 500
    with pytest.warns(DeprecationWarning, match="code property is deprecated"):
        exc.code = 502
    assert exc.status == 502


@pytest.mark.parametrize("lib", [wirehttp, aiohttp], ids=["wirehttp", "aiohttp"])
@pytest.mark.parametrize("status", [500, 501])
def test_code_and_status_together_are_refused_before_any_warning(lib: Any, status: int) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match="Both code and status"):
            request_error(lib, code=500, status=status)


def test_response_error_str_shows_the_real_url_with_its_fragment() -> None:
    real = URL("http://h.test/p?q=1#frag")
    exc = wirehttp.ClientResponseError(request_info(wirehttp, real_url=real), (), status=418)
    assert str(exc) == "418, message='', url='http://h.test/p?q=1#frag'"


def test_request_info_matches_aiohttps() -> None:
    headers = CIMultiDictProxy(CIMultiDict({"A": "1"}))
    fields = (URL("http://h.test/"), "GET", headers)
    for real_url in ((), (URL("http://h.test/#x"),), (None,)):
        ours, theirs = (
            wirehttp.RequestInfo(*fields, *real_url),
            aiohttp.RequestInfo(*fields, *real_url),
        )
        assert repr(ours) == repr(theirs)
        assert tuple(ours) == tuple(theirs)
    assert wirehttp.RequestInfo._fields == aiohttp.RequestInfo._fields
    ours = wirehttp.RequestInfo(*fields)
    assert ours.real_url is ours.url
    assert ours._replace(method="POST").method == "POST"
    with pytest.raises(AttributeError):
        ours.url = URL("http://other.test/")  # type: ignore[misc]
    plain = wirehttp.RequestInfo(URL("http://h.test/"), "GET", {"a": "b"})  # type: ignore[arg-type]
    assert pickle.loads(pickle.dumps(plain)) == plain
    assert [p.name for p in inspect.signature(wirehttp.RequestInfo).parameters.values()] == [
        p.name for p in inspect.signature(aiohttp.RequestInfo).parameters.values()
    ]


def test_the_comparison_catches_a_difference() -> None:
    """The table comparison is not vacuous: a changed message is seen."""
    ours = wirehttp.ServerDisconnectedError()
    theirs = aiohttp.ServerDisconnectedError("Server disconnected!")
    assert observable(ours) != observable(theirs)
    assert observable(wirehttp.ClientError("x")) != observable(aiohttp.ClientOSError("x"))
