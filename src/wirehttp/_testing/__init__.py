"""wirehttp._testing: see docs/internals.md."""
