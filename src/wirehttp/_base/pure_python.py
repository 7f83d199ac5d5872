"""WIREHTTP_NO_EXTENSIONS: run wirehttp from its Python sources even where a compiled build sits.

Owns: the switch, applied once when wirehttp is imported, and `is_compiled(module)`.

The hot-path modules may be compiled by mypyc (setup.py, `make compiled`), each built module
next to its source. Python's import system prefers a built module to a source file, so without
help the only way back to pure Python would be to delete the built files. When the environment
variable WIREHTTP_NO_EXTENSIONS is set (to anything but "" or "0"), this module puts a path hook
first in `sys.path_hooks` that, for the folders of the wirehttp package, finds source files
only. Everything outside wirehttp is untouched. CI runs the whole suite both ways.

Importing this module applies the switch; `wirehttp/__init__.py` imports it before anything
else, so no compiled module can have been loaded yet.
"""

from __future__ import annotations

import importlib.machinery
import os
import sys
from collections.abc import Callable
from types import ModuleType

__all__ = ("NO_EXTENSIONS", "is_compiled")

NO_EXTENSIONS = os.environ.get("WIREHTTP_NO_EXTENSIONS", "") not in ("", "0")
PACKAGE_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def is_compiled(module: ModuleType) -> bool:
    """Whether `module` was loaded from a built extension rather than from Python source."""
    path = getattr(module, "__file__", None) or ""
    return path.endswith(tuple(importlib.machinery.EXTENSION_SUFFIXES))


def _in_package(path: str) -> bool:
    path = os.path.abspath(path)
    return path == PACKAGE_ROOT or path.startswith(PACKAGE_ROOT + os.sep)


def _sources_only_hook() -> Callable[[str], importlib.machinery.FileFinder]:
    details = (importlib.machinery.SourceFileLoader, importlib.machinery.SOURCE_SUFFIXES)

    def find_sources_in(path: str) -> importlib.machinery.FileFinder:
        if not _in_package(path):
            raise ImportError("not a folder of the wirehttp package")
        return importlib.machinery.FileFinder(path, details)

    return find_sources_in


def _use_sources() -> None:
    sys.path_hooks.insert(0, _sources_only_hook())
    for path in [p for p in sys.path_importer_cache if _in_package(p)]:
        del sys.path_importer_cache[path]


if NO_EXTENSIONS:
    _use_sources()
