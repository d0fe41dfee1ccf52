"""``docs/bring-your-own-api.md`` is true: its files make a project, its programs run in it.

In the user tier's fresh venv, from a temporary project: every block whose first line names a file
(``# app/hello.py``) is written there, every other Python block is a program run from there under
the test kit's mocks (the page's own test sets them itself), every Python block compiles, and a
shell block that cannot run here says why (``<!-- not-run: REASON -->``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.docs.blocks import PYTHON, SHELL, Block, blocks, write_project
from tests.packaging.support import REPO
from tests.user_project.conftest import Probe, UserVenv

PAGE = REPO / "docs" / "bring-your-own-api.md"
BLOCKS = blocks(PAGE)
PROGRAMS = [b for b in BLOCKS if b.lang in PYTHON and b.file is None]


@pytest.fixture(scope="module")
def page_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("page-project") / "my-api"
    project.mkdir()
    (project / "Pulumi.yaml").write_text("name: my-api\nruntime: python\n")
    write_project(PAGE, project)
    return project


def test_the_page_has_files_programs_and_reasons() -> None:
    files = {b.file for b in BLOCKS if b.file}
    assert {"app/hello.py", "app/legacy.py", "app-requirements.txt"} <= files
    assert len(PROGRAMS) >= 6
    for block in BLOCKS:
        if block.lang in SHELL:
            assert not block.runs, f"{block.where}: a shell block needs a not-run reason"
        if block.lang in PYTHON:
            compile(block.code, block.where, "exec")


@pytest.mark.parametrize("block", PROGRAMS, ids=[f"line{b.line}" for b in PROGRAMS])
def test_each_program_of_the_page_runs_in_a_users_project(
    block: Block, page_project: Path, user_venv: UserVenv, probe_in: Probe
) -> None:
    path = page_project / f"block_{block.line}.py"
    path.write_text(block.code)
    answer = probe_in(page_project, "program", str(path))
    assert answer["ran"] == str(path)
    if "MultiRegionApi(" in block.code and answer["resources"] is not None:
        assert answer["resources"] > 50  # the whole component, not an early exit
