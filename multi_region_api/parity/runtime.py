"""What Lambda runs, rebuilt locally: CPython 3.13, the function's archive, the layer, the SDK.

* The task directory holds exactly the files of ``lambda_code()`` under their archive keys,
  zipped and unzipped as Pulumi's ``AssetArchive`` ships them.
* The layer is built as the Powertools layer is: ``pip install --target python/`` of
  ``layer_requirements()`` on CPython 3.13, then every distribution the runtime provides
  (``RUNTIME_PROVIDED``) is removed file by file from its own RECORD.
* The runtime's SDK is ``boto3`` and ``botocore`` of ``RUNTIME_BOTO3_VERSION`` in a directory of
  its own.

Both are byte-compiled once; the task directory is not (Lambda cannot write ``/var/task``, and the
archive carries no ``.pyc``), so the handler's own modules compile on every cold start, as there.

Layer and SDK are cached under ``<venv>/parity-cache/<key>`` (``$PARITY_CACHE`` overrides it), the
key a hash of the release's pins and the interpreter, so a pin change rebuilds and a repeat run
costs nothing. Any release of ``lambda_runtime.POWERTOOLS_LAYER_VERSIONS`` can be built, so the
benchmarks compare the pinned release with the previous one. ``python -m multi_region_api.parity``
builds the cache (``make parity-cache``, which ``make test`` runs first); the tier's fixtures and
the benchmarks build it too when it is missing.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import distributions
from pathlib import Path
from typing import TYPE_CHECKING

from multi_region_api.components import lambda_runtime

if TYPE_CHECKING:
    from multi_region_api.components.app_args import AppSettings

PARITY_PYTHON_ENV = "PARITY_PYTHON"
PARITY_CACHE_ENV = "PARITY_CACHE"
HOW_TO_GET_ONE = (
    f"no CPython {lambda_runtime.PYTHON_VERSION} for the runtime-parity tier: install one "
    f"(`pyenv install {lambda_runtime.PYTHON_VERSION}`, or actions/setup-python in CI) or set "
    f"{PARITY_PYTHON_ENV}=/path/to/python{lambda_runtime.PYTHON_VERSION}"
)
PIP_TIMEOUT_S = 900


class NoParityPython(RuntimeError):
    """No interpreter of the Lambda runtime's Python version exists on this machine."""


def cache_root() -> Path:
    """``$PARITY_CACHE``, else ``parity-cache`` in the running environment (the project's venv)."""
    explicit = os.environ.get(PARITY_CACHE_ENV)
    return Path(explicit) if explicit else Path(sys.prefix) / "parity-cache"


def _version_of(python: str) -> str | None:
    """``major.minor`` of ``python``, or ``None`` when it does not run (a dangling pyenv shim)."""
    try:
        run = subprocess.run(  # noqa: S603 - an interpreter the user or PATH named
            [python, "-I", "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except OSError:
        return None
    return run.stdout.strip() if run.returncode == 0 else None


def _pyenv_candidates() -> list[str]:
    pyenv = shutil.which("pyenv")
    if not pyenv:
        return []
    run = subprocess.run(  # noqa: S603 - pyenv from PATH
        [pyenv, "root"], capture_output=True, text=True, timeout=30, check=False
    )
    versions = Path(run.stdout.strip()) / "versions"
    wanted = lambda_runtime.PYTHON_VERSION
    found = sorted(versions.glob(f"{wanted}.*/bin/python{wanted}"), reverse=True)
    return [str(path) for path in found]


def find_python() -> str:
    """``$PARITY_PYTHON``, else ``python3.13`` on PATH, else any pyenv-installed 3.13."""
    wanted = lambda_runtime.PYTHON_VERSION
    explicit = os.environ.get(PARITY_PYTHON_ENV)
    if explicit:
        if _version_of(explicit) != wanted:
            raise NoParityPython(f"{PARITY_PYTHON_ENV}={explicit} is not CPython {wanted}")
        return explicit
    on_path = shutil.which(f"python{wanted}")
    for candidate in ([on_path] if on_path else []) + _pyenv_candidates():
        if _version_of(candidate) == wanted:
            return candidate
    raise NoParityPython(HOW_TO_GET_ONE)


@dataclass(frozen=True)
class Runtime:
    """An interpreter and the two cached directories Lambda would put on its path."""

    python: str
    layer: Path  # the layer's ``python/`` directory (``/opt/python``)
    sdk: Path  # the runtime's boto3 (``/var/runtime``)
    release: str = lambda_runtime.POWERTOOLS_VERSION  # the Powertools release of the layer


def _full_version(python: str) -> str:
    run = subprocess.run(  # noqa: S603 - the parity interpreter
        [python, "-I", "-c", "import platform, sys; print(sys.version, platform.machine())"],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    return run.stdout.strip()


def cache_key(python: str, release: str = lambda_runtime.POWERTOOLS_VERSION) -> str:
    """A hash of everything the cached directories depend on."""
    pins = {
        "layer": lambda_runtime.layer_requirements(release),
        "provided": list(lambda_runtime.RUNTIME_PROVIDED),
        "sdk": lambda_runtime.RUNTIME_BOTO3_VERSION,
        "python": _full_version(python),
    }
    text = json.dumps(pins, sort_keys=True)
    return f"py{lambda_runtime.PYTHON_VERSION}-{hashlib.sha256(text.encode()).hexdigest()[:16]}"


def pip_install(python: str, target: Path, requirements: list[str]) -> None:
    run = subprocess.run(  # noqa: S603 - pip of the parity interpreter, pinned requirements
        [
            python,
            "-I",
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "--no-warn-script-location",
            "--no-compile",
            "--target",
            str(target),
            *requirements,
        ],
        capture_output=True,
        text=True,
        timeout=PIP_TIMEOUT_S,
        check=False,
    )
    if run.returncode != 0:
        raise RuntimeError(f"pip install {' '.join(requirements)} failed:\n{run.stderr[-4000:]}")


def _compile(python: str, target: Path) -> None:
    """Byte-compile once, as a read-only ``/opt`` or ``/var/runtime`` must ship to be fast."""
    subprocess.run(  # noqa: S603 - the parity interpreter's compileall on our own directory
        [python, "-I", "-m", "compileall", "-q", "-j", "0", str(target)],
        capture_output=True,
        timeout=PIP_TIMEOUT_S,
        check=True,
    )


def _normalized(name: str) -> str:
    return name.lower().replace("_", "-").replace(".", "-")


def remove_distributions(site: Path, names: tuple[str, ...]) -> list[str]:
    """Delete the installed files (from each RECORD) of ``names`` under ``site``; their names."""
    wanted = {_normalized(n) for n in names}
    removed = []
    for dist in distributions(path=[str(site)]):
        if _normalized(dist.metadata["Name"]) not in wanted:
            continue
        removed.append(dist.metadata["Name"])
        for file in dist.files or ():
            path = Path(str(dist.locate_file(file))).resolve()
            if path.is_relative_to(site.resolve()) and path.is_file():
                path.unlink()
    for directory in sorted(site.rglob("*"), key=lambda p: len(p.parts), reverse=True):
        if directory.is_dir() and not any(directory.iterdir()):
            directory.rmdir()
    return removed


def _build(destination: Path, fill: Callable[[Path], None]) -> None:
    """Build into a scratch directory beside ``destination`` and rename: never half a cache."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f".{destination.name}-", dir=destination.parent))
    try:
        fill(scratch)
        scratch.rename(destination)
    except OSError:
        if not destination.is_dir():  # not a concurrent run that finished first
            raise
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def ensure_runtime(
    python: str | None = None,
    *,
    release: str = lambda_runtime.POWERTOOLS_VERSION,
    log: bool = False,
) -> Runtime:
    """The cached layer of ``release`` and the SDK for ``python`` (found if not given), built
    when missing."""
    requirements = lambda_runtime.layer_requirements(release)  # refuses an unpinned release
    python = python or find_python()
    root = cache_root() / cache_key(python, release)
    layer_root, sdk = root / "layer", root / "sdk"

    def layer(scratch: Path) -> None:
        pip_install(python, scratch / "python", requirements)
        remove_distributions(scratch / "python", lambda_runtime.RUNTIME_PROVIDED)
        _compile(python, scratch / "python")

    def runtime_sdk(scratch: Path) -> None:
        # The runtime ships boto3 with the botocore of the same release.
        release = lambda_runtime.RUNTIME_BOTO3_VERSION
        pip_install(python, scratch, [f"boto3=={release}", f"botocore=={release}"])
        _compile(python, scratch)

    for destination, fill, what in ((layer_root, layer, "layer"), (sdk, runtime_sdk, "SDK")):
        if not destination.is_dir():
            started = time.perf_counter()
            _build(destination, fill)
            if log:
                took = time.perf_counter() - started
                print(f"parity: built the {what} of Powertools {release} in {took:.1f} s")
    return Runtime(python=python, layer=layer_root / "python", sdk=sdk, release=release)


PARITY_STACK = "us"
"""The stack whose application the tier runs (this repository's: the example, as ``routers``)."""


def stack_app(project_dir: Path, stack: str = PARITY_STACK) -> AppSettings | None:
    """``stack``'s ``app`` setting, read from ``project_dir``'s ``Pulumi.<stack>.yaml``."""
    from multi_region_api.components.stack_config import load_stack_settings

    return load_stack_settings(stack, project_dir).settings.app


def unpack_task(destination: Path, app: AppSettings | None = None) -> list[str]:
    """The archive of ``app`` on the platform unpacked into ``destination`` (``/var/task``); its
    keys.

    Zipped from ``lambda_code(app)``'s assets, as Pulumi uploads the ``AssetArchive``, and
    unzipped as Lambda does, so a file the archive leaves out is missing here too.
    """
    import pulumi  # only when an archive is built: the SDK is a slow import

    from multi_region_api.components.lambda_package import lambda_code

    code = lambda_code(app)
    archive = destination.with_suffix(".zip")
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        for key, asset in code.archive.assets.items():
            if not isinstance(asset, pulumi.FileAsset):
                raise TypeError(f"{key}: the archive holds a {type(asset).__name__}, not a file")
            zipped.write(asset.path, key)
    with zipfile.ZipFile(archive) as zipped:
        zipped.extractall(destination)
    archive.unlink()
    return list(code.files)


def main(argv: list[str] | None = None) -> int:
    """Build the cache (``make parity-cache``); one readable line when no 3.13 exists."""
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m multi_region_api.parity",
        description="Build the runtime-parity cache: the Powertools layer and the Lambda SDK.",
    )
    parser.add_argument(
        "--release",
        action="append",
        choices=sorted(lambda_runtime.POWERTOOLS_LAYER_VERSIONS),
        help=f"Powertools release(s) to build (default {lambda_runtime.POWERTOOLS_VERSION})",
    )
    releases = parser.parse_args(argv).release or [lambda_runtime.POWERTOOLS_VERSION]
    try:
        for release in releases:
            runtime = ensure_runtime(release=release, log=True)
            print(f"parity: {runtime.python}, layer {runtime.layer}, SDK {runtime.sdk}")
    except NoParityPython as missing:
        print(f"parity: {missing}", file=sys.stderr)
        return 1
    return 0
