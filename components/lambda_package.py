"""The Lambda code: a deterministic archive of the installed ``handlers`` package and nothing else.

The package is ``multi_region_api.handlers`` (the repository's ``handlers/``), found through our
own package, never through the caller's working directory or ``sys.path``: a project that uses
this component may have its own ``handlers`` directory, and that must not end up in our function.
In the archive it is the top-level ``handlers`` package, so its modules import each other
relatively. Files are listed in sorted order and
byte-compiled caches are skipped, so the same source always gives the same archive and hash.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import pulumi

from .. import handlers
from ..handlers.contract import HANDLER_MODULE

PACKAGE = HANDLER_MODULE.split(".")[0]
_SKIPPED_DIRS = frozenset({"__pycache__"})
_SKIPPED_SUFFIXES = frozenset({".pyc", ".pyo"})


def handlers_dir() -> Path:
    """The directory of the installed ``multi_region_api.handlers`` package."""
    return Path(handlers.__file__).resolve().parent


def package_files(root: Path) -> list[Path]:
    """Every file the archive holds, sorted by their path inside the package."""
    if not root.is_dir():
        raise FileNotFoundError(f"the Lambda code package {root} does not exist")
    return sorted(
        (
            path
            for path in root.rglob("*")
            if path.is_file()
            and path.suffix not in _SKIPPED_SUFFIXES
            and not _SKIPPED_DIRS.intersection(path.relative_to(root).parts)
        ),
        key=lambda path: path.relative_to(root).as_posix(),
    )


@dataclass(frozen=True)
class LambdaCode:
    """The archive handed to ``aws.lambda_.Function`` and a hash of its content for triggers."""

    archive: pulumi.AssetArchive
    sha256: str
    files: tuple[str, ...]


def lambda_code(root: Path | None = None) -> LambdaCode:
    """Build the archive once; every region ships the same code."""
    root = root or handlers_dir()
    digest = hashlib.sha256()
    assets: dict[str, pulumi.Asset | pulumi.Archive] = {}
    for path in package_files(root):
        key = f"{PACKAGE}/{path.relative_to(root).as_posix()}"
        digest.update(key.encode())
        digest.update(b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
        assets[key] = pulumi.FileAsset(str(path))
    return LambdaCode(
        archive=pulumi.AssetArchive(assets), sha256=digest.hexdigest(), files=tuple(assets)
    )
