"""The README and the docs pages: size, markers, links, data blocks, and Python blocks that run."""

from __future__ import annotations

import asyncio
import json
import re
import runpy
from pathlib import Path
from typing import Any

import pulumi
import pytest
import yaml
from markdown.extensions.toc import slugify
from multi_region_api.components.stack_config import CONFIG_KEYS, ConfigKey

from tests.docs.blocks import (
    MARKERS,
    PYTHON,
    ROOT,
    Block,
    all_blocks,
    pages,
    python_files,
    python_programs,
    write_project,
)
from tests.unit.components.support import OUTPUTS, PROJECT, AwsMocks, RecordingMonitor, Registered

README_MAX_LINES = 250
_LINK = re.compile(r"\]\((?!https?://|mailto:|#)(?P<target>[^)#\s]+)(?:#[^)]*)?\)")


def test_the_readme_is_a_front_page() -> None:
    lines = (ROOT / "README.md").read_text().splitlines()
    assert len(lines) <= README_MAX_LINES, f"README.md has {len(lines)} lines"


def test_the_readme_links_to_files_that_exist() -> None:
    text = (ROOT / "README.md").read_text()
    targets = {m["target"] for m in _LINK.finditer(text)}
    assert targets, "the README links into the docs"
    assert sorted(t for t in targets if not (ROOT / t).exists()) == []


def test_the_readme_links_to_headings_that_exist() -> None:
    """Anchors as MkDocs (Python-Markdown's toc) makes them, which GitHub's agree with here."""
    text = (ROOT / "README.md").read_text()
    missing = []
    for target, anchor in re.findall(r"\]\((docs/[\w-]+\.md)#([\w-]+)\)", text):
        headings = re.findall(r"^#+ (.+)$", (ROOT / target).read_text(), re.M)
        if anchor not in {slugify(h, "-") for h in headings}:
            missing.append(f"{target}#{anchor}")
    assert missing == []


def test_markers_are_known_and_not_run_says_why() -> None:
    blocks = all_blocks()
    assert {b.marker for b in blocks} <= {None, *MARKERS}
    assert [b.where for b in blocks if b.marker == "not-run" and not b.reason] == []
    assert [b.where for b in blocks if b.marker and b.reason and b.marker != "not-run"] == []


def test_a_misspelt_marker_is_not_ignored() -> None:
    """A comment right before a fence that looks like a marker must be one of the markers."""
    bad = []
    for page in {b.page for b in all_blocks()}:
        lines = page.read_text().splitlines()
        for i, line in enumerate(lines[1:], start=1):
            comment = re.match(r"^\s*<!-- ([a-z-]+)", lines[i - 1])
            fenced = line.lstrip().startswith("```")
            if fenced and comment and not comment[1].startswith("facts"):
                bad.extend([f"{page.name}:{i}: {comment[1]}"] * (comment[1] not in MARKERS))
    assert bad == []


@pytest.mark.parametrize(
    "block", [b for b in all_blocks() if b.lang in {"json", "yaml"}], ids=lambda b: b.where
)
def test_data_blocks_parse(block: Block) -> None:
    if block.lang == "json":
        json.loads(block.code)
    else:
        assert yaml.safe_load(block.code)


def _run_under_mocks(
    code: str, name: str, monkeypatch: pytest.MonkeyPatch
) -> tuple[list[Registered], dict[str, Any]]:
    """Execute a page's program as ``pulumi up`` would, with the unit tier's AWS mocks, in the
    current directory (the Pulumi project's). Its ``pulumi.export``s are collected here, not on a
    stack resource another test's program may have left behind."""
    mocks = AwsMocks(preview=False)
    monitor = RecordingMonitor(mocks)
    pulumi.runtime.set_mocks(mocks, project=PROJECT, stack="docs", preview=False, monitor=monitor)
    exports: dict[str, Any] = {}
    monkeypatch.setattr(pulumi, "export", exports.__setitem__)
    exported: dict[str, Any] = {}

    @pulumi.runtime.test  # type: ignore[untyped-decorator]  # pulumi's test decorator is untyped
    def run() -> pulumi.Output[None]:
        exec(compile(code, name, "exec"), {"__name__": "__main__"})  # noqa: S102 - the docs' own code

        async def settle() -> None:
            for key, value in exports.items():
                exported[key] = await pulumi.Output.from_input(value).future()

        return pulumi.Output.from_input(asyncio.ensure_future(settle()))

    run()
    return list(monitor.registered), exported


def _run_as_pytest(code: str, name: str) -> None:
    """A page's test example (it sets the test kit's mocks itself): every ``test_*`` it defines
    is called, as pytest would."""
    namespace: dict[str, Any] = {"__name__": "docs_example"}
    exec(compile(code, name, "exec"), namespace)  # noqa: S102 - the docs' own code
    tests = [f for key, f in namespace.items() if key.startswith("test_") and callable(f)]
    assert tests, "a test example defines a test"
    for test in tests:
        test()


RUNNABLE = [(b, code) for b, code in python_programs() if b.runs]


@pytest.mark.parametrize(("block", "code"), RUNNABLE, ids=[b.where for b, _ in RUNNABLE])
def test_python_blocks_run(
    block: Block, code: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_project(block.page, tmp_path)
    monkeypatch.chdir(tmp_path)
    if "multi_region_api.testing" in code:
        _run_as_pytest(code, block.where)
        return
    registered, exported = _run_under_mocks(code, block.where, monkeypatch)
    if "MultiRegionApi(" in code:
        assert any(r.type == "multi-region-api:index:MultiRegionApi" for r in registered)
    if "pulumi.export(" in code:
        assert exported
        assert all(v is not None for v in exported.values())


PROJECT_FILES = [b for b in python_files() if not b.in_package and b.runs]


@pytest.mark.parametrize("block", PROJECT_FILES, ids=lambda b: b.where)
def test_project_files_import(
    block: Block, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A reader's module runs as Lambda would import it: its folder on the path."""
    files = {str(p.relative_to(tmp_path)): p for p in write_project(block.page, tmp_path)}
    module = files[str(block.file)]
    monkeypatch.syspath_prepend(str(module.parent))
    runpy.run_path(str(module), run_name=module.stem)


def test_every_python_block_is_executed_or_says_why_not() -> None:
    unmarked = [b.where for b in all_blocks() if b.lang in PYTHON and b.marker is None]
    executed = [b.where for b, _ in RUNNABLE] + [b.where for b in PROJECT_FILES]
    assert sorted(unmarked) == sorted(executed)


def _documented_keys(key: str, entry: ConfigKey) -> set[str]:
    if entry.fields:
        return {
            f"{key}.{k}" for name, sub in entry.fields.items() for k in _documented_keys(name, sub)
        }
    if entry.each:
        return {f"{key}.<region>.{k}" for k in entry.each}
    return {key}


def test_the_configuration_reference_lists_every_key() -> None:
    """Types, defaults and meanings are prose; the keys must be exactly the code's."""
    text = (ROOT / "docs" / "configuration.md").read_text()
    documented: set[str] = set()
    for row in re.findall(r"^\| (`[^|]+?) \|", text, re.M):
        first, *more = re.findall(r"`([^`]+)`", row.split("(")[0])
        # `albNetworks.<region>.vpcId` / `.subnetIds`: a sibling of the first name.
        siblings = (first.rsplit(".", 1)[0] + m if m.startswith(".") else m for m in more)
        documented |= {name.removesuffix("[]") for name in (first, *siblings)}
    expected = {k for key, entry in CONFIG_KEYS.items() for k in _documented_keys(key, entry)}
    assert documented == expected


def test_the_outputs_table_lists_every_output() -> None:
    text = (ROOT / "docs" / "component.md").read_text()
    table = text[text.index("## Outputs") :].split("\n\n")[1]
    assert re.findall(r"^\| `(\w+)` \|", table, re.M) == list(OUTPUTS)


REPOSITORY_FOLDERS = (
    "components/",
    "handlers/",
    "ops/",
    "local_runtime/",
    "multi_region_api/",
    "examples/",
    "tests/",
    "bench/",
    ".github/",
)


def test_the_files_the_pages_name_exist() -> None:
    """A file or folder of this repository named in backticks still exists (pages go stale when
    code moves)."""
    named = {
        path.rstrip("/")
        for page in pages()
        for path in re.findall(r"`([\w./-]+)`", page.read_text())
        if path.startswith(REPOSITORY_FOLDERS)
    }
    assert named
    # The installed package's paths (`multi_region_api/handlers/...`) are the repository's mapped
    # folders (pyproject's package-dir).
    in_repository = {
        re.sub(r"^multi_region_api/(?=(components|handlers|local_runtime|ops)\b)", "", p)
        for p in named
    }
    assert sorted(p for p in in_repository if not (ROOT / p).exists()) == []
