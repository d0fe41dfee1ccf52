"""Every name of the handler contract is written once: in ``handlers/contract.py``."""

from __future__ import annotations

import ast
from pathlib import Path

from multi_region_api.handlers import contract

REPO = Path(__file__).resolve().parents[3]
CONTRACT = REPO / "handlers" / "contract.py"
THIS = Path(__file__).resolve()
SKIPPED_DIRS = {".venv", "venv", "build", "dist", ".git", "node_modules"}


def contract_literals() -> dict[str, str]:
    """Literal value -> the contract name that defines it (public ``str`` constants)."""
    literals: dict[str, str] = {}
    for name, value in vars(contract).items():
        if name.isupper() and isinstance(value, str):
            literals.setdefault(value, name)
    return literals


def python_files() -> list[Path]:
    """Every Python file of the repository but the contract and this test (which pins the names)."""
    return [
        path
        for path in sorted(REPO.rglob("*.py"))
        if not SKIPPED_DIRS.intersection(path.relative_to(REPO).parts)
        and path not in (CONTRACT, THIS)
    ]


def _names_in_all(tree: ast.Module) -> set[int]:
    """Constants inside ``__all__`` name Python objects, not contract values."""
    return {
        id(node)
        for statement in tree.body
        if isinstance(statement, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id == "__all__" for t in statement.targets)
        for node in ast.walk(statement.value)
    }


def test_the_contract_defines_every_name_the_design_lists() -> None:
    literals = contract_literals()
    for name in (
        "TABLE_NAME",
        "HOME_REGION",
        "REGION_URLS",
        "HEALTH_CHECK_SECRET",
        "DEEP_PING_PERCENT",
        "FORCE_FAIL",
        "POWERTOOLS_SERVICE_NAME",
        "POWERTOOLS_METRICS_NAMESPACE",
        "LOG_LEVEL",
    ):
        assert name in literals, f"environment variable {name} is not in the contract"
    assert f"{contract.HANDLER_MODULE}.{contract.HANDLER_FUNCTION}" == contract.HANDLER


def second_definitions(paths: list[Path]) -> list[str]:
    """``file:line: value`` for every contract literal written in ``paths``."""
    literals = contract_literals()
    found: list[str] = []
    for path in paths:
        tree = ast.parse(path.read_text(), filename=str(path))
        skipped = _names_in_all(tree)
        found += [
            f"{path.relative_to(REPO)}:{node.lineno}: {node.value!r} = {literals[node.value]}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and node.value in literals
            and id(node) not in skipped
        ]
    return found


def test_no_contract_literal_is_written_outside_the_contract() -> None:
    paths = python_files()
    assert len(paths) > 50
    found = second_definitions(paths)
    assert found == [], "import these from handlers/contract.py instead:\n" + "\n".join(found)


def test_the_scan_finds_a_second_definition() -> None:
    """Not vacuous: the names this file spells out above are each found."""
    found = second_definitions([THIS])
    assert len(found) == 9
    assert any("'TABLE_NAME' = ENV_TABLE_NAME" in line for line in found)
