"""The wheel carries exactly the library: every package pyproject includes, nothing else."""

from __future__ import annotations

import tomllib
import zipfile
from email.parser import Parser
from pathlib import Path

from packaging.requirements import Requirement

from tests.packaging.support import REPO, working_tree_files


def included_packages() -> set[str]:
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text())
    patterns = pyproject["tool"]["setuptools"]["packages"]["find"]["include"]
    return {p.removesuffix("*") for p in patterns if (REPO / p.removesuffix("*")).is_dir()}


def test_wheel_holds_the_included_packages_and_nothing_else(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    top_level = {n.split("/")[0] for n in names if not n.split("/")[0].endswith(".dist-info")}
    assert top_level == included_packages()
    assert {"components", "handlers", "multi_region_api"} <= top_level


def test_wheel_has_every_source_file_of_those_packages(wheel: Path) -> None:
    packaged = set(zipfile.ZipFile(wheel).namelist())
    expected = {
        path.as_posix()
        for path in working_tree_files()
        if path.parts[0] in included_packages() and path.suffix == ".py"
    }
    assert expected - packaged == set()


def test_wheel_metadata_declares_the_runtime_dependencies(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        (metadata_name,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        metadata = Parser().parsestr(archive.read(metadata_name).decode())
    declared = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["dependencies"]
    runtime = [
        Requirement(r) for r in metadata.get_all("Requires-Dist") or [] if "extra ==" not in r
    ]
    assert {str(r) for r in runtime} == {str(Requirement(d)) for d in declared}
    assert metadata["Name"] == "multi-region-api"
    assert metadata["License-Expression"] == "Apache-2.0"
