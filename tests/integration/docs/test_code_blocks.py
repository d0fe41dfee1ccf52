"""Shell blocks of the README and the docs parse and run; Python blocks pass mypy --strict."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.docs.blocks import ROOT, Block, python_files, python_programs, shell_blocks

BIN = Path(sys.executable).parent
BASH = shutil.which("bash") or "/bin/bash"
VIEW = ROOT / "build" / "docs-typecheck"
"""A fixed place, so mypy's cache there makes the next run fast."""


@pytest.mark.parametrize("block", shell_blocks(), ids=lambda b: b.where)
def test_shell_blocks_parse(block: Block) -> None:
    result = subprocess.run(  # noqa: S603 - bash on a block of our own docs
        [BASH, "-n"], input=block.code, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


RUNNABLE = [b for b in shell_blocks() if b.marker is None]


@pytest.mark.parametrize("block", RUNNABLE, ids=lambda b: b.where)
def test_shell_blocks_run(block: Block) -> None:
    """From the repository root, with the venv's console scripts first on PATH, no AWS."""
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    for name in [n for n in env if n.startswith("AWS_")]:
        del env[name]
    result = subprocess.run(  # noqa: S603 - a block of our own docs
        [BASH, "-euo", "pipefail", "-c", block.code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip(), "a documented command prints something"


def _package_view(root: Path) -> None:
    """The import package as it installs (setuptools' folder mapping) under ``root``, for mypy."""
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    mapped = {
        name: ROOT / folder
        for name, folder in setuptools["package-dir"].items()
        if name.count(".") == 1
    }
    package = root / "multi_region_api"
    package.mkdir(parents=True)
    for entry in (ROOT / "multi_region_api").iterdir():
        if entry.name != "__pycache__":
            (package / entry.name).symlink_to(entry)
    for name, folder in mapped.items():
        target = package / name.split(".", 1)[1]
        if not target.exists():
            target.symlink_to(folder)


def _add_module(package: Path, relative: str, code: str) -> Path:
    """Write ``code`` as ``package/relative``, turning the symlinked folders on its way into real
    folders of symlinks, so that the repository's own files stay untouched."""
    current = package
    for part in Path(relative).parent.parts:
        current = current / part
        if current.is_symlink():
            source = current.resolve()
            current.unlink()
            current.mkdir()
            for entry in source.iterdir():
                if entry.name != "__pycache__":
                    (current / entry.name).symlink_to(entry)
    target = current / Path(relative).name
    if target.is_symlink():
        target.unlink()
    target.write_text(code)
    return target


def _mypy(files: list[Path], path: list[Path]) -> str:
    """mypy --strict over ``files`` with ``path`` as MYPYPATH; its report when it fails."""
    result = subprocess.run(  # noqa: S603 - our interpreter on files we wrote
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--config-file",
            str(ROOT / "pyproject.toml"),
            "--cache-dir",
            str(VIEW / "mypy-cache"),
            *map(str, files),
        ],
        cwd=VIEW,
        env={**os.environ, "MYPYPATH": os.pathsep.join(map(str, path))},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    return "" if result.returncode == 0 else result.stdout + result.stderr


def test_python_blocks_type_check() -> None:
    """The programs and the package's files in one mypy run, each reader's project in its own
    (two pages may show the same module)."""
    for folder in ("src", "projects"):
        shutil.rmtree(VIEW / folder, ignore_errors=True)
    view = VIEW / "src"
    _package_view(view)
    files: list[Path] = []
    projects: dict[Path, list[Path]] = {}
    for block in python_files():
        if block.in_package:
            files.append(_add_module(view / "multi_region_api", str(block.file), block.code))
        else:
            target = VIEW / "projects" / block.page.stem / str(block.file)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(block.code)
            # Its folder is on the path, as the app's path is on Lambda's.
            projects.setdefault(target.parent, []).append(target)
    for i, (block, code) in enumerate(python_programs()):
        files.append(view / f"docs_block_{i}.py")
        files[-1].write_text(f"# {block.where}\n{code}")
    assert files
    assert projects
    reports = [_mypy(files, [view])]
    reports += [_mypy(modules, [view, folder]) for folder, modules in projects.items()]
    assert [r for r in reports if r] == []
