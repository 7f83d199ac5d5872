"""Checks on the package as a whole: every module imports on its own, and `import *` works.

Import cycles only show when a module is the first one imported, so each module is imported in
a fresh interpreter (`python -W error -c "import wirehttp.x.y"`), one by one. Warnings are errors
there as in the suite, so a deprecated call at import time fails too.

A module that needs an optional dependency which is not installed (gunicorn for the worker,
jinja2 for the templates extra...) is skipped locally; with CI=true that is a failure, because
CI installs every dependency from requirements-test.txt and a skip there hides a hole.
"""

from __future__ import annotations

import importlib
import os
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import NoReturn

import pytest

pytestmark = pytest.mark.meta

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = "wirehttp"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
MISSING_MODULE = re.compile(r"ModuleNotFoundError: No module named '([^']+)'")


def module_names() -> list[str]:
    names = []
    for path in sorted((SRC / PACKAGE).rglob("*.py")):
        parts = path.relative_to(SRC).with_suffix("").parts
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def public_module_names() -> list[str]:
    """wirehttp itself and every module a user imports (no underscore after `wirehttp.`)."""
    return [
        name
        for name in module_names()
        if not any(part.startswith("_") for part in name.split(".")[1:])
    ]


def missing_optional(stderr: str) -> str | None:
    """The third-party module whose absence made an import fail, if that was the reason."""
    match = MISSING_MODULE.search(stderr)
    if match and match.group(1).split(".")[0] != PACKAGE:
        return match.group(1)
    return None


def skip_or_fail_for_missing(module: str, dependency: str) -> NoReturn:
    message = f"{module} needs {dependency}, which is not installed"
    if IN_CI:
        pytest.fail(f"{message}; add it to requirements-test.txt")
    pytest.skip(message)


def import_module_or_skip(name: str) -> ModuleType:
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name is None or exc.name.split(".")[0] == PACKAGE:
            raise
        skip_or_fail_for_missing(name, exc.name)


def test_module_discovery_finds_the_package() -> None:
    names = module_names()
    assert PACKAGE in names
    assert f"{PACKAGE}.hdrs" in names
    assert all(name.startswith(PACKAGE) for name in names)


def import_alone(module: str, src: Path) -> subprocess.CompletedProcess[str]:
    """Import one module, first of all, in a fresh interpreter that finds the package in src."""
    paths = [str(src), *filter(None, [os.environ.get("PYTHONPATH")])]
    return subprocess.run(
        [sys.executable, "-W", "error", "-c", f"import {module}"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(paths)},
        cwd=src,
        timeout=50,
        check=False,
    )


@pytest.mark.parametrize("module", module_names())
def test_module_imports_alone_in_a_fresh_interpreter(module: str) -> None:
    result = import_alone(module, SRC)
    if result.returncode != 0:
        dependency = missing_optional(result.stderr)
        if dependency:
            skip_or_fail_for_missing(module, dependency)
        pytest.fail(f"`import {module}` failed on its own:\n{result.stderr}")


def test_fresh_interpreter_import_catches_a_planted_cycle(tmp_path: Path) -> None:
    """A cycle that a warm interpreter could hide: whichever module comes first breaks."""
    package = tmp_path / "cyclic"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "a.py").write_text("from cyclic.b import B\nA = 1\n", encoding="utf-8")
    (package / "b.py").write_text("from cyclic.a import A\nB = 1\n", encoding="utf-8")
    result = import_alone("cyclic.a", tmp_path)
    assert result.returncode != 0
    assert "partially initialized module" in result.stderr
    assert missing_optional(result.stderr) is None


def test_missing_third_party_module_is_told_apart_from_our_own() -> None:
    assert missing_optional("ModuleNotFoundError: No module named 'gunicorn'") == "gunicorn"
    assert missing_optional("ModuleNotFoundError: No module named 'wirehttp._io.x'") is None


@pytest.mark.parametrize("module", public_module_names())
def test_public_all_names_exist(module: str) -> None:
    mod = import_module_or_skip(module)
    exported = getattr(mod, "__all__", None)
    if exported is None:
        # A public module must say what it re-exports; only hdrs (plain constants, as in
        # aiohttp) and a module that re-exports nothing yet may go without __all__.
        reexports = [
            value
            for key, value in vars(mod).items()
            if not key.startswith("_") and getattr(value, "__module__", "").startswith(PACKAGE)
        ]
        assert module == f"{PACKAGE}.hdrs" or not reexports, f"{module} needs an __all__"
        return
    assert all(isinstance(name, str) for name in exported), f"{module}.__all__ holds a non-str"
    duplicates = sorted({name for name in exported if list(exported).count(name) > 1})
    assert not duplicates, f"{module}.__all__ lists these twice: {duplicates}"
    missing = [name for name in exported if not hasattr(mod, name)]
    assert not missing, f"{module}.__all__ names what the module does not have: {missing}"


@pytest.mark.parametrize("module", public_module_names())
def test_star_import_works(module: str) -> None:
    mod = import_module_or_skip(module)
    namespace: dict[str, object] = {}
    exec(f"from {module} import *", namespace)
    expected = getattr(mod, "__all__", None)
    if expected is not None:
        assert set(expected) <= set(namespace)
