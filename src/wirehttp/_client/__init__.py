"""wirehttp._client: see docs/internals.md."""
