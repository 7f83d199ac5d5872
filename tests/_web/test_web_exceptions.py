"""web.HTTP* exceptions: one table over every class, compared with aiohttp 3.14's."""

from __future__ import annotations

import inspect
from typing import Any

import pytest
from aiohttp import web_exceptions as peer
from yarl import URL

from wirehttp._web import exceptions as ours
from wirehttp._web.response import Response

PEER_NAMES = sorted(peer.__all__)
CONCRETE = [n for n in PEER_NAMES if getattr(peer, n).status_code > 0]

# Positional arguments the classes with extra parameters need.
EXTRA_ARGS: dict[str, tuple[Any, ...]] = {
    "HTTPMethodNotAllowed": ("get", ["POST", "DELETE", "GET"]),
    "HTTPRequestEntityTooLarge": (1024, 4096),
    "HTTPUnavailableForLegalReasons": ("https://example.org/why",),
}


def args_for(name: str) -> tuple[Any, ...]:
    if name in EXTRA_ARGS:
        return EXTRA_ARGS[name]
    if issubclass(getattr(peer, name), peer.HTTPMove):
        return ("/new/place?q=1",)
    return ()


def make_pair(name: str, **kwargs: Any) -> tuple[Any, Any]:
    return getattr(ours, name)(*args_for(name), **kwargs), getattr(peer, name)(
        *args_for(name), **kwargs
    )


def http_bases(cls: type) -> list[str]:
    return [c.__name__ for c in cls.__mro__ if c.__name__.startswith("HTTP")]


def test_same_public_names() -> None:
    assert sorted(ours.__all__) == sorted([*peer.__all__, "NotAppKeyWarning"])
    assert issubclass(ours.NotAppKeyWarning, UserWarning)


@pytest.mark.parametrize("name", [*PEER_NAMES, "NotAppKeyWarning"])
def test_public_module_name(name: str) -> None:
    assert getattr(ours, name).__module__ == "wirehttp.web"


@pytest.mark.parametrize("name", PEER_NAMES)
def test_class_shape_matches(name: str) -> None:
    cls, peer_cls = getattr(ours, name), getattr(peer, name)
    assert cls.status_code == peer_cls.status_code
    assert http_bases(cls) == http_bases(peer_cls)
    assert issubclass(cls, Response) and issubclass(cls, Exception)
    assert cls.empty_body == peer_cls.empty_body
    ours_params = list(inspect.signature(cls.__init__).parameters)
    peer_params = list(inspect.signature(peer_cls.__init__).parameters)
    assert ours_params == peer_params


@pytest.mark.parametrize("name", CONCRETE)
def test_default_instance_matches(name: str) -> None:
    exc, peer_exc = make_pair(name)
    assert exc.status == peer_exc.status == exc.status_code
    assert exc.reason == peer_exc.reason
    assert exc.text == peer_exc.text
    assert exc.body == peer_exc.body
    assert exc.content_type == peer_exc.content_type
    assert exc.charset == peer_exc.charset
    assert dict(exc.headers) == dict(peer_exc.headers)
    assert str(exc) == str(peer_exc) == exc.reason
    assert exc.args == peer_exc.args
    assert bool(exc) is True


@pytest.mark.parametrize("name", CONCRETE)
def test_error_text_defaults_to_status_and_reason(name: str) -> None:
    exc = getattr(ours, name)(*args_for(name))
    if exc.empty_body:
        assert exc.body is None and exc.text is None
    elif name == "HTTPRequestEntityTooLarge":
        assert exc.text == "Maximum request body size 1024 exceeded."
    else:
        assert exc.text == f"{exc.status}: {exc.reason}"
        assert exc.content_type == "text/plain"


@pytest.mark.parametrize("name", CONCRETE)
@pytest.mark.parametrize(
    "kwargs",
    [
        {"reason": "Custom Reason"},
        {"text": "explained"},
        {"text": "<b>html</b>", "content_type": "text/html"},
        {"content_type": "text/html"},
        {"headers": {"X-Extra": "1"}},
        {"headers": {"X-Extra": "1"}, "reason": "Nope", "text": "body"},
    ],
)
def test_keyword_arguments_match(name: str, kwargs: dict[str, Any]) -> None:
    exc, peer_exc = make_pair(name, **kwargs)
    assert (exc.status, exc.reason, exc.text, exc.body) == (
        peer_exc.status,
        peer_exc.reason,
        peer_exc.text,
        peer_exc.body,
    )
    assert dict(exc.headers) == dict(peer_exc.headers)
    assert str(exc) == str(peer_exc)


def test_body_argument_is_deprecated() -> None:
    with pytest.warns(DeprecationWarning, match="body argument is deprecated"):
        exc = ours.HTTPBadRequest(body=b"raw")
    assert exc.body == b"raw"


def test_raise_and_catch_through_the_hierarchy() -> None:
    with pytest.raises(ours.HTTPClientError) as info:
        raise ours.HTTPNotFound(reason="Gone Fishing")
    assert isinstance(info.value, ours.HTTPError)
    assert isinstance(info.value, Response)  # so it can also be returned from a handler
    assert info.value.status == 404 and str(info.value) == "Gone Fishing"
    with pytest.raises(ours.HTTPRedirection):
        raise ours.HTTPSeeOther(URL("/next"))
    with pytest.raises(ours.HTTPServerError):
        raise ours.HTTPNetworkAuthenticationRequired()
    with pytest.raises(ours.HTTPSuccessful):
        raise ours.HTTPCreated(text="made")


@pytest.mark.parametrize("name", ["HTTPNoContent", "HTTPResetContent", "HTTPNotModified"])
def test_no_body_statuses(name: str) -> None:
    exc = getattr(ours, name)()
    assert exc.body is None
    assert exc.text is None


def test_reason_cannot_split_the_status_line() -> None:
    for bad in ("a\r\nX: y", "a\nb", "a\rb", "a\x00b"):
        with pytest.raises(ValueError):
            ours.HTTPNotFound(reason=bad)
    assert ours.HTTPNotFound(reason="tab\there").reason == "tab\there"


# -- redirects ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "location",
    ["/path", "http://example.com/a b", URL("https://example.com/x?y=1"), "../rel", "/caf\u00e9"],
)
def test_location_header_matches(location: str | URL) -> None:
    exc, peer_exc = ours.HTTPFound(location), peer.HTTPFound(location)
    assert exc.headers["Location"] == peer_exc.headers["Location"]
    assert exc.location is location


@pytest.mark.parametrize("bad", ["/a\r\nSet-Cookie: x=1", "/a\nb", "/a\rb", "/a\x00", "/a\tb"])
def test_location_refuses_control_characters(bad: str) -> None:
    with pytest.raises(ValueError):
        ours.HTTPFound(bad)
    with pytest.raises(ValueError):
        ours.HTTPPermanentRedirect(bad)


@pytest.mark.parametrize("empty", ["", None])
def test_redirect_needs_a_location(empty: Any) -> None:
    with pytest.raises(ValueError, match="location"):
        ours.HTTPMovedPermanently(empty)


# -- classes with extra arguments --------------------------------------------------------------


def test_method_not_allowed() -> None:
    exc = ours.HTTPMethodNotAllowed("patch", ["PUT", "GET", "DELETE"])
    assert exc.headers["Allow"] == "DELETE,GET,PUT"
    assert exc.method == "PATCH"
    assert exc.allowed_methods == {"PUT", "GET", "DELETE"}
    assert exc.text == "405: Method Not Allowed"


def test_method_not_allowed_reads_an_iterator_once() -> None:
    exc = ours.HTTPMethodNotAllowed("get", iter(["POST", "HEAD"]))
    assert exc.headers["Allow"] == "HEAD,POST"
    assert exc.allowed_methods == {"POST", "HEAD"}


def test_method_not_allowed_with_nothing_allowed() -> None:
    exc = ours.HTTPMethodNotAllowed("get", [])
    assert exc.headers["Allow"] == ""


def test_request_entity_too_large() -> None:
    exc = ours.HTTPRequestEntityTooLarge(max_size=10, actual_size=20)
    assert exc.status == 413
    assert exc.text == "Maximum request body size 10 exceeded."
    assert (exc.max_size, exc.actual_size) == (10, 20)
    assert ours.HTTPRequestEntityTooLarge(10, text="custom").text == "custom"


def test_unavailable_for_legal_reasons() -> None:
    exc = ours.HTTPUnavailableForLegalReasons("https://example.org/why")
    assert exc.link == URL("https://example.org/why")
    assert exc.headers["Link"] == '<https://example.org/why>; rel="blocked-by"'
    none = ours.HTTPUnavailableForLegalReasons(None)
    assert none.link is None and "Link" not in none.headers
    with pytest.raises(ValueError):
        ours.HTTPUnavailableForLegalReasons("https://example.org/\r\nX: y")


def test_subclass_with_custom_status() -> None:
    class HTTPTeapot(ours.HTTPClientError):
        status_code = 418

    class PeerTeapot(peer.HTTPClientError):
        status_code = 418

    exc = HTTPTeapot()
    assert exc.status == 418
    assert (exc.reason, exc.text) == (PeerTeapot().reason, PeerTeapot().text)
