"""``docs/bring-your-own-api.md`` is true: its files make a project, its programs run in it.

In the user tier's fresh venv, from a temporary project: every block whose first line names a file
(``# app/hello.py``) is written there, every other Python block is a program run from there under
the test kit's mocks (the page's own test sets them itself), every Python block compiles, and a
shell block that cannot run here says why (``<!-- not-run: REASON -->``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.packaging.support import REPO
from tests.user_project.conftest import Probe, UserVenv

PAGE = REPO / "docs" / "bring-your-own-api.md"
_FENCE = re.compile(r"^```(?P<lang>[\w-]*)\s*$")
_FILE = re.compile(r"^# (?P<path>[\w./-]+\.(py|txt))\n")
_NOT_RUN = re.compile(r"^<!-- not-run: .+ -->$")


@dataclass(frozen=True)
class Block:
    line: int
    lang: str
    code: str
    not_run: bool

    @property
    def file(self) -> str | None:
        named = _FILE.match(self.code)
        return named["path"] if named else None


def page_blocks(text: str) -> list[Block]:
    lines = text.splitlines()
    found: list[Block] = []
    i = 0
    while i < len(lines):
        opening = _FENCE.match(lines[i])
        if opening is None:
            i += 1
            continue
        end = next(j for j in range(i + 1, len(lines)) if lines[j].strip() == "```")
        code = "\n".join(lines[i + 1 : end]) + "\n"
        not_run = i > 0 and bool(_NOT_RUN.match(lines[i - 1].strip()))
        found.append(Block(i + 1, opening["lang"], code, not_run))
        i = end + 1
    return found


BLOCKS = page_blocks(PAGE.read_text())
PROGRAMS = [b for b in BLOCKS if b.lang == "python" and b.file is None]


@pytest.fixture(scope="module")
def page_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("page-project") / "my-api"
    project.mkdir()
    (project / "Pulumi.yaml").write_text("name: my-api\nruntime: python\n")
    for block in BLOCKS:
        if block.file is not None:
            (project / block.file).parent.mkdir(parents=True, exist_ok=True)
            (project / block.file).write_text(block.code)
    return project


def test_the_page_has_files_programs_and_reasons() -> None:
    files = {b.file for b in BLOCKS if b.file}
    assert {"app/hello.py", "app/legacy.py", "app-requirements.txt"} <= files
    assert len(PROGRAMS) >= 6
    for block in BLOCKS:
        if block.lang == "sh":
            assert block.not_run, f"{PAGE.name}:{block.line}: a shell block needs a not-run reason"
        if block.lang == "python":
            compile(block.code, f"{PAGE.name}:{block.line}", "exec")


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
