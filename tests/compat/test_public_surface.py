"""wirehttp's public modules against aiohttp 3.14's modules of the same name.

For each public module: every name aiohttp exports exists in ours with the same kind (module,
type, function or constant) and the same subclass relations, unless compat_surface.NOT_HERE
defers it with a reason; a deferred name that has arrived must leave that table. Our `__all__`
is sorted, lists what aiohttp's lists, and nothing aiohttp does not have. Every public class and
function says in `__module__` which public module it is documented under, and is found there.
"""

from __future__ import annotations

import importlib
import inspect
import os
import subprocess
import sys
import types
import typing
from pathlib import Path
from typing import Any

import aiohttp
import aiohttp.hdrs
import aiohttp.typedefs
import aiohttp.web
import pytest
from compat_surface import (
    EXTRA_IN_ALL,
    EXTRAS,
    MODULES,
    NOT_HERE,
    PUBLIC_WITHOUT_ALL,
    REFERENCE_VERSION_PREFIX,
)

SRC = Path(__file__).resolve().parents[2] / "src"


def theirs(module: str) -> types.ModuleType:
    return importlib.import_module(f"aiohttp.{module}" if module else "aiohttp")


def ours(module: str) -> types.ModuleType:
    return importlib.import_module(f"wirehttp.{module}" if module else "wirehttp")


def reference_names(module: str) -> set[str]:
    """The names aiohttp's module exports: its __all__, or the curated list when it has none."""
    exported = getattr(theirs(module), "__all__", None)
    if exported is None:
        return set(PUBLIC_WITHOUT_ALL[module])
    return set(exported)


def implemented(module: str) -> set[str]:
    return reference_names(module) - set(NOT_HERE.get(module, {}))


def kind(obj: Any) -> str:
    """module, type (a class or a typing alias), function (any other callable) or constant."""
    if isinstance(obj, types.ModuleType):
        return "module"
    if isinstance(obj, type) or hasattr(obj, "__origin__") or isinstance(obj, types.UnionType):
        return "type"
    if callable(obj):
        return "function"
    return "constant"


def test_reference_is_the_aiohttp_the_tables_were_written_for() -> None:
    assert aiohttp.__version__.startswith(REFERENCE_VERSION_PREFIX)


def test_every_public_module_is_compared() -> None:
    public = {
        path.stem
        for path in (SRC / "wirehttp").glob("*.py")
        if not path.stem.startswith("_") and path.stem != "hdrs"
    }
    assert public <= set(MODULES) | {"web", *EXTRAS}, (
        "add the new public module to compat_surface.MODULES"
    )
    assert not set(EXTRAS) & set(MODULES)


@pytest.mark.parametrize("module", MODULES)
def test_names_aiohttp_exports_exist_with_the_same_kind(module: str) -> None:
    mine, reference = ours(module), theirs(module)
    missing = sorted(name for name in implemented(module) if not hasattr(mine, name))
    assert not missing, f"wirehttp.{module} lacks {missing}; defer them in NOT_HERE with a reason"
    wrong_kind = {
        name: (kind(getattr(mine, name)), kind(getattr(reference, name)))
        for name in sorted(implemented(module))
        if kind(getattr(mine, name)) != kind(getattr(reference, name))
    }
    assert not wrong_kind, f"wirehttp.{module}: (ours, aiohttp's) kinds differ: {wrong_kind}"


def refuses_issubclass(cls: type) -> bool:
    """A TypedDict, or a typing.Protocol that is not runtime_checkable: issubclass() raises
    TypeError on it (in aiohttp too)."""
    if typing.is_typeddict(cls):
        return True
    return bool(getattr(cls, "_is_protocol", False)) and not getattr(
        cls, "_is_runtime_protocol", False
    )


@pytest.mark.parametrize("module", MODULES)
def test_subclass_relations_match_aiohttp(module: str) -> None:
    """E.g. HTTPNotFound is an HTTPClientError and an HTTPException, in both libraries."""
    mine, reference = ours(module), theirs(module)
    classes = sorted(
        name
        for name in implemented(module)
        if isinstance(getattr(mine, name, None), type)
        and not refuses_issubclass(getattr(mine, name))
    )
    differ = [
        (sub, sup)
        for sub in classes
        for sup in classes
        if issubclass(getattr(mine, sub), getattr(mine, sup))
        != issubclass(getattr(reference, sub), getattr(reference, sup))
    ]
    assert not differ, f"wirehttp.{module}: issubclass differs from aiohttp for {differ}"


@pytest.mark.parametrize("module", sorted(NOT_HERE))
def test_deferred_names_are_aiohttp_names_and_still_missing(module: str) -> None:
    deferred = NOT_HERE[module]
    unknown = sorted(set(deferred) - reference_names(module))
    assert not unknown, f"NOT_HERE[{module!r}] lists names aiohttp does not export: {unknown}"
    arrived = sorted(name for name in deferred if hasattr(ours(module), name))
    assert not arrived, f"wirehttp.{module} has {arrived} now: remove them from NOT_HERE"
    assert all(reason.strip() for reason in deferred.values())


@pytest.mark.parametrize("module", MODULES)
def test_all_is_sorted_and_matches_aiohttp(module: str) -> None:
    exported = list(ours(module).__all__)
    assert exported == sorted(exported), f"wirehttp.{module}.__all__ is not sorted"
    extra = set(EXTRA_IN_ALL.get(module, {}))
    unknown = sorted(set(exported) - reference_names(module) - extra)
    assert not unknown, f"wirehttp.{module}.__all__ exports names aiohttp does not: {unknown}"
    their_all = getattr(theirs(module), "__all__", None)
    expected = implemented(module) & set(their_all if their_all is not None else exported)
    unlisted = sorted(expected - set(exported))
    assert not unlisted, f"wirehttp.{module}.__all__ leaves out {unlisted}"


def defined_here(obj: Any) -> bool:
    """A class or function of wirehttp's own (not a re-exported multidict or typing object)."""
    is_definition = inspect.isclass(obj) or inspect.isfunction(obj)
    return is_definition and getattr(obj, "__module__", "").startswith("wirehttp")


@pytest.mark.parametrize("module", MODULES)
def test_public_objects_name_their_public_module(module: str) -> None:
    mine = ours(module)
    wrong = {}
    for name in mine.__all__:
        obj = getattr(mine, name)
        if not defined_here(obj):
            continue
        home = obj.__module__
        if any(part.startswith("_") for part in home.split(".")):
            wrong[name] = f"{home} is private"
        elif getattr(importlib.import_module(home), obj.__name__, None) is not obj:
            wrong[name] = f"{home}.{obj.__name__} is not this object"
    assert not wrong, f"wirehttp.{module}: __module__ must name a public home: {wrong}"


def test_module_check_catches_a_private_home() -> None:
    class Stray:
        pass

    Stray.__module__ = "wirehttp._web.app"
    assert defined_here(Stray)
    assert not defined_here(aiohttp.ClientSession)


@pytest.mark.parametrize(
    ("obj", "expected"),
    [
        (aiohttp.ClientSession, "type"),
        (aiohttp.typedefs.Handler, "type"),
        (aiohttp.web.json_response, "function"),
        (aiohttp.hdrs.HOST, "constant"),
        (aiohttp.hdrs, "module"),
        (aiohttp.web.HTTPNotFound, "type"),
    ],
)
def test_kind(obj: Any, expected: str) -> None:
    assert kind(obj) == expected


def run_without_gunicorn(code: str) -> subprocess.CompletedProcess[str]:
    """Run code in a fresh interpreter where importlib cannot find gunicorn."""
    prelude = (
        "import importlib.util, sys\n"
        "_find = importlib.util.find_spec\n"
        "importlib.util.find_spec = lambda name, package=None: "
        "None if name == 'gunicorn' else _find(name, package)\n"
        "class _Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] == 'gunicorn':\n"
        "            raise ModuleNotFoundError(f'No module named {name!r}', name=name)\n"
        "sys.meta_path.insert(0, _Block())\n"
    )
    paths = [str(SRC), *filter(None, [os.environ.get("PYTHONPATH")])]
    return subprocess.run(
        [sys.executable, "-W", "error", "-c", prelude + code],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(paths)},
        timeout=50,
        check=False,
    )


def test_top_level_imports_without_gunicorn_and_leaves_the_workers_out() -> None:
    result = run_without_gunicorn(
        "import wirehttp\n"
        "from wirehttp import *\n"
        "assert 'gunicorn' not in sys.modules\n"
        "assert not hasattr(wirehttp, 'GunicornWebWorker')\n"
        "assert 'GunicornWebWorker' not in wirehttp.__all__\n"
        "assert 'StreamReader' in wirehttp.__all__\n"
        "try:\n"
        "    import wirehttp.worker\n"
        "except ImportError:\n"
        "    print('worker needs gunicorn')\n"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "worker needs gunicorn"


def test_top_level_exports_the_workers_with_gunicorn() -> None:
    import wirehttp
    import wirehttp.worker

    assert {"GunicornWebWorker", "GunicornUVLoopWebWorker"} <= set(wirehttp.__all__)
    assert wirehttp.GunicornWebWorker is wirehttp.worker.GunicornWebWorker
    assert issubclass(wirehttp.GunicornUVLoopWebWorker, wirehttp.GunicornWebWorker)


def test_top_level_imports_gunicorn_only_when_a_worker_is_looked_up() -> None:
    code = (
        "import sys, wirehttp\n"
        "print('gunicorn' in sys.modules)\n"
        "from wirehttp import GunicornWebWorker\n"
        "print('gunicorn' in sys.modules)\n"
    )
    paths = [str(SRC), *filter(None, [os.environ.get("PYTHONPATH")])]
    result = subprocess.run(
        [sys.executable, "-W", "error", "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(paths)},
        timeout=50,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True"]


def test_web_has_access_logger_as_aiohttp_does_but_not_in_all() -> None:
    """aiohttp.web imports AccessLogger (so `web.AccessLogger` works) without listing it."""
    import wirehttp.web
    import wirehttp.web_log

    assert hasattr(aiohttp.web, "AccessLogger")
    assert "AccessLogger" not in aiohttp.web.__all__
    assert wirehttp.web.AccessLogger is wirehttp.web_log.AccessLogger
    assert "AccessLogger" not in wirehttp.web.__all__
