"""Benchmarks and tests share code only through the package: neither imports the other."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]


def _imported_tops(path: Path) -> set[str]:
    tops = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            tops |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            tops.add(node.module.split(".")[0])
    return tops


@pytest.mark.parametrize(("folder", "never"), [("tests", "bench"), ("bench", "tests")])
def test_tests_and_benchmarks_never_import_each_other(folder: str, never: str) -> None:
    offenders = [
        str(p.relative_to(REPO))
        for p in (REPO / folder).rglob("*.py")
        if never in _imported_tops(p)
    ]
    assert offenders == []
