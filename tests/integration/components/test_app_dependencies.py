"""The dependencies builder with the real pip and PyPI: wheels for the runtime, and nothing twice.

One build (module-scoped) serves most tests: a pure-Python wheel with a console script
(``tabulate``), a cp313 manylinux aarch64 wheel (``msgpack``) and the layer's own pydantic release.
Without PyPI the module is skipped, saying so.
"""

from __future__ import annotations

import socket
import struct
import subprocess
import sys
import time
import zipfile
from base64 import urlsafe_b64encode
from collections.abc import Callable
from hashlib import sha256
from pathlib import Path
from typing import Any

import pytest
from multi_region_api.components import app_dependencies as deps
from multi_region_api.components import lambda_runtime as rt


def _pypi_reachable() -> bool:
    try:
        for host in ("pypi.org", "files.pythonhosted.org"):
            socket.create_connection((host, 443), timeout=5).close()
    except OSError:
        return False
    return True


pytestmark = pytest.mark.skipif(
    not _pypi_reachable(), reason="needs PyPI (pypi.org:443) to install wheels for the runtime"
)

REQUIREMENTS = "tabulate==0.9.0\nmsgpack==1.1.1\npydantic==2.13.4\n"
ELF_MACHINE_AARCH64 = 183


class Build:
    def __init__(self, requirements: Path, cache: Path, seconds: float, built: Path) -> None:
        self.requirements, self.cache, self.seconds, self.built = (
            requirements,
            cache,
            seconds,
            built,
        )


def build(requirements: Path, cache: Path) -> Build:
    started = time.perf_counter()
    built = deps.build_dependencies(requirements, cache_dir=cache)
    return Build(requirements, cache, time.perf_counter() - started, built)


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Build:
    root = tmp_path_factory.mktemp("app")
    requirements = root / "requirements.txt"
    requirements.write_text(REQUIREMENTS)
    return build(requirements, root / "cache")


def tree(directory: Path) -> dict[str, tuple[bytes, int, int]]:
    """Every entry's content, mode and mtime, by path."""
    return {
        path.relative_to(directory).as_posix(): (
            path.read_bytes() if path.is_file() else b"",
            path.stat().st_mode,
            path.stat().st_mtime_ns,
        )
        for path in sorted(directory.rglob("*"))
    }


def test_the_wheels_are_installed_at_the_root(app: Build) -> None:
    names = sorted(path.name for path in app.built.iterdir())
    assert names == ["msgpack", "msgpack-1.1.1.dist-info", "tabulate", "tabulate-0.9.0.dist-info"]
    assert app.built.parent == app.cache
    assert not list(app.built.rglob("*.pyc"))


def test_the_compiled_wheel_is_cpython_313_on_aarch64(app: Build) -> None:
    (extension,) = (app.built / "msgpack").glob("*.so")
    assert (
        extension.name
        == f"_cmsgpack.cpython-{rt.PYTHON_VERSION.replace('.', '')}-aarch64-linux-gnu.so"
    )
    header = extension.read_bytes()[:20]
    assert header[:4] == b"\x7fELF"
    assert struct.unpack_from("<H", header, 18)[0] == ELF_MACHINE_AARCH64
    wheel = (app.built / "msgpack-1.1.1.dist-info" / "WHEEL").read_text()
    assert "Tag: cp313-cp313-manylinux" in wheel
    assert "aarch64" in wheel


def test_what_the_layer_has_in_the_same_version_is_not_shipped_twice(app: Build) -> None:
    shipped = {path.name.split("-")[0].lower() for path in app.built.iterdir()}
    for name in ("pydantic", "pydantic_core", "typing_extensions", "annotated_types"):
        assert name not in shipped
    assert not (app.built / "typing_extensions.py").exists()


def test_pip_bookkeeping_and_host_scripts_are_gone(app: Build) -> None:
    """What differs between two pip runs: mtimes, console scripts (the host's shebang) and the
    installer's own files; RECORD lists exactly the files left."""
    assert not (app.built / "bin").exists()
    for info in app.built.glob("*.dist-info"):
        for written in ("INSTALLER", "REQUESTED", "direct_url.json"):
            assert not (info / written).exists()
        listed = {row.rsplit(",", 2)[0] for row in (info / "RECORD").read_text().splitlines()}
        assert not [entry for entry in listed if not (app.built / entry).is_file()]
        assert not [entry for entry in listed if entry.startswith("..")]
    assert {path.stat().st_mtime for path in app.built.rglob("*")} == {deps.FIXED_MTIME}


def test_two_builds_give_identical_trees(app: Build, tmp_path: Path) -> None:
    again = build(app.requirements, tmp_path / "other-cache")
    assert again.built.name == app.built.name
    assert tree(again.built) == tree(app.built)


def test_a_second_build_is_a_cache_hit_without_pip(
    app: Build, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[Any] = []
    real_run: Callable[..., Any] = subprocess.run

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        return real_run(*args, **kwargs)

    monkeypatch.setattr(subprocess, "run", counting)
    before = tree(app.built)
    again = build(app.requirements, app.cache)
    assert again.built == app.built
    assert calls == []
    assert again.seconds < 0.5 < app.seconds
    assert tree(app.built) == before
    assert [path.name for path in app.cache.iterdir()] == [app.built.name]  # no scratch left


def test_a_package_without_a_wheel_is_named(tmp_path: Path) -> None:
    requirements = tmp_path / "requirements.txt"
    requirements.write_text("tabulate==0.9.0\ndocopt==0.6.2\n")  # docopt only ever had an sdist
    with pytest.raises(deps.DependencyError) as refused:
        deps.build_dependencies(requirements, cache_dir=tmp_path / "cache")
    message = str(refused.value)
    assert message.startswith("docopt: no wheel for CPython 3.13 on manylinux aarch64")
    assert "No matching distribution found for docopt==0.6.2" in message
    assert [path.name for path in (tmp_path / "cache").iterdir()] == []


def test_a_dependency_that_needs_another_release_of_the_runtimes_package_is_named(
    tmp_path: Path,
) -> None:
    requirements = tmp_path / "requirements.txt"
    requirements.write_text("requests==2.29.0\n")  # urllib3<1.27; the runtime has 2.7.0
    with pytest.raises(deps.DependencyError) as refused:
        deps.build_dependencies(requirements, cache_dir=tmp_path / "cache")
    message = str(refused.value)
    assert message.startswith("requests: needs another version than the 2.7.0 of urllib3")
    assert "requests 2.29.0 depends on urllib3<1.27" in message


def test_a_transitive_dependency_resolves_to_the_runtimes_release_and_stays_out(
    tmp_path: Path,
) -> None:
    """``requests`` needs urllib3: the constraint picks the runtime's 2.7.0, not the newest."""
    requirements = tmp_path / "requirements.txt"
    requirements.write_text("requests==2.32.3\n")
    built = deps.build_dependencies(requirements, cache_dir=tmp_path / "cache")
    names = {path.name for path in built.iterdir()}
    assert "requests" in names
    assert not {name for name in names if name.startswith("urllib3")}
    assert {"certifi", "idna", "charset_normalizer"} <= names


def test_a_local_wheel_is_installed_without_its_path(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(  # noqa: S603 - pip of this interpreter, a pinned wheel
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--quiet",
            "--no-deps",
            "--only-binary=:all:",
            "--dest",
            str(wheels),
            "tabulate==0.9.0",
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    requirements = tmp_path / "requirements.txt"
    requirements.write_text("./wheels/tabulate-0.9.0-py3-none-any.whl\n")
    built = deps.build_dependencies(requirements, cache_dir=tmp_path / "cache")
    info = built / "tabulate-0.9.0.dist-info"
    assert (built / "tabulate" / "__init__.py").is_file()
    assert not (info / "direct_url.json").exists()
    assert str(tmp_path) not in "".join(p.read_text() for p in info.iterdir() if p.is_file())


def marker_probe(directory: Path) -> Path:
    """A wheel whose dependencies hold for the runtime (3.13, aarch64) and not for this host."""
    metadata = (
        "Metadata-Version: 2.1\nName: markerprobe\nVersion: 1.0\n"
        'Requires-Dist: idna==3.10; platform_machine == "aarch64"\n'
        'Requires-Dist: tabulate==0.9.0; python_version >= "3.13"\n'
        'Requires-Dist: msgpack==1.1.1; python_version < "3.13"\n'
    )
    wheel_text = "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    files = {
        "markerprobe/__init__.py": b"",
        "markerprobe-1.0.dist-info/METADATA": metadata.encode(),
        "markerprobe-1.0.dist-info/WHEEL": wheel_text.encode(),
    }
    record = "".join(
        f"{name},sha256={urlsafe_b64encode(sha256(data).digest()).decode().rstrip('=')},"
        f"{len(data)}\n"
        for name, data in files.items()
    )
    files["markerprobe-1.0.dist-info/RECORD"] = (
        record + "markerprobe-1.0.dist-info/RECORD,,\n"
    ).encode()
    path = directory / "markerprobe-1.0-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as wheel:
        for name, data in files.items():
            wheel.writestr(name, data)
    return path


def test_dependency_markers_are_the_runtimes_not_this_hosts(tmp_path: Path) -> None:
    marker_probe(tmp_path)
    requirements = tmp_path / "requirements.txt"
    requirements.write_text("./markerprobe-1.0-py3-none-any.whl\n")
    built = deps.build_dependencies(requirements, cache_dir=tmp_path / "cache")
    names = {path.name for path in built.iterdir()}
    assert {"markerprobe", "idna", "tabulate"} <= names
    assert "msgpack" not in names


def test_the_snapshot_is_what_pip_resolves_for_the_layer() -> None:
    """PROVIDED is pip's resolution of the layer's requirements and the runtime's SDK on PyPI, as
    of the layer's build; a stale table (an edit by hand, a bump) fails here."""
    assert deps.resolve_provided() == deps.PROVIDED
