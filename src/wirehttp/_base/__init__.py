"""wirehttp._base: see docs/internals.md."""
