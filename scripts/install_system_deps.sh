#!/usr/bin/env bash
# Install the system programs the test suite talks to (curl, nginx, wrk, tinyproxy, redis-server),
# gcc for the compiled hot paths, and, when this Python cannot make a virtualenv, Debian's python3-venv.
#
# Fast and silent when everything is already there, so `make` can call it on every run.
# As root with apt-get: one `apt-get update`, then one `apt-get install` of what is missing,
# with services kept from starting (the tests start their own instances on free ports).
# Otherwise: print what is missing and how to install it. A missing peer is reported, not fatal
# here; scripts/check_peers.py turns it into a failure when CI=true. A Python that cannot make a
# venv is fatal, because nothing else can run without one.
set -euo pipefail

PYTHON="${PYTHON:-python3}"

have() {
    command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ] || [ -x "/usr/local/sbin/$1" ]
}

# program -> Debian package
declare -A PACKAGE_FOR=(
    [curl]=curl
    [nginx]=nginx-light
    [wrk]=wrk
    [tinyproxy]=tinyproxy
    [redis-server]=redis-server
    [gcc]=gcc
)

missing=()
# gcc: `make compiled` turns the mypyc output of the hot paths into extension modules.
for program in curl nginx wrk tinyproxy redis-server gcc; do
    have "$program" || missing+=("${PACKAGE_FOR[$program]}")
done

need_venv=0
venv_works() { .venv/bin/python -m pip --version >/dev/null 2>&1; }
if ! venv_works && ! "$PYTHON" -c 'import ensurepip, venv' >/dev/null 2>&1; then
    need_venv=1
    missing+=("python3-venv")
fi

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "install_system_deps: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    # Keep nginx, tinyproxy and redis from starting as services while they install; tests run
    # their own instances. Only when no policy is in place already, and removed afterwards.
    policy=/usr/sbin/policy-rc.d
    if [ ! -e "$policy" ]; then
        printf '#!/bin/sh\nexit 101\n' >"$policy"
        chmod +x "$policy"
        trap 'rm -f "$policy"' EXIT
    fi
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}"
    exit 0
fi

echo "install_system_deps: missing system packages: ${missing[*]}" >&2
echo "  install them with:  sudo apt-get update && sudo apt-get install ${missing[*]}" >&2
echo "  (or your system's equivalent). Tests that need a missing peer are skipped locally," >&2
echo "  but fail when CI=true." >&2
if [ "$need_venv" -eq 1 ]; then
    echo "install_system_deps: '$PYTHON -m venv' cannot work without ensurepip; install python3-venv" >&2
    exit 1
fi
exit 0
