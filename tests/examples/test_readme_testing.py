"""The README's Testing section is a complete test of an application: run it as written.

The Python blocks of that section are files whose first line names them (`# conftest.py`,
`# test_app.py`); they are written into a fresh directory and run by an inner pytest session.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[2] / "README.md"


def readme_testing_files() -> dict[str, str]:
    text = README.read_text(encoding="utf-8")
    section = text.split("\n## Testing\n", 1)[1].split("\n## ", 1)[0]
    files = {}
    for block in re.findall(r"```python\n(.*?)```", section, flags=re.DOTALL):
        first, _, _ = block.partition("\n")
        name = first.removeprefix("# ").strip()
        assert name.endswith(".py"), (
            f"a README Testing block must start with its file name: {first}"
        )
        files[name] = block
    return files


def test_the_readme_names_its_files() -> None:
    assert sorted(readme_testing_files()) == ["conftest.py", "test_app.py"]


@pytest.mark.parametrize(("loops", "runs"), [((), 1), (("--aiohttp-loop=all",), 2)])
def test_the_readme_testing_example_passes(
    pytester: pytest.Pytester, loops: tuple[str, ...], runs: int
) -> None:
    for name, source in readme_testing_files().items():
        (pytester.path / name).write_text(source, encoding="utf-8")
    result = pytester.runpytest("-p", "no:asyncio", "-p", "no:cacheprovider", "-v", *loops)
    result.assert_outcomes(passed=2 * runs)
    result.stdout.fnmatch_lines(
        ["*test_hello_over_http*PASSED*", "*test_hello_handler_alone*PASSED*"]
    )
