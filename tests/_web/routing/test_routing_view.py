"""web.View: dispatch on the request method; 405 with Allow for methods it lacks."""

from __future__ import annotations

from typing import Any

import pytest

from wirehttp._web.exceptions import HTTPMethodNotAllowed
from wirehttp._web.routing import UrlDispatcher, View


class ItemView(View):
    async def get(self) -> Any:
        return ("get", self.request.match_info["id"])

    async def post(self) -> Any:
        return ("post", self.request.method)


async def test_view_dispatches_on_method_through_the_router(make_request: Any) -> None:
    router = UrlDispatcher()
    router.add_view("/items/{id}", ItemView)
    for method, expected in (("GET", ("get", "7")), ("POST", ("post", "POST"))):
        request = make_request(method, "/items/7")
        match_info = await router.resolve(request)
        request.match_info = match_info
        assert await match_info.handler(request) == expected


@pytest.mark.parametrize("method", ["DELETE", "PUT", "BREW", "CONNECT"])
async def test_missing_method_is_405_listing_defined_methods(
    make_request: Any, method: str
) -> None:
    request = make_request(method, "/items/7")
    with pytest.raises(HTTPMethodNotAllowed) as info:
        await ItemView(request)
    assert info.value.headers["Allow"] == "GET,POST"
    assert info.value.method == method


def test_view_keeps_the_request(make_request: Any) -> None:
    request = make_request("GET", "/")
    assert ItemView(request).request is request
