"""The dependencies builder without pip: what it refuses, its key, its snapshot and the size check.

Everything here is decided before pip runs; ``subprocess.run`` fails the test if it is called.
The builds through pip are in ``tests/integration/components/test_app_dependencies.py``.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
from multi_region_api.components import app_dependencies as deps
from multi_region_api.components import lambda_runtime as rt
from multi_region_api.components.lambda_size import layer_unzipped_bytes
from multi_region_api.handlers.contract import PROJECT_NAME
from packaging.utils import canonicalize_name


@pytest.fixture(autouse=True)
def no_pip(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError(f"pip ran: {args}")

    monkeypatch.setattr(subprocess, "run", refuse)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "requirements.txt"
    path.write_text(text)
    return path


def test_the_snapshot_is_for_the_runtime_pin() -> None:
    """A bump of lambda_runtime without a regenerated PROVIDED fails here."""
    assert deps.PROVIDED_FOR == {
        "runtime": rt.LAMBDA_RUNTIME,
        "architecture": rt.LAMBDA_ARCHITECTURE,
        "powertools": rt.POWERTOOLS_VERSION,
        "pydantic": rt.LAYER_PYDANTIC_VERSION,
        "boto3": rt.RUNTIME_BOTO3_VERSION,
    }
    layer, runtime = deps.PROVIDED["layer"], deps.PROVIDED["runtime"]
    assert layer["aws-lambda-powertools"] == rt.POWERTOOLS_VERSION
    assert layer["pydantic"] == rt.LAYER_PYDANTIC_VERSION
    assert runtime["boto3"] == runtime["botocore"] == rt.RUNTIME_BOTO3_VERSION
    assert set(runtime) == {canonicalize_name(n) for n in rt.RUNTIME_PROVIDED}
    assert not set(layer) & set(runtime)
    assert layer_unzipped_bytes() > 0


def test_a_stale_snapshot_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rt, "POWERTOOLS_VERSION", "9.9.9")
    with pytest.raises(RuntimeError, match="regenerate it with resolve_provided"):
        deps.provided()


def test_pip_is_asked_for_the_runtimes_wheels_only() -> None:
    options = deps.target_pip_options()
    assert "--only-binary=:all:" in options
    assert options[options.index("--python-version") + 1] == rt.PYTHON_VERSION
    assert options[options.index("--implementation") + 1] == "cp"
    tags = deps.platform_tags()
    assert tags[0] == "manylinux_2_34_aarch64"  # Amazon Linux 2023's glibc
    assert tags[-2:] == ["manylinux_2_17_aarch64", "manylinux2014_aarch64"]
    assert len(tags) == 34 - 17 + 2
    assert all(f"--platform {tag}" in " ".join(options) for tag in tags)


def test_the_tags_follow_the_pinned_architecture(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rt, "LAMBDA_ARCHITECTURE", "x86_64")
    assert deps.platform_tags()[0] == "manylinux_2_34_x86_64"
    monkeypatch.setattr(rt, "LAMBDA_RUNTIME", "python3.99")
    with pytest.raises(RuntimeError, match=r"python3\.99"):
        deps.platform_tags()


@pytest.mark.parametrize(
    ("line", "named", "why"),
    [
        ("-e ./mypkg", "-e ./mypkg", "editable"),
        ("--editable=git+https://example.com/a/b.git", "--editable", "editable"),
        ("-r base.txt", "-r base.txt", "inline them"),
        ("--constraint c.txt", "c.txt", "inline them"),
        ("--no-binary :all:", "--no-binary", "only wheels"),
        ("--find-links ./wheels", "./wheels", "local --find-links"),
        ("--use-feature=fast-deps", "--use-feature", "not supported"),
        ("git+https://example.com/a/b.git", "git+https://example.com/a/b.git", "VCS"),
        ("b @ git+https://example.com/a/b.git@v1", "b @ git+", "VCS"),
        ("./src/mypkg", "./src/mypkg", "not a source directory"),
        ("pkg @ https://example.com/pkg-1.0.tar.gz", "pkg", "is not a wheel"),
        ("./wheels/missing-1.0-py3-none-any.whl", "missing-1.0", "no such wheel file"),
        ("requests >=", "requests >=", "not a requirement"),
        ("requests --install-option=x", "requests", "per-requirement options"),
        ("--index-url", "--index-url", "needs a value"),
    ],
)
def test_what_cannot_build_an_archive_is_refused_by_line(
    tmp_path: Path, line: str, named: str, why: str
) -> None:
    requirements = write(tmp_path, f"# the app's\nidna==3.10\n{line}\n")
    cache = tmp_path / "cache"
    with pytest.raises(deps.DependencyError) as refused:
        deps.build_dependencies(requirements, cache_dir=cache)
    message = str(refused.value)
    assert message.startswith("requirements.txt:3: ")
    assert named in message
    assert why in message
    assert not cache.exists()


@pytest.mark.parametrize(
    ("line", "name", "asked", "have", "by"),
    [
        ("pydantic==2.11.0", "pydantic", "==2.11.0", "2.12.4", "the Powertools 3.23.0 layer"),
        ("boto3==1.35.0", "boto3", "==1.35.0", "1.40.4", "the python3.13 runtime"),
        ("Typing_Extensions<4", "typing-extensions", "<4", "4.15.0", "layer"),
        ("urllib3<2", "urllib3", "<2", "2.5.0", "python3.13 runtime"),
        (
            "pydantic @ https://example.com/pydantic-2.12.4-py3-none-any.whl",
            "pydantic",
            "https://example.com/pydantic-2.12.4-py3-none-any.whl",
            "2.12.4",
            "layer",
        ),
    ],
)
def test_another_version_of_what_lambda_has_is_refused_with_both_versions(
    tmp_path: Path, line: str, name: str, asked: str, have: str, by: str
) -> None:
    with pytest.raises(deps.DependencyError) as refused:
        deps.build_dependencies(write(tmp_path, f"{line}\n"), cache_dir=tmp_path / "cache")
    message = str(refused.value)
    assert message.startswith(f"{name}: ")
    assert asked in message
    assert f"{name} {have}" in message
    assert by in message


def test_lines_are_read_as_pip_reads_them(tmp_path: Path) -> None:
    wheel = tmp_path / "wheels" / "mylib-1.0-py3-none-any.whl"
    wheel.parent.mkdir()
    wheel.write_bytes(b"PK\x05\x06" + bytes(18))
    requirements = write(
        tmp_path,
        "--index-url https://pypi.example.com/simple  # our mirror\n"
        "--extra-index-url=https://extra.example.com/simple?token=a=b\n"
        "# a comment\n"
        "\n"
        "msgpack==1.1.1 \\\n"
        "    --hash=sha256:0123\n"
        'pywin32==306; sys_platform == "win32"\n'
        'tomli==2.2.1; python_version < "3.11"\n'
        'idna==3.10; platform_machine == "aarch64"\n'
        "./wheels/mylib-1.0-py3-none-any.whl\n"
        "pydantic>=2.12\n",
    )
    parsed = deps.parse_requirements(requirements)
    assert parsed.lines == (
        "--index-url https://pypi.example.com/simple",
        "--extra-index-url https://extra.example.com/simple?token=a=b",
        "msgpack==1.1.1 --hash=sha256:0123",
        "idna==3.10",  # markers are the runtime's (aarch64, Linux, 3.13), not this machine's
        str(wheel.resolve()),  # pip resolves paths against its cwd, not the file
        "pydantic>=2.12",
    )
    assert parsed.names == ("msgpack", "idna", "mylib", "pydantic")
    assert parsed.local_wheels == (wheel.resolve(),)


def test_what_lambda_has_in_a_matching_version_needs_no_pip(tmp_path: Path) -> None:
    requirements = write(tmp_path, "pydantic>=2.12\nboto3\nurllib3==2.5.0\nTyping-Extensions\n")
    built = deps.build_dependencies(requirements, cache_dir=tmp_path / "cache")
    assert not any(built.iterdir())


def test_a_provided_package_with_extras_still_goes_to_pip(tmp_path: Path) -> None:
    """An extra outside the layer's ``[all]`` (e.g. ``redis``) must be installed; the package
    itself is taken out after the install."""
    requirements = write(tmp_path, "aws-lambda-powertools[redis]==3.23.0\npydantic\nidna\n")
    kept = deps._without_provided(requirements, deps.parse_requirements(requirements))
    assert kept.lines == ("aws-lambda-powertools[redis]==3.23.0", "idna")
    assert kept.names == ("aws-lambda-powertools", "idna")


def test_the_constraints_pin_everything_lambda_has() -> None:
    lines = deps.provided_constraints().splitlines()
    assert "pydantic==2.12.4" in lines
    assert "urllib3==2.5.0" in lines
    assert len(lines) == len(deps.PROVIDED["layer"]) + len(deps.PROVIDED["runtime"])
    names = [line.split("==")[0] for line in lines]
    assert names == sorted(names)


def test_the_key_covers_the_content_the_wheels_and_the_format(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    wheel = tmp_path / "mylib-1.0-py3-none-any.whl"
    wheel.write_bytes(b"one")
    requirements = write(tmp_path, "./mylib-1.0-py3-none-any.whl\n")

    def key() -> str:
        return deps.cache_key(requirements.read_bytes(), deps.parse_requirements(requirements))

    first = key()
    assert key() == first
    wheel.write_bytes(b"two")
    assert key() != first
    second = key()
    requirements.write_text("./mylib-1.0-py3-none-any.whl  # same wheel\n")
    assert key() != second
    third = key()
    monkeypatch.setattr(deps, "FORMAT_VERSION", deps.FORMAT_VERSION + 1)
    assert key() != third


def test_the_cache_lives_under_xdg_cache_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert deps.cache_root() == tmp_path / PROJECT_NAME / "dependencies"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert deps.cache_root() == Path.home() / ".cache" / PROJECT_NAME / "dependencies"


def test_a_file_without_requirements_is_an_empty_directory(tmp_path: Path) -> None:
    built = deps.build_dependencies(write(tmp_path, "# nothing yet\n"), cache_dir=tmp_path)
    assert built.parent == tmp_path
    assert built.is_dir()
    assert not any(built.iterdir())


def test_an_interrupted_build_leaves_no_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(scratch: Path, site: Path, requirements: deps.Requirements) -> None:
        (site / "idna").mkdir()
        (site / "idna" / "__init__.py").write_text("")
        raise KeyboardInterrupt

    monkeypatch.setattr(deps, "_pip_install", interrupted)
    cache = tmp_path / "cache"
    with pytest.raises(KeyboardInterrupt):
        deps.build_dependencies(write(tmp_path, "idna==3.10\n"), cache_dir=cache)
    assert list(cache.iterdir()) == []


# pip 26.3's own output for the two failures it can have here, captured from real runs.
NO_WHEEL = """\
ERROR: Could not find a version that satisfies the requirement docopt==0.6.2 (from versions: none)
ERROR: No matching distribution found for docopt==0.6.2
"""
CONFLICT = """\
ERROR: Cannot install -r /tmp/x/requirements.txt (line 1) because these package versions have \
conflicting dependencies.

The conflict is caused by:
    requests 2.29.0 depends on urllib3<1.27 and >=1.21.1
    The user requested (constraint) urllib3==2.5.0

To fix this you could try to:
1. loosen the range of package versions you've specified

ERROR: ResolutionImpossible: for help visit https://pip.pypa.io/en/latest/topics/dependency-resolution/
"""


def test_pips_failures_name_the_package() -> None:
    missing = str(deps._pip_failure(NO_WHEEL))
    assert missing.startswith("docopt: no wheel for CPython 3.13 on manylinux aarch64")
    assert "No matching distribution found for docopt==0.6.2" in missing
    conflict = str(deps._pip_failure(CONFLICT))
    assert conflict.startswith("requests: needs another version than the 2.5.0 of urllib3")
    assert "the python3.13 runtime" in conflict
    assert "requests 2.29.0 depends on urllib3<1.27" in conflict
    other = str(deps._pip_failure("ERROR: Could not install packages due to an OSError: boom\n"))
    assert "OSError: boom" in other
