"""The sans-IO layer must not import asyncio or anything above it (ARCHITECTURE.md layers)."""

from __future__ import annotations

import ast
from pathlib import Path

import wirehttp._sansio

ROOT = Path(wirehttp._sansio.__file__).parent
FORBIDDEN = ("asyncio", "wirehttp._io", "wirehttp._client", "wirehttp._server", "wirehttp._web")
UPWARD = ("_io", "_body", "_client", "_server", "_web", "_testing", "_ext")


def _imports(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level >= 2 and module.split(".")[0] in UPWARD:
                names.append("wirehttp." + module)
            else:
                names.append(module)
    return names


def test_sansio_modules_import_no_asyncio_and_nothing_above() -> None:
    files = sorted(ROOT.rglob("*.py"))
    assert files
    for path in files:
        for name in _imports(path):
            assert not name.startswith(FORBIDDEN), f"{path.name} imports {name}"


def test_h1_modules_say_what_they_own() -> None:
    for path in [ROOT / "errors.py", *sorted((ROOT / "h1").glob("*.py"))]:
        doc = ast.get_docstring(ast.parse(path.read_text()))
        assert doc and "import" in doc, f"{path.name} lacks a module docstring"
