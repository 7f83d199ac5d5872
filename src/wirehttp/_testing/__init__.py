"""wirehttp._testing (L5): the testing toolkit behind wirehttp.test_utils and wirehttp.pytest_plugin.

See docs/internals.md ("L5 `_testing/`") for what each module owns.
"""
