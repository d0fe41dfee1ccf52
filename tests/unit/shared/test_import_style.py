"""Each part of the package imports another part by its installed name, never relatively.

``components/``, ``handlers/``, ``ops/`` and ``local_runtime/`` sit beside ``multi_region_api/`` in
a checkout and are mapped into it by setuptools, so ``from ..handlers import contract`` climbs
above the folder it is written in. Relative imports stay for modules of the same part.
"""

from __future__ import annotations

import ast
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
ROOT_PACKAGE = "multi_region_api"
ROOT_PART = "<root modules>"


SETUPTOOLS = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]
PACKAGES: list[str] = SETUPTOOLS["packages"]
PACKAGE_DIR: dict[str, str] = SETUPTOOLS["package-dir"]
SUBPACKAGES = {p.split(".")[1] for p in PACKAGES if "." in p}


def _package_folder(package: str) -> Path:
    """Where setuptools takes ``package`` from: its nearest mapped ancestor, plus the rest."""
    parts = package.split(".")
    for cut in range(len(parts), 0, -1):
        mapped = PACKAGE_DIR.get(".".join(parts[:cut]))
        if mapped is not None:
            return REPO.joinpath(mapped, *parts[cut:])
    return REPO.joinpath(*parts)


def package_modules() -> Iterator[tuple[Path, str, bool]]:
    """(file, module name, is a package ``__init__``) for every module the wheel installs."""
    for package in PACKAGES:
        for path in sorted(_package_folder(package).glob("*.py")):
            is_init = path.name == "__init__.py"
            yield path, package if is_init else f"{package}.{path.stem}", is_init


def part(module: str) -> str:
    """``multi_region_api.components.estimates.cost`` -> ``components``; a module directly in
    ``multi_region_api`` (``cli``, ``check``) belongs to the root's own modules."""
    segments = module.split(".")
    if len(segments) > 2 or (len(segments) == 2 and segments[1] in SUBPACKAGES):
        return segments[1]
    return ROOT_PART


def leaving_imports(source: str, module: str, is_init: bool) -> list[tuple[int, str]]:
    """(line, resolved target) of each relative import in ``source`` that lands in another part."""
    package = module if is_init else module.rpartition(".")[0]
    own = part(module)
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.ImportFrom) or not node.level:
            continue
        base = package.split(".")[: package.count(".") + 1 - (node.level - 1)]
        target = ".".join([*base, *([node.module] if node.module else [])])
        # ``from . import x`` may name a module: judge each name as what it would import.
        targets = [target] if node.module else [f"{target}.{a.name}" for a in node.names]
        found += [(node.lineno, t) for t in targets if part(t) != own]
    return found


def test_the_walk_sees_every_part() -> None:
    parts = {part(module) for _, module, _ in package_modules()}
    assert {"components", "handlers", "ops", "local_runtime", "runtime", "testing"} <= parts
    assert ROOT_PART in parts


@pytest.mark.parametrize(
    ("source", "module", "is_init", "expected"),
    [
        ("from ..handlers import contract", "multi_region_api.components.alb", False, 1),
        ("from ...runtime.errors import X", "multi_region_api.handlers.dal.heartbeat", False, 1),
        ("from .components import MultiRegionApi", "multi_region_api", True, 1),
        ("from . import parity", "multi_region_api.check", False, 1),
        ("from ..args import ApiSettings", "multi_region_api.components.estimates.cost", False, 0),
        ("from .cli import main", "multi_region_api.check", False, 0),
        ("from . import contract", "multi_region_api.handlers.platform", False, 0),
        ("from multi_region_api.handlers import contract", "multi_region_api.ops.x", False, 0),
    ],
)
def test_an_import_leaves_its_part_when_it_lands_in_another(
    source: str, module: str, is_init: bool, expected: int
) -> None:
    assert len(leaving_imports(source, module, is_init)) == expected


def test_no_relative_import_leaves_its_part() -> None:
    offenders = [
        f"{path.relative_to(REPO)}:{line}: import {target} by name"
        for path, module, is_init in package_modules()
        for line, target in leaving_imports(path.read_text(), module, is_init)
    ]
    assert not offenders, "\n".join(offenders)
