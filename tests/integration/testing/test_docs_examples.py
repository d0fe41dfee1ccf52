"""The Python blocks of docs/testing.md run as written (the route test against the template's
app, in the template's directory, as a user's project would run it)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
DOC = REPO / "docs" / "testing.md"
TEMPLATE = REPO / "templates" / "multi-region-api-python"
BLOCKS = re.findall(r"```python\n(.*?)```", DOC.read_text(), re.S)


@pytest.mark.parametrize("block", BLOCKS, ids=[f"block{i}" for i in range(len(BLOCKS))])
def test_the_docs_python_blocks_pass(block: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(TEMPLATE)
    namespace: dict[str, object] = {}
    exec(compile(block, str(DOC), "exec"), namespace)  # noqa: S102 - our own documentation
    tests = [f for name, f in namespace.items() if name.startswith("test_") and callable(f)]
    assert tests, "a block of docs/testing.md defines no test"
    for test in tests:
        test()


def test_the_docs_have_the_blocks() -> None:
    assert len(BLOCKS) == 2
