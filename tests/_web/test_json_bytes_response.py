"""web.json_bytes_response: json_response for a `dumps` that returns bytes (orjson's kind)."""

from __future__ import annotations

import inspect
import json
from typing import Any

import pytest

from wirehttp import web, web_response
from wirehttp._web.response import json_bytes_response


def dumps_bytes(data: Any) -> bytes:
    return json.dumps(data, separators=(",", ":")).encode("utf-8")


def test_public_names() -> None:
    assert web.json_bytes_response is json_bytes_response
    assert web_response.json_bytes_response is json_bytes_response
    assert json_bytes_response.__module__ == "wirehttp.web"


def test_signature_has_dumps_keyword_only_and_required() -> None:
    params = inspect.signature(json_bytes_response).parameters
    assert list(params) == [
        "data",
        "dumps",
        "body",
        "status",
        "reason",
        "headers",
        "content_type",
    ]
    assert params["dumps"].kind is inspect.Parameter.KEYWORD_ONLY
    assert params["dumps"].default is inspect.Parameter.empty
    with pytest.raises(TypeError):
        json_bytes_response({"a": 1})  # type: ignore[call-arg]


def test_data_is_dumped_to_the_body_as_given() -> None:
    resp = json_bytes_response({"a": [1, 2]}, dumps=dumps_bytes)
    assert isinstance(resp, web.Response)
    assert resp.body == b'{"a":[1,2]}'
    assert resp.status == 200
    assert resp.headers["Content-Type"] == "application/json"  # bytes: no charset added


def test_none_is_data_too() -> None:
    assert json_bytes_response(None, dumps=dumps_bytes).body == b"null"


def test_body_given_instead_of_data() -> None:
    resp = json_bytes_response(body=b"[]", dumps=dumps_bytes, status=201, reason="Made")
    assert (resp.body, resp.status, resp.reason) == (b"[]", 201, "Made")


def test_data_and_body_together_are_refused() -> None:
    with pytest.raises(ValueError, match="only one of data or body"):
        json_bytes_response({"a": 1}, body=b"{}", dumps=dumps_bytes)


def test_headers_and_content_type() -> None:
    resp = json_bytes_response(
        [1],
        dumps=dumps_bytes,
        headers={"X-Extra": "1"},
        content_type="application/vnd.api+json",
    )
    assert resp.headers["X-Extra"] == "1"
    assert resp.headers["Content-Type"] == "application/vnd.api+json"
