"""The two builds: the mypyc-compiled hot paths, and the same package as pure Python.

`make test` runs the suite twice, once with WIREHTTP_EXPECT_COMPILED=1 (after `make compiled`)
and once with WIREHTTP_NO_EXTENSIONS=1. These tests check that each run really tests the build
it says it does, and that the switch to pure Python works whatever is built.
"""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from pathlib import Path

from wirehttp._base.pure_python import NO_EXTENSIONS, is_compiled

ROOT = Path(__file__).resolve().parent.parent
LISTED = [
    line.strip().removesuffix(".py").replace("/", ".")
    for line in (ROOT / "compiled-modules.txt").read_text().splitlines()
    if line.strip() and not line.startswith("#")
]


def test_the_list_names_existing_modules() -> None:
    assert len(LISTED) >= 10
    for name in LISTED:
        assert (ROOT / "src" / (name.replace(".", "/") + ".py")).is_file(), name


def test_this_run_tests_the_build_it_names() -> None:
    """Compiled run: every listed module is compiled. Pure run: no wirehttp module is. A plain
    `pytest` run: the listed modules are all compiled or all not (never a mix from a stale
    build)."""
    compiled = [name for name in LISTED if is_compiled(importlib.import_module(name))]
    if os.environ.get("WIREHTTP_EXPECT_COMPILED") == "1":
        assert not NO_EXTENSIONS
        assert compiled == LISTED
    elif NO_EXTENSIONS:
        loaded = [m for name, m in sys.modules.items() if name.startswith("wirehttp")]
        assert len(loaded) > 20
        assert [m.__name__ for m in loaded if is_compiled(m)] == []
    else:
        assert compiled in ([], LISTED)


def test_switch_takes_sources_even_where_a_build_sits() -> None:
    code = (
        "import importlib, wirehttp, wirehttp.web\n"
        "from wirehttp._base.pure_python import is_compiled\n"
        f"names = {LISTED!r}\n"
        "print(sum(is_compiled(importlib.import_module(n)) for n in names))\n"
    )
    env = {**os.environ, "WIREHTTP_NO_EXTENSIONS": "1"}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "0"


def test_public_names_keep_their_documented_module_when_compiled() -> None:
    from wirehttp import web

    assert web.Application.__module__ == "wirehttp.web"
    assert web.RequestHandler.__module__ == "wirehttp.web"
