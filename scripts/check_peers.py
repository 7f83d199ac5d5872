"""Check that every test peer is installed; with CI=true a missing one fails the run.

Locally a missing peer only prints a warning (its tests skip themselves). In CI a skip would
hide a hole in coverage, so this script exits 1 instead. Run with the project's venv Python.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import sys

# External programs the interop tests and benchmarks drive. nginx installs into /usr/sbin,
# which is not on a normal user's PATH, so the sbin directories are searched as well.
PROGRAMS = ("curl", "nginx", "wrk", "tinyproxy", "redis-server")
EXTRA_DIRS = ("/usr/sbin", "/usr/local/sbin")

# Python peers and C-accelerated dependencies from requirements-test.txt.
MODULES = (
    "aiohttp",
    "httpx",
    "trustme",
    "uvloop",
    "brotli",
    "zstandard",
    "httptools",
    "multidict",
    "yarl",
    "pytest_timeout",
    "gunicorn",  # serves httpbin in tests/interop/peers/
    "httpbin",
)


def find_program(name: str) -> str | None:
    path = os.pathsep.join([os.environ.get("PATH", ""), *EXTRA_DIRS])
    return shutil.which(name, path=path)


def main() -> int:
    missing = [f"program {name}" for name in PROGRAMS if find_program(name) is None]
    missing += [
        f"python module {name}" for name in MODULES if importlib.util.find_spec(name) is None
    ]
    if not missing:
        return 0
    in_ci = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
    for item in missing:
        print(f"check_peers: missing {item}", file=sys.stderr)
    if in_ci:
        print("check_peers: CI=true, so a missing peer is a failure, not a skip", file=sys.stderr)
        return 1
    print(
        "check_peers: tests needing these will be skipped (see scripts/install_system_deps.sh)",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
