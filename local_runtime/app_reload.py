"""The app's code, picked up on the next request after it changes (as ``sam local start-api``).

Before each invocation a region process compares a fingerprint of the app's files (path, size,
modification time) with the one it loaded. When it moved, the process forgets every module loaded
from the app's directory and the dispatcher module (it built its resolver from them), and imports
the handler again. A change that fails to import fails each request, with the error in the region's
log, until the next change. Lambda never needs this: a deployment there starts new execution
environments.
"""

from __future__ import annotations

import importlib
import os
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

Handler = Callable[[dict[str, Any], Any], Any]
Fingerprint = frozenset[tuple[str, int, int]]


def _files(root: Path) -> Iterator[os.DirEntry[str]]:
    with os.scandir(root) as entries:
        for entry in entries:
            if entry.name.startswith(".") or entry.name == "__pycache__":
                continue
            if entry.is_dir(follow_symlinks=False):
                yield from _files(Path(entry.path))
            elif entry.is_file():
                yield entry


def fingerprint(root: Path) -> Fingerprint:
    """What a change to the app's files changes: each file's path, size and mtime."""
    found = set()
    for entry in _files(root):
        stat = entry.stat()
        found.add((entry.path, stat.st_size, stat.st_mtime_ns))
    return frozenset(found)


def load_handler(dotted: str) -> Handler:
    """``package.module.function`` -> the function, like Lambda's handler setting."""
    module_name, _, attr = dotted.rpartition(".")
    if not module_name:
        raise ValueError(f"handler {dotted!r} is not module.function")
    handler = getattr(importlib.import_module(module_name), attr)
    if not callable(handler):
        raise TypeError(f"handler {dotted!r} is not callable")
    return handler  # type: ignore[no-any-return]


def forget_modules(root: Path, also: str) -> list[str]:
    """Drop from ``sys.modules`` every module loaded from ``root``, and ``also``; their names."""
    prefix = str(root.resolve()) + os.sep
    dropped = []
    for name, module in list(sys.modules.items()):
        origin = getattr(module, "__file__", None)
        if name == also or (origin and os.path.realpath(origin).startswith(prefix)):
            del sys.modules[name]
            dropped.append(name)
    importlib.invalidate_caches()
    return dropped


class ReloadingHandler:
    """The handler ``dotted``, imported again whenever the files under ``app_root`` change."""

    def __init__(self, dotted: str, app_root: Path, *, say: Callable[[str], None] = print) -> None:
        self.dotted = dotted
        self.app_root = app_root
        self.say = say
        self.loaded = fingerprint(app_root)
        self.handler: Handler | None = load_handler(dotted)
        self.failure: BaseException | None = None

    def _reload(self) -> None:
        started = time.perf_counter()
        forget_modules(self.app_root, self.dotted.rpartition(".")[0])
        try:
            self.handler, self.failure = load_handler(self.dotted), None
        except Exception as exc:
            self.handler, self.failure = None, exc
            self.say(f"app code changed: it does not load ({type(exc).__name__}: {exc})")
            return
        self.say(f"app code changed: reloaded in {(time.perf_counter() - started) * 1000:.0f} ms")

    def __call__(self, event: dict[str, Any], context: Any) -> Any:
        now = fingerprint(self.app_root)
        if now != self.loaded:
            self.loaded = now
            self._reload()
        if self.handler is None:
            raise RuntimeError(f"the app does not load: {self.failure}") from self.failure
        return self.handler(event, context)
