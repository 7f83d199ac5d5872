"""wirehttp._sansio: see docs/internals.md."""
