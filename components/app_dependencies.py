"""An application's dependencies, installed as wheels for the pinned Lambda runtime, cached.

The Pulumi program runs on the deployer's machine (any OS, any CPython >= 3.11); the function runs
CPython 3.13 on Amazon Linux 2023 arm64. A plain ``pip install`` would install the host's wheels
and silently ship an x86_64 or macOS ``.so``. So pip is asked for the runtime's tags
(``--python-version``/``--implementation cp``/``--platform manylinux_2_<n>_<arch>`` for every glibc
up to the runtime's, since pip does not expand those tags itself) with ``--only-binary=:all:``:
a package without such a wheel fails here, at ``pulumi preview``, naming itself, instead of with an
``ImportError`` in the first request.

What Lambda already has is never shipped again: the Powertools layer (``[all]`` at the pinned
release) and the runtime's SDK. They are pip constraints of the install, so a transitive
``urllib3`` resolves to the runtime's own release instead of whatever is newest, and then they are
removed from the directory. A requirement those releases do not satisfy is a ``DependencyError``
naming both versions: a second copy in ``/var/task`` would shadow the layer's for the platform's
own code too.

Their distributions and versions are ``PROVIDED`` below, a checked-in snapshot, not a resolution at
build time: the layer was built once, on a date, from PyPI, and a fresh resolution drifts with
every release of a floating dependency and with the deployer's pip configuration (mirrors,
find-links). The snapshot is reproducible, offline and reviewable; ``PROVIDED_FOR`` records the pin
it belongs to, a unit test fails when ``lambda_runtime`` moves without it, and
``resolve_provided()`` regenerates it (a network test compares the two).

The output is deterministic (same requirements and pin, byte-identical files and mtimes) and
cached under ``${XDG_CACHE_HOME:-~/.cache}/multi-region-api/dependencies/<hash>``, the hash over
the requirements' content, any local wheel's content, the pin and ``FORMAT_VERSION``; the cache
entry appears by an atomic rename, so an interrupted build leaves none.

Requirements files are pip's format, with what cannot reproduce a Lambda archive refused:
editable (``-e``) and source installs (VCS URLs, local directories, sdists, ``--no-binary``), and
nested ``-r``/``-c`` files (their content would escape the cache key; inline them). Index
options (``--index-url``, ``--extra-index-url``, ``--trusted-host``, ``--find-links`` to a URL)
pass through: private indexes are common and the file's content is in the key. Local ``.whl``
files are allowed (relative to the requirements file; their bytes are in the key), and so are
``https`` wheel URLs (pin them with ``#sha256=``). The deployer's own pip configuration
applies, as for any pip call.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from email.parser import HeaderParser
from pathlib import Path

from multi_region_api.handlers.contract import PROJECT_NAME
from packaging.markers import default_environment
from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from . import lambda_runtime as rt

FORMAT_VERSION = 1
"""Bump when the directory's content changes for the same inputs (a new normalisation)."""

CACHE_ENV = "XDG_CACHE_HOME"
PIP_TIMEOUT_S = 900

# glibc of each Python runtime's OS (Lambda docs, "Lambda runtimes": python3.12 and later run on
# Amazon Linux 2023, glibc 2.34). A runtime missing here fails loudly instead of guessing.
RUNTIME_GLIBC: dict[str, tuple[int, int]] = {"python3.12": (2, 34), "python3.13": (2, 34)}
MANYLINUX_ARCH = {"arm64": "aarch64", "x86_64": "x86_64"}
OLDEST_MANYLINUX = (2, 17)  # manylinux2014, the oldest tag that exists for aarch64

PROVIDED_FOR = {
    "runtime": "python3.13",
    "architecture": "arm64",
    "powertools": "3.34.0",
    "pydantic": "2.13.4",
    "boto3": "1.40.4",
}
"""The pin ``PROVIDED`` was resolved for; ``provided()`` refuses to use it for another."""

LAYER_RESOLVED_BEFORE = "2026-08-11T00:00:00Z"
"""The layer's build date (lambda_runtime: 3.34.0 built 2026-08-10), as pip's
``--uploaded-prior-to``."""

# resolve_provided(): `aws-lambda-powertools[all]==3.34.0 pydantic==2.13.4 boto3==1.40.4
# botocore==1.40.4` for cp313 manylinux aarch64 on PyPI, files uploaded before the layer's build.
PROVIDED: dict[str, dict[str, str]] = {
    "layer": {
        "annotated-types": "0.8.0",
        "attrs": "26.1.0",
        "aws-encryption-sdk": "4.0.6",
        "aws-lambda-powertools": "3.34.0",
        "aws-xray-sdk": "2.15.0",
        "cffi": "2.1.1",
        "cryptography": "50.0.0",
        "fastjsonschema": "2.22.1",
        "jsonpath-ng": "1.8.0",
        "pycparser": "3.0",
        "pydantic": "2.13.4",
        "pydantic-core": "2.46.4",
        "pydantic-settings": "2.15.0",
        "python-dotenv": "1.2.2",
        "typing-extensions": "4.16.0",
        "typing-inspection": "0.4.3",
        "wrapt": "2.3.0",
    },
    "runtime": {
        "boto3": "1.40.4",
        "botocore": "1.40.4",
        "jmespath": "1.1.0",
        "python-dateutil": "2.9.0.post0",
        "s3transfer": "0.13.1",
        "six": "1.17.0",
        "urllib3": "2.7.0",
    },
}


class DependencyError(ValueError):
    """A requirement that cannot go into the function's archive; the message names it."""


@dataclass(frozen=True)
class Provided:
    version: str
    by: str  # "the Powertools layer" or "the python3.13 runtime"


def _current_pin() -> dict[str, str]:
    return {
        "runtime": rt.LAMBDA_RUNTIME,
        "architecture": rt.LAMBDA_ARCHITECTURE,
        "powertools": rt.POWERTOOLS_VERSION,
        "pydantic": rt.LAYER_PYDANTIC_VERSION,
        "boto3": rt.RUNTIME_BOTO3_VERSION,
    }


def provided() -> dict[str, Provided]:
    """Every distribution Lambda already has, by canonical name."""
    if _current_pin() != PROVIDED_FOR:
        raise RuntimeError(
            f"app_dependencies.PROVIDED is for {PROVIDED_FOR}, the runtime pin is now "
            f"{_current_pin()}: regenerate it with resolve_provided()"
        )
    by = {
        "layer": f"the Powertools {rt.POWERTOOLS_VERSION} layer",
        "runtime": f"the {rt.LAMBDA_RUNTIME} runtime",
    }
    return {
        name: Provided(version, by[source])
        for source, versions in PROVIDED.items()
        for name, version in versions.items()
    }


def provided_constraints() -> str:
    """What Lambda has, as a pip constraints file: the builder's own, and what a user's lock
    tool (``pip-compile -c``, ``uv pip compile -c``) needs to pin what the archive will not ship."""
    return "".join(f"{name}=={have.version}\n" for name, have in sorted(provided().items()))


def platform_tags() -> list[str]:
    """``manylinux_2_<n>_<arch>`` for every glibc the runtime can load, newest first."""
    try:
        major, newest = RUNTIME_GLIBC[rt.LAMBDA_RUNTIME]
        arch = MANYLINUX_ARCH[rt.LAMBDA_ARCHITECTURE]
    except KeyError as unknown:
        raise RuntimeError(f"no manylinux tags are known for {unknown}") from None
    tags = [
        f"manylinux_{major}_{minor}_{arch}" for minor in range(newest, OLDEST_MANYLINUX[1] - 1, -1)
    ]
    return [*tags, f"manylinux2014_{arch}"]


def target_pip_options() -> list[str]:
    """pip options that select wheels for the pinned runtime and nothing else."""
    platforms = [option for tag in platform_tags() for option in ("--platform", tag)]
    return [
        "--only-binary=:all:",
        "--implementation",
        "cp",
        "--python-version",
        rt.PYTHON_VERSION,
        *platforms,
    ]


def _target_environment() -> dict[str, str]:
    """PEP 508 marker values of the Lambda runtime, for the requirements' own markers."""
    environment = {key: str(value) for key, value in default_environment().items()}
    environment.update(
        implementation_name="cpython",
        platform_python_implementation="CPython",
        python_version=rt.PYTHON_VERSION,
        python_full_version=f"{rt.PYTHON_VERSION}.0",
        implementation_version=f"{rt.PYTHON_VERSION}.0",
        os_name="posix",
        sys_platform="linux",
        platform_system="Linux",
        platform_machine=MANYLINUX_ARCH[rt.LAMBDA_ARCHITECTURE],
    )
    return environment


# ---- the requirements file ---------------------------------------------------------------------

_COMMENT = re.compile(r"(^|\s+)#.*$")
_PASSED_OPTIONS = frozenset(
    {"--index-url", "-i", "--extra-index-url", "--trusted-host", "--pre", "--prefer-binary"}
)
_VALUE_OPTIONS = frozenset({"--index-url", "-i", "--extra-index-url", "--trusted-host"})
_REFUSED_OPTIONS = {
    "-e": "an editable install cannot go into an archive",
    "--editable": "an editable install cannot go into an archive",
    "-r": "nested requirements files are not in the cache key: inline them",
    "--requirement": "nested requirements files are not in the cache key: inline them",
    "-c": "nested constraints files are not in the cache key: inline them",
    "--constraint": "nested constraints files are not in the cache key: inline them",
    "--no-binary": "only wheels can be installed for the Lambda runtime",
}
_VCS = re.compile(r"^(git|hg|svn|bzr)\+", re.IGNORECASE)


@dataclass(frozen=True)
class Requirements:
    """A requirements file as pip will get it, and what its cache key must cover."""

    lines: tuple[str, ...]
    """What pip reads: options as written, requirements without markers, local paths absolute."""
    names: tuple[str, ...]
    local_wheels: tuple[Path, ...]


def _logical_lines(text: str) -> Iterator[tuple[int, str]]:
    """pip's line handling: comments stripped, backslash continuations joined."""
    pending, start = "", 0
    for number, raw in enumerate(text.splitlines(), start=1):
        line = _COMMENT.sub("", raw)
        if not pending:
            start = number
        if line.endswith("\\"):
            pending += line[:-1]
            continue
        line, pending = (pending + line).strip(), ""
        if line:
            yield start, line
    if pending.strip():
        yield start, pending.strip()


def _split_option(line: str) -> tuple[str, str]:
    """``--name=value``, ``--name value`` or ``-n value``: the value keeps any ``=`` of its own."""
    parts = re.split(r"=|\s+", line, maxsplit=1)
    return parts[0], parts[1].strip() if len(parts) > 1 else ""


def _option(line: str, where: str) -> str:
    name, value = _split_option(line)
    if name in _REFUSED_OPTIONS:
        raise DependencyError(f"{where}: {line!r}: {_REFUSED_OPTIONS[name]}")
    if name in ("-f", "--find-links"):
        if not re.match(r"https?://", value):
            raise DependencyError(
                f"{where}: {line!r}: a local --find-links directory is not in the cache key; "
                "name the wheel files instead"
            )
        return f"--find-links {value}"
    if name not in _PASSED_OPTIONS:
        raise DependencyError(f"{where}: {line!r}: option not supported for a Lambda archive")
    if name in _VALUE_OPTIONS and not value:
        raise DependencyError(f"{where}: {line!r}: the option needs a value")
    return f"{name} {value}".strip()


def _local_wheel(location: str, base: Path, where: str) -> Path:
    path = Path(location.removeprefix("file://")).expanduser()
    path = path if path.is_absolute() else (base / path)
    if path.suffix != ".whl":
        raise DependencyError(
            f"{where}: {location!r}: only a wheel can be installed for the Lambda runtime, "
            "not a source directory or archive"
        )
    if not path.is_file():
        raise DependencyError(f"{where}: {location!r}: no such wheel file ({path})")
    return path.resolve()


def parse_requirements(path: Path) -> Requirements:
    """The requirements file checked for what cannot build a Lambda archive, ready for pip."""
    try:
        text = path.read_text()
    except OSError as error:
        raise DependencyError(f"{path}: cannot read the requirements file ({error})") from None
    base = path.resolve().parent
    environment = _target_environment()
    lines: list[str] = []
    names: list[str] = []
    wheels: list[Path] = []
    for number, line in _logical_lines(text):
        where = f"{path.name}:{number}"
        if line.startswith("-"):
            lines.append(_option(line, where))
            continue
        requirement_text, *hashes = re.split(r"\s+(?=--)", line)
        extra = [h for h in hashes if not h.startswith("--hash")]
        if extra:
            raise DependencyError(f"{where}: {line!r}: per-requirement options are not supported")
        hash_options = " ".join(hashes)
        if _VCS.match(requirement_text) or re.search(r"@\s*(git|hg|svn|bzr)\+", requirement_text):
            raise DependencyError(
                f"{where}: {requirement_text!r}: a VCS requirement is built from source; "
                "build a wheel and name it, or publish it to an index"
            )
        if re.match(r"^(\.|/|~|file:)", requirement_text) or (
            requirement_text.endswith(".whl") and not re.search(r"@|://", requirement_text)
        ):
            wheel = _local_wheel(requirement_text, base, where)
            wheels.append(wheel)
            lines.append(f"{wheel} {hash_options}".strip())
            names.append(canonicalize_name(wheel.name.split("-")[0]))
            continue
        try:
            requirement = Requirement(requirement_text)
        except InvalidRequirement as error:
            raise DependencyError(
                f"{where}: {requirement_text!r}: not a requirement ({error})"
            ) from None
        if requirement.marker is not None and not requirement.marker.evaluate(environment):
            continue
        if requirement.url is not None:
            url = requirement.url.split("#")[0]
            if url.startswith("file:"):
                wheel = _local_wheel(url, base, where)
                wheels.append(wheel)
                requirement.url = wheel.as_uri()
            elif not url.endswith(".whl"):
                raise DependencyError(
                    f"{where}: {requirement.name}: {url} is not a wheel; only wheels can be "
                    "installed for the Lambda runtime"
                )
        requirement.marker = None
        names.append(canonicalize_name(requirement.name))
        lines.append(f"{requirement} {hash_options}".strip())
    return Requirements(tuple(lines), tuple(names), tuple(wheels))


def _without_provided(path: Path, requirements: Requirements) -> Requirements:
    """Refuse a direct requirement Lambda answers in another version; leave out one it answers
    as it is (no extras to add), so pip does not fetch what would be deleted."""
    by_name = provided()
    lines: list[str] = []
    names: list[str] = []
    named = iter(requirements.names)  # one per line that is not an option, in order
    for line in requirements.lines:
        name = None if line.startswith("-") else next(named)
        if name is not None and name in by_name and not Path(line.split(" --")[0]).is_absolute():
            have = by_name[name]
            requirement = Requirement(line.split(" --")[0])
            if requirement.url is not None or not requirement.specifier.contains(
                have.version, prereleases=True
            ):
                raise DependencyError(
                    f"{name}: {path.name} asks for {requirement.specifier or requirement.url}, "
                    f"{have.by} provides {name} {have.version}; a second copy would shadow it"
                )
            if not requirement.extras:
                continue
        lines.append(line)
        names.extend([name] if name else [])
    return Requirements(tuple(lines), tuple(names), requirements.local_wheels)


# ---- the cache ---------------------------------------------------------------------------------


def cache_root() -> Path:
    base = os.environ.get(CACHE_ENV) or str(Path.home() / ".cache")
    return Path(base) / PROJECT_NAME / "dependencies"


def cache_key(requirements_text: bytes, requirements: Requirements) -> str:
    """A hash of everything the directory depends on."""
    inputs = {
        "format": FORMAT_VERSION,
        "requirements": hashlib.sha256(requirements_text).hexdigest(),
        "wheels": [
            hashlib.sha256(wheel.read_bytes()).hexdigest() for wheel in requirements.local_wheels
        ],
        "pin": _current_pin(),
        "python": rt.PYTHON_VERSION,
        "platforms": platform_tags(),
        "provided": PROVIDED,
    }
    return hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()[:32]


def build_dependencies(requirements: Path, *, cache_dir: Path | None = None) -> Path:
    """Install the requirements as wheels for the pinned runtime into a cached directory (keyed
    by the hash of the requirements' content and the runtime pin) and return it. Raises
    DependencyError (a ValueError) naming the package on any refusal."""
    parsed = _without_provided(requirements, parse_requirements(requirements))
    root = cache_dir if cache_dir is not None else cache_root()
    destination = root / cache_key(requirements.read_bytes(), parsed)
    if destination.is_dir():
        return destination
    root.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f".{destination.name}-", dir=root))
    try:
        site = scratch / "site"
        site.mkdir()
        if parsed.names:
            _pip_install(scratch, site, parsed)
            _drop_provided(site, requirements)
        normalise(site)
        try:
            site.rename(destination)
        except OSError:
            if not destination.is_dir():  # not a concurrent build that finished first
                raise
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return destination


# ---- pip ---------------------------------------------------------------------------------------

_NO_MATCH = re.compile(r"No matching distribution found for (\S+)")
_CONSTRAINT = re.compile(r"\(constraint\)\s+([A-Za-z0-9._-]+)")
_CAUSE = re.compile(r"The conflict is caused by:\n((?:[ \t]+\S.*\n?)+)")
_DEPENDS = re.compile(r"^\s*([A-Za-z0-9._-]+) [^\s]+ depends on ([A-Za-z0-9._-]+)", re.MULTILINE)


PIP_WITH_RUNTIME_MARKERS = """\
import json, runpy, sys
from pip._vendor.packaging import markers
runtime, host = json.loads(sys.argv[1]), markers.default_environment
markers.default_environment = lambda: {**host(), **runtime}
sys.argv = ["pip", *sys.argv[2:]]
runpy.run_module("pip", run_name="__main__", alter_sys=True)
"""
"""pip, but evaluating dependencies' markers for the runtime. ``--python-version`` and
``--platform`` choose wheels only: pip evaluates ``Requires-Dist`` markers against the interpreter
it runs on, so a 3.11 x86_64 host would leave out ``foo; python_version >= "3.13"`` or
``bar; platform_machine == "aarch64"`` that the function needs. ``Marker.evaluate`` reads
``default_environment()`` (pip's vendored ``packaging``) at each call, the one seam for that."""


def _pip_install(scratch: Path, site: Path, requirements: Requirements) -> None:
    if importlib.util.find_spec("pip") is None:
        raise DependencyError(
            f"app requirements need pip in the Pulumi program's environment ({sys.executable})"
        )
    requirements_file = scratch / "requirements.txt"
    requirements_file.write_text("\n".join(requirements.lines) + "\n")
    constraints = scratch / "constraints.txt"
    constraints.write_text(provided_constraints())
    command = [
        sys.executable,
        "-c",
        PIP_WITH_RUNTIME_MARKERS,
        json.dumps(_target_environment()),
        "install",
        "--disable-pip-version-check",
        "--no-input",
        "--no-compile",
        "--no-warn-script-location",
        *target_pip_options(),
        "--target",
        str(site),
        "--requirement",
        str(requirements_file),
        "--constraint",
        str(constraints),
    ]
    run = subprocess.run(  # noqa: S603 - this interpreter's pip, arguments we built
        command, capture_output=True, text=True, timeout=PIP_TIMEOUT_S, check=False
    )
    if run.returncode != 0:
        raise _pip_failure(run.stdout + run.stderr)


def _pip_failure(output: str) -> DependencyError:
    """Which package pip could not install, and why, in one message with pip's own words."""
    errors = [line for line in output.splitlines() if line.startswith("ERROR")]
    detail = "\n".join(errors[-6:]) or output.strip()[-2000:]
    if missing := _NO_MATCH.search(output):
        name: str
        try:
            name = canonicalize_name(Requirement(missing.group(1)).name)
        except InvalidRequirement:
            name = missing.group(1)
        arch = MANYLINUX_ARCH[rt.LAMBDA_ARCHITECTURE]
        return DependencyError(
            f"{name}: no wheel for CPython {rt.PYTHON_VERSION} on manylinux {arch} "
            f"({rt.LAMBDA_RUNTIME} {rt.LAMBDA_ARCHITECTURE}); pip: {detail}"
        )
    if cause := _CAUSE.search(output):
        detail = " ".join(cause.group(1).split())
    have = provided()
    clashes = sorted({canonicalize_name(n) for n in _CONSTRAINT.findall(output)} & have.keys())
    if clashes:
        dependents = sorted(
            {
                canonicalize_name(who)
                for who, what in _DEPENDS.findall(output)
                if canonicalize_name(what) in clashes
            }
        )
        named = ", ".join(
            f"the {have[n].version} of {n} that {have[n].by} provides" for n in clashes
        )
        return DependencyError(
            f"{', '.join(dependents) or 'a requirement'}: needs another version than {named}; "
            f"pip: {detail}"
        )
    return DependencyError(f"pip could not install the requirements; pip: {detail}")


# ---- the installed tree ------------------------------------------------------------------------

_PIP_WRITTEN = ("INSTALLER", "REQUESTED", "direct_url.json")
FIXED_MTIME = 315_532_800  # 1980-01-01T00:00:00Z, the earliest time a zip entry can carry


def _distributions(site: Path) -> Iterator[tuple[str, str, Path]]:
    """(canonical name, version, dist-info directory) of every distribution under ``site``."""
    for info in sorted(site.glob("*.dist-info")):
        headers = HeaderParser().parsestr((info / "METADATA").read_text(errors="replace"))
        yield canonicalize_name(headers["Name"]), headers["Version"], info


def _same_version(a: str, b: str) -> bool:
    try:
        return Version(a) == Version(b)
    except InvalidVersion:
        return a == b


def _record(info: Path) -> list[tuple[str, Path | None]]:
    """RECORD's rows with the file each names, ``None`` for one outside the directory (a script
    pip put in ``--target``'s ``bin``, named ``../../bin/...``)."""
    record = info / "RECORD"
    if not record.is_file():
        return []
    site = info.parent.resolve()
    rows: list[tuple[str, Path | None]] = []
    for row in filter(None, record.read_text().splitlines()):
        path = (site / row.rsplit(",", 2)[0]).resolve()
        rows.append((row, path if path.is_relative_to(site) else None))
    return rows


def _drop_provided(site: Path, requirements: Path) -> None:
    """Remove what Lambda already has; refuse it in another version."""
    have = provided()
    for name, version, info in list(_distributions(site)):
        if name not in have:
            continue
        if not _same_version(version, have[name].version):
            raise DependencyError(
                f"{name}: {requirements.name} installs {name} {version}, "
                f"{have[name].by} provides {name} {have[name].version}"
            )
        for _row, file in _record(info):
            if file is not None and file.is_file():
                file.unlink()
        shutil.rmtree(info, ignore_errors=True)
    _remove_empty_dirs(site)


def _remove_empty_dirs(site: Path) -> None:
    for directory in sorted(site.rglob("*"), key=lambda p: len(p.parts), reverse=True):
        if directory.is_dir() and not any(directory.iterdir()):
            directory.rmdir()


def normalise(site: Path) -> None:
    """Leave only what the same wheels always give: no pip bookkeeping, no host scripts."""
    shutil.rmtree(site / "bin", ignore_errors=True)  # console scripts carry the host's shebang
    for _name, _version, info in _distributions(site):
        for written in _PIP_WRITTEN:
            (info / written).unlink(missing_ok=True)
        if rows := _record(info):
            kept = "".join(f"{row}\n" for row, file in rows if file is not None and file.is_file())
            (info / "RECORD").write_text(kept)
    _remove_empty_dirs(site)
    for path in site.rglob("*"):
        os.utime(path, (FIXED_MTIME, FIXED_MTIME), follow_symlinks=False)
    os.utime(site, (FIXED_MTIME, FIXED_MTIME))


def archive_files(directory: Path) -> dict[str, Path]:
    """The directory's files by archive key (its contents go at the zip root), sorted."""
    files = sorted(p for p in directory.rglob("*") if p.is_file())
    return {path.relative_to(directory).as_posix(): path for path in files}


def resolve_provided(*, resolved_before: str = LAYER_RESOLVED_BEFORE) -> dict[str, dict[str, str]]:
    """``PROVIDED`` as pip resolves it from PyPI today for the pin (network; regenerates it)."""
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "report.json"
        release = rt.RUNTIME_BOTO3_VERSION
        command = [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--disable-pip-version-check",
            "--no-input",
            "--dry-run",
            "--ignore-installed",
            "--quiet",
            "--index-url",
            "https://pypi.org/simple",
            "--uploaded-prior-to",
            resolved_before,
            "--report",
            str(report),
            *target_pip_options(),
            *rt.layer_requirements(),
            f"boto3=={release}",
            f"botocore=={release}",
        ]
        environment = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
        environment["PIP_CONFIG_FILE"] = os.devnull  # PyPI only, as the layer was built
        if "PIP_CERT" in os.environ:
            environment["PIP_CERT"] = os.environ["PIP_CERT"]
        subprocess.run(  # noqa: S603 - this interpreter's pip, pinned requirements
            command, env=environment, capture_output=True, timeout=PIP_TIMEOUT_S, check=True
        )
        installed = json.loads(report.read_text())["install"]
    runtime = {canonicalize_name(n) for n in rt.RUNTIME_PROVIDED}
    resolved: dict[str, dict[str, str]] = {"layer": {}, "runtime": {}}
    for item in installed:
        name = canonicalize_name(item["metadata"]["name"])
        resolved["runtime" if name in runtime else "layer"][name] = item["metadata"]["version"]
    return {source: dict(sorted(versions.items())) for source, versions in resolved.items()}
