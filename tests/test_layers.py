"""The layer contract of ARCHITECTURE.md, checked over the import graph of src/wirehttp.

Layers, each importing only from the layers below it (same-layer siblings are allowed unless
listed in FORBIDDEN):

    L0 _base   L1 _sansio   L2 _io, _body   L3 _client, _server   L4 _web   L5 _testing, _ext

plus: _client and _server never import each other, _web never imports _client, _io never imports
_body, _sansio never imports asyncio (or an event loop), private layers never import a public
module except wirehttp.hdrs, taken whole (`from wirehttp import hdrs`, then `hdrs.HOST`), and
public modules hold no logic (imports, __all__ and dunder assignments only; hdrs.py is the one
real public module). The verdicts match ../shared/tools/layercheck.py.

Every import counts, wherever it sits: inside functions and under `if TYPE_CHECKING:` too, since
a type-only import that points up the layers still ties the layers together.
The checker is plain functions over a directory, so the tests at the bottom can plant violations
in a temporary tree and prove that each rule really fires.
"""

from __future__ import annotations

import ast
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

pytestmark = pytest.mark.meta

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = "wirehttp"

LAYER = {
    "_base": 0,
    "_sansio": 1,
    "_io": 2,
    "_body": 2,
    "_client": 3,
    "_server": 3,
    "_web": 4,
    "_testing": 5,
    "_ext": 5,
}
FORBIDDEN = {
    ("_client", "_server"): "the client and the server never import each other",
    ("_server", "_client"): "the client and the server never import each other",
    ("_web", "_client"): "the web layer is server-side and never imports the client",
    ("_io", "_body"): "the shared I/O glue must not depend on payloads",
}
NO_EVENT_LOOP = {"_sansio"}
EVENT_LOOP_MODULES = {"asyncio", "uvloop"}
PUBLIC_WITH_LOGIC = {f"{PACKAGE}.hdrs"}  # constants only; private layers may import it
PUBLIC = "public"


@dataclass(frozen=True)
class Module:
    name: str  # dotted, e.g. "wirehttp._sansio.h1.parser"
    path: Path
    is_package: bool
    tree: ast.Module

    @property
    def part(self) -> str:
        """The layer package this module belongs to, or PUBLIC."""
        return part_of(self.name) or PUBLIC


def part_of(name: str) -> str | None:
    """The layer of a module name: _web for wirehttp._web.app; PUBLIC or None outside."""
    parts = name.split(".")
    if parts[0] != PACKAGE:
        return None
    if len(parts) > 1 and parts[1] in LAYER:
        return parts[1]
    return PUBLIC


def load_modules(src: Path) -> dict[str, Module]:
    modules = {}
    for path in sorted((src / PACKAGE).rglob("*.py")):
        parts = path.relative_to(src).with_suffix("").parts
        is_package = parts[-1] == "__init__"
        name = ".".join(parts[:-1] if is_package else parts)
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        modules[name] = Module(name, path, is_package, tree)
    return modules


def _absolute(node: ast.ImportFrom, module: Module) -> str:
    if node.level == 0:
        return node.module or ""
    base = module.name.split(".")
    if not module.is_package:
        base = base[:-1]
    if node.level > 1:
        base = base[: -(node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def imports_of(module: Module, known: set[str]) -> Iterator[tuple[int, str, str | None]]:
    """(line, imported module, name taken from it or None) for every import in the module.

    `from pkg import name` gives (pkg.name, None) when that is a module of ours
    (`from . import hdrs`), else (pkg, name): `from wirehttp import ClientSession` imports the
    public package, and `from wirehttp.hdrs import HOST` takes a name out of hdrs.
    """
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, None
        elif isinstance(node, ast.ImportFrom):
            target = _absolute(node, module)
            for alias in node.names:
                submodule = f"{target}.{alias.name}"
                if submodule in known:
                    yield node.lineno, submodule, None
                else:
                    yield node.lineno, target, alias.name


def layer_violations(src: Path) -> list[str]:
    modules = load_modules(src)
    known = set(modules)
    found = []
    for module in modules.values():
        here = module.part
        where = module.path.relative_to(src)
        for lineno, target, name in imports_of(module, known):
            problem = _import_problem(here, target, name)
            if problem:
                what = f"{target}.{name}" if name else target
                found.append(f"{where}:{lineno}: {module.name} imports {what}: {problem}")
    return found


def _import_problem(here: str, target: str, name: str | None) -> str | None:
    if here in NO_EVENT_LOOP and target.split(".")[0] in EVENT_LOOP_MODULES:
        return f"{here} is sans-IO and never touches an event loop"
    there = part_of(target)
    if there is None or here == PUBLIC or there == here:
        return None
    if there == PUBLIC:
        if target not in PUBLIC_WITH_LOGIC:
            return "private layers import the private module, never a public re-export"
        if name is not None:
            # One spelling everywhere (`hdrs.HOST`, as aiohttp's own code reads), and the one
            # that ../shared/tools/layercheck.py accepts.
            return f"import the module (`from wirehttp import hdrs`) and use hdrs.{name}"
        return None
    if LAYER[there] > LAYER[here]:
        return f"{here} (L{LAYER[here]}) must not import {there} (L{LAYER[there]}), a layer above"
    return FORBIDDEN.get((here, there))


def _is_dunder_target(target: ast.expr) -> bool:
    return isinstance(target, ast.Name) and target.id.startswith("__") and target.id.endswith("__")


def _is_declaration(node: ast.stmt) -> bool:
    """True for what a public re-export module may hold: docstring, imports, dunder assignments,
    and `if` blocks (TYPE_CHECKING, version checks) made only of those."""
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return True
    if isinstance(node, ast.Expr):
        return isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)
    if isinstance(node, ast.Assign):
        return all(_is_dunder_target(target) for target in node.targets)
    if isinstance(node, (ast.AnnAssign, ast.AugAssign)):
        return _is_dunder_target(node.target)
    if isinstance(node, ast.If):
        return all(_is_declaration(child) for child in [*node.body, *node.orelse])
    return False


def public_logic_violations(src: Path) -> list[str]:
    found = []
    for module in load_modules(src).values():
        if module.part != PUBLIC or module.name in PUBLIC_WITH_LOGIC:
            continue
        for node in module.tree.body:
            if not _is_declaration(node):
                where = module.path.relative_to(src)
                kind = type(node).__name__
                found.append(
                    f"{where}:{node.lineno}: public module {module.name} holds logic ({kind}); "
                    "move it into a private layer and re-export it"
                )
    return found


# --- the contract on the real tree ----------------------------------------------------------


def test_source_tree_is_present() -> None:
    assert (SRC / PACKAGE / "__init__.py").is_file()
    assert len(load_modules(SRC)) > 1


def test_every_layer_package_is_known() -> None:
    """A new top-level private package must be given a layer here and in ARCHITECTURE.md."""
    private = {p.name for p in (SRC / PACKAGE).iterdir() if p.is_dir() and p.name.startswith("_")}
    private.discard("__pycache__")
    assert private <= set(LAYER), f"unknown private packages: {sorted(private - set(LAYER))}"


def test_imports_respect_the_layers() -> None:
    violations = layer_violations(SRC)
    assert not violations, "layer contract broken:\n" + "\n".join(violations)


def test_public_modules_only_re_export() -> None:
    violations = public_logic_violations(SRC)
    assert not violations, "\n".join(violations)


# --- the checker catches planted violations -------------------------------------------------


def plant(root: Path, files: dict[str, str]) -> Path:
    """Write a miniature wirehttp tree under root/src and return that src directory."""
    src = root / "src"
    for relative, text in files.items():
        path = src / PACKAGE / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        for parent in path.relative_to(src).parents:
            init = src / parent / "__init__.py"
            if parent != Path(".") and not init.exists():
                init.write_text("", encoding="utf-8")
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return src


CLEAN_TREE = {
    "__init__.py": '"""Public."""\nfrom ._web.app import Application\n__all__ = ("Application",)\n',
    "hdrs.py": "from multidict import istr\nHOST = istr('Host')\n",
    "_base/limits.py": "MAX = 1\n",
    "_sansio/h1/parser.py": "from ..._base.limits import MAX\nfrom wirehttp import hdrs\n",
    "_io/streams.py": "import asyncio\nfrom wirehttp._sansio.h1 import parser\n",
    "_body/payload.py": "from .._io import streams\n",
    "_server/protocol.py": "from .._io.streams import x\nfrom .. import hdrs\n",
    "_client/session.py": "from wirehttp._body.payload import y\n",
    "_web/app.py": "from .._server import protocol\n",
    "_testing/client.py": "from .._client.session import s\nfrom .._web.app import a\n",
}


def test_checker_accepts_a_clean_tree(tmp_path: Path) -> None:
    src = plant(tmp_path, CLEAN_TREE)
    assert layer_violations(src) == []
    assert public_logic_violations(src) == []


@pytest.mark.parametrize(
    ("relative", "text", "expected"),
    [
        ("_base/up.py", "from wirehttp._sansio.h1 import parser\n", "_base (L0) must not import"),
        ("_sansio/loop.py", "import asyncio\n", "never touches an event loop"),
        ("_sansio/h1/loop.py", "from asyncio import Protocol\n", "never touches an event loop"),
        ("_io/body.py", "from .._body import payload\n", "must not depend on payloads"),
        ("_client/s.py", "from .._server.protocol import P\n", "never import each other"),
        ("_server/c.py", "from wirehttp._client import session\n", "never import each other"),
        ("_web/c.py", "from .._client.session import s\n", "never imports the client"),
        ("_server/up.py", "def f():\n    from .._web import app\n", "_server (L3) must not"),
        (
            "_io/typed.py",
            "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .._server import protocol\n",
            "_io (L2) must not import _server (L3)",
        ),
        ("_web/pub.py", "from wirehttp import web\n", "never a public re-export"),
        ("_web/root.py", "from .. import Application\n", "never a public re-export"),
        ("_base/root.py", "import wirehttp\n", "never a public re-export"),
        ("_base/v.py", "from .. import __version__\n", "never a public re-export"),
        ("_web/h.py", "from ..hdrs import METH_ALL\n", "and use hdrs.METH_ALL"),
        ("_io/h.py", "from wirehttp.hdrs import HOST\n", "and use hdrs.HOST"),
    ],
)
def test_checker_catches_a_planted_import(
    tmp_path: Path, relative: str, text: str, expected: str
) -> None:
    src = plant(tmp_path, {**CLEAN_TREE, "web.py": "", relative: text})
    violations = layer_violations(src)
    assert len(violations) == 1, violations
    assert expected in violations[0]
    assert relative in violations[0]


@pytest.mark.parametrize(
    "text",
    [
        "def helper():\n    return 1\n",
        "class Session:\n    pass\n",
        "from ._web.app import Application\nApp = Application\n",
        "import os\nif os.name == 'nt':\n    x = 1\n",
        "for name in ('a',):\n    pass\n",
        "print('side effect')\n",
    ],
)
def test_checker_catches_logic_in_a_public_module(tmp_path: Path, text: str) -> None:
    src = plant(tmp_path, {**CLEAN_TREE, "web.py": text})
    violations = public_logic_violations(src)
    assert len(violations) == 1, violations
    assert "wirehttp.web holds logic" in violations[0]


def test_checker_allows_declarations_in_a_public_module(tmp_path: Path) -> None:
    text = """\
        '''Re-exports.'''
        from __future__ import annotations
        import sys
        from typing import TYPE_CHECKING
        from ._web.app import Application as Application
        if TYPE_CHECKING:
            from ._web.app import Thing as Thing
        if sys.version_info >= (3, 11):
            from ._web.app import New as New
        else:
            from ._web.app import Old as Old
        __all__ = ("Application",)
        __all__ += ("New",)
        __version__: str = "1"
        """
    src = plant(tmp_path, {**CLEAN_TREE, "web.py": text})
    assert public_logic_violations(src) == []


def test_hdrs_is_the_one_public_module_allowed_logic(tmp_path: Path) -> None:
    src = plant(tmp_path, {**CLEAN_TREE, "hdrs.py": "X = frozenset(a for a in 'ab')\n"})
    assert public_logic_violations(src) == []
