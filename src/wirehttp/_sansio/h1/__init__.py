"""wirehttp._sansio.h1: see docs/internals.md."""
