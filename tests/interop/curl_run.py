"""Running curl from a test without blocking the event loop that serves it."""

from __future__ import annotations

import asyncio

CURL_TIMEOUT = 20  # seconds, passed to curl as --max-time and used to bound the subprocess


async def run_curl(curl: str, *args: str, stdin: bytes | None = None) -> tuple[int, bytes, bytes]:
    """Run curl without blocking the loop that serves it; returns (returncode, stdout, stderr)."""
    proc = await asyncio.create_subprocess_exec(
        curl,
        "--silent",
        "--show-error",
        "--max-time",
        str(CURL_TIMEOUT),
        *args,
        stdin=asyncio.subprocess.PIPE if stdin is not None else asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        out, err = await asyncio.wait_for(proc.communicate(stdin), CURL_TIMEOUT + 5)
    except asyncio.TimeoutError:
        proc.kill()
        await proc.wait()
        raise
    return proc.returncode or 0, out, err
