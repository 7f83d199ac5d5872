"""wirehttp._server: see docs/internals.md."""
