"""wirehttp._web: see docs/internals.md."""
