"""The Lambda code: a deterministic archive of the platform runtime, the app and its dependencies.

Archive root, as Lambda puts it on ``sys.path`` (``/var/task``):

- ``multi_region_api/__init__.py``, ``multi_region_api/handlers/**`` and, when installed,
  ``multi_region_api/runtime/**``: the platform, read from the installed package (never from the
  caller's working directory or ``sys.path``, where a project's own ``handlers`` may live);
- the *contents* of ``app.path`` (like SAM's ``CodeUri``), so the app's modules import by their
  own names;
- the app's dependencies, installed by ``app_dependencies.build_dependencies``.

Skipped everywhere: byte-code caches (Lambda cannot write them and a ``.pyc`` only makes the
archive differ by interpreter), names starting with ``.`` (VCS folders, tool caches, ``.env``
files that often hold secrets, ``.venv``) and virtualenvs (a folder with ``pyvenv.cfg``). An app's
``tests/`` ship if they are under ``path``: keep them beside it, as the example does.

Files are keyed and hashed in sorted order over path and content, so the same inputs give the
same archive and hash. Two sources providing the same top-level import name (``x.py`` or ``x/``)
is an error: one would shadow the other on Lambda. Lambda's size limits are checked here, before
any resource exists.
"""

from __future__ import annotations

import hashlib
import importlib.util
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pulumi

from . import app_dependencies
from .app_args import AppSettings
from .args_error import ArgsError
from .lambda_size import LambdaSizeError, check_lambda_size

PLATFORM_PACKAGE = "multi_region_api"
_PLATFORM_PARTS = ("__init__.py", "handlers", "runtime")
_SKIPPED_DIRS = frozenset({"__pycache__"})
_SKIPPED_SUFFIXES = frozenset({".pyc", ".pyo"})


def platform_parts() -> dict[str, Path]:
    """Archive part -> where the installed package has it. Found through the import system,
    because a source checkout maps ``handlers/`` into the package from outside its folder."""
    parts: dict[str, Path] = {}
    for part in _PLATFORM_PARTS:
        module = PLATFORM_PACKAGE if part == "__init__.py" else f"{PLATFORM_PACKAGE}.{part}"
        spec = importlib.util.find_spec(module)
        if spec is None or spec.origin is None:
            continue
        origin = Path(spec.origin).resolve()
        parts[part] = origin if part == "__init__.py" else origin.parent
    return parts


def _skipped(relative: Path) -> bool:
    return (
        relative.suffix in _SKIPPED_SUFFIXES
        or bool(_SKIPPED_DIRS.intersection(relative.parts))
        or any(part.startswith(".") for part in relative.parts)
    )


def _walk(root: Path) -> Iterator[Path]:
    """Files under ``root``, without descending into skipped folders or virtualenvs."""
    for path in sorted(root.iterdir()):
        relative = path.relative_to(root)
        if _skipped(relative):
            continue
        if path.is_dir():
            if (path / "pyvenv.cfg").is_file():
                continue
            yield from _walk(path)
        elif path.is_file():
            yield path


def tree_files(root: Path, prefix: str = "") -> dict[str, Path]:
    """``prefix + relative posix path`` -> file, for every file under ``root`` that ships."""
    if not root.is_dir():
        raise FileNotFoundError(f"the Lambda code directory {root} does not exist")
    return {f"{prefix}{path.relative_to(root).as_posix()}": path for path in _walk(root)}


def platform_files(root: Path | None = None) -> dict[str, Path]:
    """The platform's runtime: the package's ``__init__``, ``handlers`` and ``runtime``
    (``root`` stands in for the installed package, laid out as in a wheel)."""
    parts = platform_parts() if root is None else {p: root / p for p in _PLATFORM_PARTS}
    files: dict[str, Path] = {}
    for part, path in parts.items():
        if path.is_file():
            files[f"{PLATFORM_PACKAGE}/{part}"] = path
        elif path.is_dir():
            files.update(tree_files(path, f"{PLATFORM_PACKAGE}/{part}/"))
    if f"{PLATFORM_PACKAGE}/handlers/__init__.py" not in files:
        raise FileNotFoundError(f"the Lambda code package {parts.get('handlers')} does not exist")
    return files


def _import_name(key: str) -> str:
    """The name a top-level archive entry is imported as (``x.py`` and ``x/`` are both ``x``)."""
    top = key.split("/", 1)[0]
    return top.removesuffix(".py") if "/" not in key else top


def _merge(sources: list[tuple[str, str, dict[str, Path]]]) -> dict[str, Path]:
    """Join ``(field, what, files)`` sources; a shared top-level name is an ``ArgsError``
    naming the later source's field and file."""
    merged: dict[str, Path] = {}
    owners: dict[str, str] = {}
    for field_name, what, files in sources:
        names: dict[str, str] = {}
        for key in files:
            names.setdefault(_import_name(key), key)
        for name, key in names.items():
            if name in owners:
                raise ArgsError(
                    field_name,
                    f"{what} file {key!r} collides with the {owners[name]}'s {name!r} at the "
                    "archive's root (one would shadow the other on Lambda); rename it",
                )
        owners.update(dict.fromkeys(names, what))
        merged.update(files)
    return merged


@dataclass(frozen=True)
class LambdaCode:
    """The archive handed to ``aws.lambda_.Function`` and a hash of its content for triggers."""

    archive: pulumi.AssetArchive
    sha256: str
    files: tuple[str, ...]
    unzipped_bytes: int = 0
    zipped_bytes: int = 0
    """Upper bound when the archive is small (stored size); the deflated size when it matters."""


def dependencies_dir(app: AppSettings) -> Path | None:
    """The app's installed requirements (seam: ``app_dependencies.build_dependencies``)."""
    if app.requirements is None:
        return None
    try:
        return app_dependencies.build_dependencies(app.requirements)
    except app_dependencies.DependencyError as exc:
        raise ArgsError("app.requirements", str(exc)) from None


def lambda_code(app: AppSettings | None = None, *, platform_root: Path | None = None) -> LambdaCode:
    """Build the archive once; every region ships the same code."""
    sources = [("app", "platform", platform_files(platform_root))]
    if app is not None:
        sources.append(("app.path", "app", tree_files(app.path)))
        deps = dependencies_dir(app)
        if deps is not None:
            sources.append(("app.requirements", "dependency", tree_files(deps)))
    files = dict(sorted(_merge(sources).items()))
    try:
        size = check_lambda_size(files)
    except LambdaSizeError as exc:
        raise ArgsError("app", f"{exc}: trim app.path or app.requirements") from None
    digest = hashlib.sha256()
    for key, path in files.items():
        digest.update(key.encode())
        digest.update(b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    assets: dict[str, pulumi.Asset | pulumi.Archive] = {
        key: pulumi.FileAsset(str(path)) for key, path in files.items()
    }
    return LambdaCode(
        archive=pulumi.AssetArchive(assets),
        sha256=digest.hexdigest(),
        files=tuple(files),
        unzipped_bytes=size.unzipped,
        zipped_bytes=size.zipped,
    )
