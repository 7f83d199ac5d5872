"""Real peer servers for the client's interop tests: httpbin under gunicorn, nginx, tinyproxy.

Each peer runs as a child process with a generated configuration in a temporary directory, on
loopback ports picked at start, and is stopped and reaped when its fixture ends. The fixtures
themselves live in `peers.fixtures` and are re-exported by tests/interop/conftest.py; the
modules here hold only process handling and configuration, so they can be read on their own.
"""
