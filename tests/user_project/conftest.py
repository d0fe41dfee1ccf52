"""The user-project tier: a Pulumi project of a user's own, with this package installed from its
wheel into a fresh virtualenv, as ``pip install multi-region-api`` would give it.

One wheel and one venv per session, shared by every test. The venv is made by ``uv`` when the dev
venv has it (the ``[dev]`` extra does: about 10 s against pip's 2-3 minutes for pulumi-aws and
moto), else by pip; it installs the wheel with the ``[local]`` extra and the app's own
requirements (the developer's venv needs them for ``local``), resolved from the index like a
user's, so a dependency the wheel forgets to declare fails here. A venv made by uv has no pip
of its own: the pip the component builds the app's dependencies with comes with the wheel, as in
a user's uv project.

The project (``project/``) is copied into a temporary directory; everything runs from there with
the venv's interpreter and never with this repository on ``sys.path``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from multi_region_api.local_runtime.ports import free_block

from tests.build_once import built_once, content_key

HERE = Path(__file__).parent
PROJECT = HERE / "project"
PROBE = HERE / "probe.py"
REQUIREMENTS = PROJECT / "app-requirements.txt"
VENV_TIMEOUT_S = 600
PROBE_TIMEOUT_S = 300


@dataclass(frozen=True)
class UserVenv:
    python: Path
    bin: Path
    created_in_s: float
    tool: str


def _run(*args: str | Path, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(  # noqa: S603 - our interpreters and tools, our own paths
        [str(a) for a in args],
        capture_output=True,
        text=True,
        timeout=kwargs.pop("timeout", VENV_TIMEOUT_S),
        check=False,
        **kwargs,
    )
    assert result.returncode == 0, (
        f"{args} failed:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
    )
    return result


def clean_env(**extra: str) -> dict[str, str]:
    """The developer's environment without this repository's venv or path."""
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}
    return {**env, **extra}


@pytest.fixture(scope="session")
def user_venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> UserVenv:
    """Once per run for every xdist worker (``tests/build_once.py``), like the wheel."""

    def build(folder: Path) -> dict[str, Any]:
        root = folder / "venv"
        python = root / "bin" / "python"
        wanted = [f"{wheel}[local]", "-r", str(REQUIREMENTS)]
        uv = Path(sys.executable).with_name("uv")
        started = time.perf_counter()
        if uv.is_file():
            _run(uv, "venv", "--quiet", "--python", sys.executable, root, env=clean_env())
            _run(uv, "pip", "install", "--quiet", "--python", python, *wanted, env=clean_env())
            tool = "uv"
        else:
            _run(sys.executable, "-m", "venv", root)
            _run(python, "-m", "pip", "install", "--quiet", *wanted, env=clean_env())
            tool = "pip"
        return {"created_in_s": time.perf_counter() - started, "tool": tool}

    key = content_key(PROJECT, [REQUIREMENTS.relative_to(PROJECT)], str(wheel))
    folder, facts = built_once(tmp_path_factory, "user-venv", key, build)
    root = folder / "venv"
    return UserVenv(root / "bin" / "python", root / "bin", facts["created_in_s"], facts["tool"])


@pytest.fixture(scope="session")
def user_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("user-project") / "notes"
    shutil.copytree(PROJECT, project, ignore=shutil.ignore_patterns("__pycache__"))
    return project


@pytest.fixture(scope="session")
def user_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment of every command run in the project: a cache of its own for the app's
    dependency builds, the dev venv's runtime-parity cache (CPython 3.13's layer and SDK)."""
    cache = tmp_path_factory.mktemp("user-cache")
    parity = Path(sys.prefix) / "parity-cache"
    return clean_env(XDG_CACHE_HOME=str(cache), PARITY_CACHE=str(parity))


Probe = Callable[..., Any]


@pytest.fixture(scope="session")
def probe_in(user_venv: UserVenv, user_env: dict[str, str]) -> Probe:
    """``probe_in(project, command, *args)``: ``probe.py`` run by the venv in ``project``; its
    JSON answer."""

    def run(project: Path, *args: str) -> Any:
        result = _run(
            user_venv.python, PROBE, *args, cwd=project, env=user_env, timeout=PROBE_TIMEOUT_S
        )
        return json.loads(result.stdout.splitlines()[-1])

    return run


@pytest.fixture(scope="session")
def probe(probe_in: Probe, user_project: Path) -> Probe:
    """``probe(command, *args)``: ``probe.py`` run by the venv in the user's project."""
    return lambda *args: probe_in(user_project, *args)


@pytest.fixture(scope="session")
def graph_update(probe: Probe) -> dict[str, Any]:
    result: dict[str, Any] = probe("graph", "update")
    return result


@pytest.fixture(scope="session")
def graph_file(graph_update: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("user-graph") / "graph.json"
    path.write_text(json.dumps(graph_update))
    return path


@dataclass(frozen=True)
class _Ports:
    base: int
    regions: int = 2

    @property
    def all_ports(self) -> tuple[int, ...]:
        """The global endpoint, one port per region, then moto's (``local_runtime.plan``)."""
        return tuple(range(self.base, self.base + self.regions + 2))


@pytest.fixture
def free_local_port() -> int:
    """A base port whose block (global endpoint, regions, moto) is free right now."""
    return free_block(_Ports).base
