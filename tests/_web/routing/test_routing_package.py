"""Package-level promises: public names documented under wirehttp.web, no aiohttp import in the
library, and definition functions not shadowed by same-named submodules."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import wirehttp._web.routing as routing

PUBLIC_WEB_CLASSES = [
    "AbstractResource",
    "AbstractRoute",
    "AbstractRouteDef",
    "AbstractRuleMatching",
    "Domain",
    "DynamicResource",
    "MaskDomain",
    "MatchInfoError",
    "MatchedSubAppResource",
    "PlainResource",
    "PrefixResource",
    "PrefixedSubAppResource",
    "Resource",
    "ResourceRoute",
    "ResourcesView",
    "RouteDef",
    "RouteTableDef",
    "RoutesView",
    "StaticDef",
    "StaticResource",
    "SystemRoute",
    "UrlDispatcher",
    "UrlMappingMatchInfo",
    "View",
]


def test_public_classes_are_documented_under_web() -> None:
    for name in PUBLIC_WEB_CLASSES:
        assert getattr(routing, name).__module__ == "wirehttp.web", name
    for name in ("AbstractRouter", "AbstractMatchInfo", "AbstractView"):
        assert getattr(routing, name).__module__ == "wirehttp.abc", name


def test_definition_functions_are_functions() -> None:
    for name in (
        "get",
        "post",
        "put",
        "patch",
        "delete",
        "head",
        "options",
        "route",
        "view",
        "static",
    ):
        obj = getattr(routing, name)
        assert inspect.isfunction(obj) and obj.__module__ == "wirehttp.web", name


def test_library_never_imports_aiohttp() -> None:
    for source in Path(routing.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(source.read_text())):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            assert not any(n.split(".")[0] == "aiohttp" for n in names), source.name
