"""Build something expensive once per test run, however many xdist workers need it.

Under ``pytest -n`` every worker has a session of its own, so a session fixture runs once per
worker: three wheels and three fresh venvs where one of each would do. ``built_once`` keeps one
copy in the run's shared temporary folder (the parent of the workers' own ones), in a folder named
by a hash of what it is built from, behind a file lock: the first worker builds it, the others
wait and reuse it. A failed build is recorded, so the others fail with its error at once instead
of building it again. Without xdist the folder is the session's own: nothing is kept between runs.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import traceback
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest
from filelock import FileLock

DONE = "built.json"
FAILED = "failed.txt"


def shared_root(factory: pytest.TempPathFactory) -> Path:
    """The folder every worker of this run sees (the session's own one without xdist)."""
    base = factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def content_key(root: Path, files: Iterable[Path], *extra: str) -> str:
    """A hash of the files' paths and contents (relative to ``root``) and of ``extra``."""
    digest = hashlib.sha256()
    for relative in sorted(files):
        digest.update(str(relative).encode() + b"\0" + (root / relative).read_bytes() + b"\0")
    for part in extra:
        digest.update(part.encode() + b"\0")
    return digest.hexdigest()[:16]


def built_once(
    factory: pytest.TempPathFactory,
    name: str,
    key: str,
    build: Callable[[Path], dict[str, Any]],
) -> tuple[Path, dict[str, Any]]:
    """``build(folder)`` fills an empty ``folder`` and returns facts about it (JSON); once per run
    and ``key``. Returns the folder and those facts, built here or by another worker."""
    root = shared_root(factory)
    folder = root / f"{name}-{key}"
    with FileLock(root / f"{name}-{key}.lock"):
        if (folder / DONE).is_file():
            return folder, json.loads((folder / DONE).read_text())
        if (folder / FAILED).is_file():
            pytest.fail(
                f"{name} failed to build in another worker:\n{(folder / FAILED).read_text()}",
                pytrace=False,
            )
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
        try:
            facts = build(folder)
        except BaseException:
            (folder / FAILED).write_text(traceback.format_exc())
            raise
        (folder / DONE).write_text(json.dumps(facts))
        return folder, facts
