"""Find the ``MultiRegionApi`` components of any Pulumi project by running its program.

The program (``main`` of ``Pulumi.yaml``, else ``__main__.py``) runs in-process under the test
kit's mocks with the stack's config, as ``pulumi up --stack <stack>`` would run it: project
keys without a namespace get the project's, objects read back through ``Config.get_object``,
``aws:region`` and every other namespace are there too. Encrypted values (``secure:``) cannot
be read without Pulumi's secrets provider, so they read as a random token. The program runs with
its own directory as working directory and first on ``sys.path``; its modules (its own
``components`` or ``handlers`` too) are its own while it runs and are dropped afterwards, and the
caller's ``sys.modules``, ``sys.path`` and working directory come back as they were.
"""

from __future__ import annotations

import json
import os
import runpy
import secrets
import sys
import traceback
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pulumi
import yaml
from multi_region_api.components.args import ApiSettings, ArgsError
from multi_region_api.components.discovery import Constructed, recording
from multi_region_api.components.stack_config import StackConfigError, stack_file

from multi_region_api.testing import MultiRegionApiMocks, set_mocks

PROJECT_FILE = "Pulumi.yaml"


class DiscoveryError(ValueError):
    """The project, its stack or its program cannot give a component: one readable line."""


@dataclass(frozen=True)
class DiscoveredApi:
    """One ``MultiRegionApi`` of a project's program."""

    name: str
    settings: ApiSettings
    health_check_secret: str | None
    """The secret the program gave the component, if any (else the runtime makes one)."""


@dataclass(frozen=True)
class Project:
    name: str
    directory: Path
    program: Path
    config: dict[str, Any]
    """Project-level config of ``Pulumi.yaml`` (full keys -> default values)."""


def _yaml(path: Path) -> dict[str, Any]:
    try:
        document = yaml.safe_load(path.read_text()) or {}
    except OSError as exc:
        raise DiscoveryError(f"cannot read {path}: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        first = str(exc).splitlines()[0]
        raise DiscoveryError(f"{path} is not valid YAML: {first}") from None
    if not isinstance(document, dict):
        raise DiscoveryError(f"{path} is not a YAML mapping")
    return document


def _full_key(key: str, project: str) -> str:
    return key if ":" in key else f"{project}:{key}"


def read_project(directory: Path) -> Project:
    """``Pulumi.yaml``: the project's name, program and project-level config."""
    path = directory / PROJECT_FILE
    if not path.is_file():
        raise DiscoveryError(f"no {PROJECT_FILE} in {directory}: run this in a Pulumi project")
    document = _yaml(path)
    name = document.get("name")
    if not isinstance(name, str) or not name:
        raise DiscoveryError(f"{path} has no project name")
    main = directory / str(document.get("main") or ".")
    program = main / "__main__.py" if main.is_dir() else main
    if not program.is_file():
        raise DiscoveryError(f"{path}: the program {program} does not exist")
    config: dict[str, Any] = {}
    for key, value in (document.get("config") or {}).items():
        if isinstance(value, dict):
            if "default" not in value:
                continue
            value = value["default"]
        config[_full_key(str(key), name)] = value
    return Project(name, directory, program, config)


def stack_config(project: Project, stack: str) -> dict[str, str]:
    """The stack's config as the engine hands it to a program: full keys, strings (JSON for
    objects, lists and numbers), project defaults first."""
    path = stack_file(stack, project.directory)
    if not path.is_file():
        known = sorted(
            p.name.removeprefix("Pulumi.").removesuffix(".yaml")
            for p in project.directory.glob("Pulumi.*.yaml")
        )
        raise DiscoveryError(
            f"no such stack {stack!r}: {path} not found (stacks: {', '.join(known) or 'none'})"
        )
    values = dict(project.config)
    for key, value in (_yaml(path).get("config") or {}).items():
        values[_full_key(str(key), project.name)] = value
    return {key: _config_string(value) for key, value in values.items()}


def _config_string(value: Any) -> str:
    if isinstance(value, Mapping) and "secure" in value:
        return secrets.token_urlsafe(24)
    return value if isinstance(value, str) else json.dumps(value)


def _top_names(directory: Path) -> set[str]:
    """The importable names a program directory provides (its packages and modules)."""
    return {p.stem for p in directory.iterdir() if p.suffix == ".py"} | {
        p.name for p in directory.iterdir() if (p / "__init__.py").is_file()
    }


def _inside(module: ModuleType, directory: Path) -> bool:
    file = getattr(module, "__file__", None)
    return isinstance(file, str) and Path(file).resolve().is_relative_to(directory)


@contextmanager
def isolated(directory: Path) -> Iterator[None]:
    """Run in ``directory`` with its modules first; leave the caller's interpreter as it was."""
    directory = directory.resolve()
    own = _top_names(directory) - {"multi_region_api"}
    shadowed = {
        name: module
        for name, module in sys.modules.items()
        if name.split(".")[0] in own and not _inside(module, directory)
    }
    before = set(sys.modules)
    saved_path, saved_cwd = list(sys.path), Path.cwd()
    for name in shadowed:
        del sys.modules[name]
    sys.path.insert(0, str(directory))
    os.chdir(directory)
    try:
        yield
    finally:
        os.chdir(saved_cwd)
        sys.path[:] = saved_path
        for name in set(sys.modules) - before:
            module = sys.modules[name]
            if name.split(".")[0] in own or _inside(module, directory):
                del sys.modules[name]
        sys.modules.update(shadowed)


def _where(exc: BaseException, directory: Path) -> str:
    """``file:line`` of the innermost frame in the project (else the innermost frame)."""
    frames = traceback.extract_tb(exc.__traceback__)
    if not frames:
        return "?"
    inside = [f for f in frames if Path(f.filename).resolve().is_relative_to(directory)]
    frame = (inside or frames)[-1]
    try:
        shown = str(Path(frame.filename).resolve().relative_to(directory))
    except ValueError:
        shown = frame.filename
    return f"{shown}:{frame.lineno}"


def run_program(project: Project, stack: str) -> list[Constructed]:
    """Run the project's program for ``stack`` under the kit's mocks (update mode)."""
    config = stack_config(project, stack)
    mocks = MultiRegionApiMocks(default_region=config.get("aws:region", "us-east-1"))
    set_mocks(mocks, project=project.name, stack=stack, config=config)

    @pulumi.runtime.test  # type: ignore[untyped-decorator]
    def program() -> None:
        runpy.run_path(str(project.program), run_name="__main__")

    try:
        with recording() as constructed, isolated(project.program.parent):
            program()
    except (ArgsError, StackConfigError) as exc:
        raise DiscoveryError(str(exc)) from None
    except Exception as exc:  # the user's program may raise anything
        first = (str(exc).splitlines() or [""])[0]
        where = _where(exc, project.directory.resolve())
        raise DiscoveryError(
            f"the program of project {project.name!r} (stack {stack}) raised "
            f"{type(exc).__name__}: {first} ({where})"
        ) from None
    finally:
        pulumi.runtime.set_all_config({}, secret_keys=[])
    return constructed


def discover(directory: Path, stack: str) -> list[DiscoveredApi]:
    """Every ``MultiRegionApi`` the project in ``directory`` builds for ``stack``, in order."""
    project = read_project(directory)
    found = [
        DiscoveredApi(c.name, c.settings, c.health_check_secret)
        for c in run_program(project, stack)
    ]
    if not found:
        raise DiscoveryError(
            f"the program of project {project.name!r} (stack {stack}) constructs no MultiRegionApi"
        )
    return found


def choose(found: list[DiscoveredApi], name: str | None) -> DiscoveredApi:
    """The component named ``name``, or the only one."""
    names = ", ".join(api.name for api in found)
    if name is None:
        if len(found) == 1:
            return found[0]
        raise DiscoveryError(
            f"the program builds several components ({names}): pick one with --component"
        )
    for api in found:
        if api.name == name:
            return api
    raise DiscoveryError(f"no component named {name!r} (the program builds: {names})")
