"""The code blocks of the README and the docs pages, and how the test suite treats each one.

A block is tested by its language: Python is type-checked (mypy, one run) and executed under the
Pulumi mocks; shell is parsed (``bash -n``) and executed. An HTML comment on the line right before
the fence changes that:

- ``<!-- not-run: REASON -->``: Python is only type-checked, shell only parsed (it needs AWS, a
  deployed stack, a long-running process...). The reason is required.
- ``<!-- continues -->``: a Python fragment that joins the page's previous Python block (both are
  type-checked and executed as one program).
- ``<!-- local-runtime -->``: shell that talks to ``make local``; the e2e tier runs it against a
  local runtime on free ports (``127.0.0.1:8080`` and the region ports are rewritten).

A block whose first line is a comment naming a file (``# app/greetings.py``,
``# app-requirements.txt``) is that file: of this package when the path starts with one of its
folders (type-checked as that module), else of the reader's project (written into a temporary
project directory, where the page's programs run and its Python files are imported and
type-checked).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = frozenset({"python", "py"})
SHELL = frozenset({"sh", "bash", "shell"})
MARKERS = frozenset({"not-run", "continues", "local-runtime"})

_FENCE = re.compile(r"^(?P<indent>\s*)```(?P<lang>[\w+-]*)\s*$")
_FILE = re.compile(r"^# (?P<path>[\w./-]+\.(?:py|txt))\n")
PACKAGE_FOLDERS = ("handlers/", "components/", "ops/", "local_runtime/", "multi_region_api/")
_MARKER = re.compile(r"^\s*<!-- (?P<kind>[a-z-]+)(?::\s*(?P<reason>.+?))? -->\s*$")


@dataclass(frozen=True)
class Block:
    page: Path
    line: int
    """1-based line of the opening fence."""
    lang: str
    code: str
    marker: str | None
    reason: str

    @property
    def where(self) -> str:
        return f"{self.page.relative_to(ROOT)}:{self.line}"

    @property
    def runs(self) -> bool:
        return self.marker != "not-run"

    @property
    def file(self) -> str | None:
        """The file the block is, from its first line (``# app/greetings.py``), if it names one."""
        named = _FILE.match(self.code)
        return named["path"] if named else None

    @property
    def in_package(self) -> bool:
        return (self.file or "").startswith(PACKAGE_FOLDERS)


def pages() -> list[Path]:
    """The README and every docs page."""
    return [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def blocks(page: Path) -> list[Block]:
    lines = page.read_text().splitlines()
    found: list[Block] = []
    i = 0
    while i < len(lines):
        opening = _FENCE.match(lines[i])
        if opening is None:
            i += 1
            continue
        indent = opening["indent"]
        end = next(
            (j for j in range(i + 1, len(lines)) if lines[j].strip() == "```"),
            None,
        )
        if end is None:
            raise ValueError(f"{page.relative_to(ROOT)}:{i + 1}: unclosed code fence")
        body = [line.removeprefix(indent) for line in lines[i + 1 : end]]
        marker = _MARKER.match(lines[i - 1]) if i > 0 else None
        if marker is not None and marker["kind"] not in MARKERS:
            marker = None
        found.append(
            Block(
                page=page,
                line=i + 1,
                lang=opening["lang"].lower(),
                code="\n".join(body) + "\n",
                marker=marker["kind"] if marker else None,
                reason=(marker["reason"] or "") if marker else "",
            )
        )
        i = end + 1
    return found


def all_blocks() -> list[Block]:
    return [block for page in pages() for block in blocks(page)]


def python_programs() -> list[tuple[Block, str]]:
    """Each Python program of the pages (a block with the ``continues`` blocks after it joined);
    not the blocks that are files."""
    programs: list[tuple[Block, str]] = []
    for page in pages():
        for block in blocks(page):
            if block.lang not in PYTHON or block.file:
                continue
            if block.marker == "continues":
                if not programs or programs[-1][0].page != page:
                    raise ValueError(f"{block.where}: `continues` with no Python block before it")
                first, code = programs[-1]
                programs[-1] = (first, code + block.code)
            else:
                programs.append((block, block.code))
    return programs


def shell_blocks() -> list[Block]:
    return [b for b in all_blocks() if b.lang in SHELL]


def python_files() -> list[Block]:
    """The Python blocks that are files (of this package or of the reader's project)."""
    return [b for b in all_blocks() if b.lang in PYTHON and b.file]


def project_files(page: Path) -> list[Block]:
    """The page's files of the reader's project, Python or not."""
    return [b for b in blocks(page) if b.file and not b.in_package]


def write_project(page: Path, root: Path) -> list[Path]:
    """The page's project files (``# app/greetings.py`` blocks) written under ``root``."""
    written = []
    for block in project_files(page):
        target = root / str(block.file)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(block.code)
        written.append(target)
    return written
