"""wirehttp._client.cookies: the client's cookie jar (RFC 6265), see docs/internals.md.

Modules: `abc` (the interface), `matching` (domain and path rules), `public_suffix` (the
built-in partial suffix list), `cookie_date` (the Expires parser), `persistence` (JSON
save/load), `jar` (`CookieJar`), `dummy` (`DummyCookieJar`).
Must not import: wirehttp._server, wirehttp._web, or any public module.
"""
