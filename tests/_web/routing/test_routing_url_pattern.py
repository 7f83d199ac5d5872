"""Path syntax helpers: template splitting, the path_safe comparison form, quoting."""

from __future__ import annotations

from typing import Any

import pytest
from yarl import URL

from wirehttp._web.routing import PlainResource
from wirehttp._web.routing.url_pattern import (
    compile_template,
    requote_path,
    split_template,
    to_match_form,
    unquote_kept,
)


@pytest.mark.parametrize(
    ("template", "parts"),
    [
        ("/a", [(False, "/a")]),
        ("/a/{x}", [(False, "/a/"), (True, "{x}")]),
        ("/{x}{y}", [(False, "/"), (True, "{x}"), (True, "{y}")]),
        (r"/{n:\d{2,3}}/z", [(False, "/"), (True, r"{n:\d{2,3}}"), (False, "/z")]),
    ],
)
def test_split_template(template: str, parts: list[tuple[bool, str]]) -> None:
    assert split_template(template) == parts


@pytest.mark.parametrize(
    "encoded",
    ["/a%20b", "/a%2fb", "/a%2Fb%25", "/caf%C3%A9", "/bad%FFx", "/plain", "/a%3Fb", "/%2e%2e/x"],
)
def test_match_form_agrees_with_yarl_path_safe(encoded: str) -> None:
    assert to_match_form(encoded) == URL(encoded).path_safe


@pytest.mark.parametrize(
    ("value", "expected"), [("a%2Fb", "a/b"), ("a%25b", "a%b"), ("a%252Fb", "a%2Fb"), ("ab", "ab")]
)
def test_unquote_kept(value: str, expected: str) -> None:
    assert unquote_kept(value) == expected


@pytest.mark.parametrize(
    ("path", "expected"), [("/a b", "/a%20b"), ("/a%20b", "/a%20b"), ("/é", "/%C3%A9")]
)
def test_requote_keeps_existing_escapes(path: str, expected: str) -> None:
    assert requote_path(path) == expected


def test_compiled_template_groups_and_formatter() -> None:
    pattern, formatter = compile_template("/u s/{id}/{rest:.*}")
    assert formatter == "/u%20s/{id}/{rest}"
    match = pattern.fullmatch("/u s/7/a/b")
    assert match is not None and match.groupdict() == {"id": "7", "rest": "a/b"}


async def test_resource_resolve_returns_match_and_allowed_methods(make_request: Any) -> None:
    async def handler(request: Any) -> Any: ...

    resource = PlainResource("/x")
    resource.add_route("GET", handler)
    match_info, allowed = await resource.resolve(make_request("GET", "/x"))
    assert match_info is not None and allowed == {"GET"}
    match_info, allowed = await resource.resolve(make_request("POST", "/x"))
    assert match_info is None and allowed == {"GET"}
    assert await resource.resolve(make_request("GET", "/y")) == (None, set())
