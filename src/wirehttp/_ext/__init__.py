"""wirehttp._ext: see docs/internals.md."""
