"""wirehttp._body: see docs/internals.md."""
