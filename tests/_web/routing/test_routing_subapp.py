"""Sub-application resources (add_subapp) and domain rules (add_domain), driven through the
routers of bare applications."""

from __future__ import annotations

from typing import Any

import pytest

from wirehttp._web.routing import (
    Domain,
    MaskDomain,
    MatchedSubAppResource,
    PrefixedSubAppResource,
)
from wirehttp.web import Application


def FakeApp() -> Application:
    """A real Application: the compiled router checks the type of what it is given."""
    return Application()


async def root(request: Any) -> Any: ...
async def sub_index(request: Any) -> Any: ...
async def sub_item(request: Any) -> Any: ...


def _with_subapp() -> tuple[Application, Application]:
    parent, child = FakeApp(), FakeApp()
    parent.router.add_get("/", root)
    child.router.add_get("", sub_index, name="index")
    child.router.add_get("/items/{id}", sub_item, name="item")
    parent.router.register_resource(PrefixedSubAppResource("/sub", child))  # type: ignore[arg-type]
    parent.router.freeze()
    child.router.freeze()
    return parent, child


async def test_prefixed_subapp_routes_and_app_stack(make_request: Any) -> None:
    parent, child = _with_subapp()
    match_info = await parent.router.resolve(make_request("GET", "/sub/items/3"))
    assert match_info.handler is sub_item and dict(match_info) == {"id": "3"}
    assert match_info.apps == (child,)
    match_info.add_app(parent)
    assert match_info.apps == (parent, child) and match_info.current_app is child
    match_info.current_app = parent
    assert match_info.current_app is parent
    match_info.freeze()
    with pytest.raises(RuntimeError):
        match_info.add_app(parent)
    assert (await parent.router.resolve(make_request("GET", "/sub"))).handler is sub_index
    assert str(child.router["item"].url_for(id="9")) == "/sub/items/9"


async def test_subapp_miss_is_its_own_404_or_405(make_request: Any) -> None:
    parent, child = _with_subapp()
    missing = await parent.router.resolve(make_request("GET", "/sub/nothing"))
    assert missing.http_exception.status == 404 and missing.apps == (child,)
    not_allowed = await parent.router.resolve(make_request("POST", "/sub/items/3"))
    assert not_allowed.http_exception.headers["Allow"] == "GET,HEAD"


def test_subapp_resource_lists_nested_routes() -> None:
    parent, _child = _with_subapp()
    resource = next(r for r in parent.router.resources() if isinstance(r, PrefixedSubAppResource))
    assert len(resource) == 4 and resource.canonical == "/sub"
    with pytest.raises(RuntimeError, match="not supported"):
        resource.url_for()


@pytest.mark.parametrize(
    ("rule", "host", "matches"),
    [
        (Domain("example.com"), "example.com", True),
        (Domain("example.com"), "EXAMPLE.com:8080", True),
        (Domain("example.com:8080"), "example.com:8080", True),
        (Domain("example.com:8080"), "example.com:9090", False),
        (Domain("example.com"), "other.com", False),
        (MaskDomain("*.example.com"), "api.example.com", True),
        (MaskDomain("*.example.com"), "example.com", False),
        (MaskDomain("*.example.com:81"), "a.example.com:82", False),
    ],
)
def test_domain_rules(rule: Domain, host: str, matches: bool) -> None:
    assert rule.match_domain(host) is matches


@pytest.mark.parametrize("domain", ["", "http://example.com", "ex ample.com", "-bad.com"])
def test_domain_validation(domain: str) -> None:
    with pytest.raises(ValueError):
        Domain(domain)


async def test_domain_subapp_is_tried_first_and_needs_a_host(make_request: Any) -> None:
    parent, child = FakeApp(), FakeApp()
    parent.router.add_get("/", root)
    child.router.add_get("/", sub_index)
    parent.router.register_resource(MatchedSubAppResource(Domain("api.example.com"), child))  # type: ignore[arg-type]
    hit = await parent.router.resolve(make_request("GET", "/", {"Host": "api.example.com"}))
    assert hit.handler is sub_index and hit.apps == (child,)
    assert (await parent.router.resolve(make_request("GET", "/"))).handler is root
    other_host = await parent.router.resolve(make_request("GET", "/", {"Host": "www.example.com"}))
    assert other_host.handler is root


async def test_router_helpers_used_by_application(make_request: Any) -> None:
    parent, child, api = FakeApp(), FakeApp(), FakeApp()
    child.router.add_get("/x", sub_item)
    api.router.add_get("/", sub_index)
    prefixed = parent.router.add_subapp_resource("/c", child)  # type: ignore[arg-type]
    domain = parent.router.add_domain_resource("*.example.com", api)  # type: ignore[arg-type]
    assert isinstance(prefixed, PrefixedSubAppResource) and isinstance(
        domain, MatchedSubAppResource
    )
    assert isinstance(domain.get_info()["rule"], MaskDomain)
    assert (await parent.router.resolve(make_request("GET", "/c/x"))).handler is sub_item
    hit = await parent.router.resolve(make_request("GET", "/", {"Host": "v1.example.com"}))
    assert hit.handler is sub_index
