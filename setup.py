"""Build configuration beyond pyproject.toml: the optional mypyc build of the hot paths.

Everything else about the package is in pyproject.toml. This file only adds extension modules:
the modules listed in compiled-modules.txt, compiled by mypyc from the same Python sources.
The build is skipped, and the package is pure Python, when WIREHTTP_NO_EXTENSIONS is set to
anything but "" or "0", when the interpreter is not CPython, or when mypyc is not installed.
"""

from __future__ import annotations

import os
import platform
from pathlib import Path

from setuptools import setup

HERE = Path(__file__).parent
MODULE_LIST = HERE / "compiled-modules.txt"


def wanted() -> bool:
    """Whether to compile: on CPython, unless WIREHTTP_NO_EXTENSIONS asks for pure Python."""
    opt_out = os.environ.get("WIREHTTP_NO_EXTENSIONS", "") not in ("", "0")
    return not opt_out and platform.python_implementation() == "CPython"


def listed_modules() -> list[str]:
    """The paths in compiled-modules.txt, relative to src/ (comments and blanks skipped)."""
    lines = MODULE_LIST.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def extension_modules() -> list[object]:
    if not wanted():
        return []
    try:
        from mypyc.build import mypycify
    except ImportError:
        print("wirehttp: mypyc is not installed; building the pure-Python package")
        return []
    # mypy names each module from its path (src/ has no __init__.py, so src/wirehttp/x.py is
    # wirehttp.x), type-checks with pyproject.toml's settings, and writes C under build/.
    paths = [f"src/{module}" for module in listed_modules()]
    return list(mypycify(paths, opt_level="3", debug_level="0"))


setup(ext_modules=extension_modules())
