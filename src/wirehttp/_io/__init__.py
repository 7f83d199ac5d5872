"""wirehttp._io: see docs/internals.md."""
