"""The wheel carries exactly the library: every package pyproject includes, nothing else."""

from __future__ import annotations

import tomllib
import zipfile
from email.parser import Parser
from pathlib import Path

from multi_region_api.handlers import contract
from packaging.requirements import Requirement

from tests.packaging.support import REPO, working_tree_files


def package_dirs() -> dict[str, str]:
    """Repository folder -> its path in the wheel: ``handlers`` -> ``multi_region_api/handlers``."""
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text())
    mapping = pyproject["tool"]["setuptools"]["package-dir"]
    return {folder: package.replace(".", "/") for package, folder in mapping.items()}


def test_wheel_installs_exactly_one_import_package(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    top_level = {n.split("/")[0] for n in names if not n.split("/")[0].endswith(".dist-info")}
    assert top_level == {"multi_region_api"}
    assert "multi_region_api/py.typed" in names


def test_wheel_has_every_source_file_of_those_packages(wheel: Path) -> None:
    packaged = set(zipfile.ZipFile(wheel).namelist())
    dirs = package_dirs()
    expected = {
        "/".join((dirs[path.parts[0]], *path.parts[1:]))
        for path in working_tree_files()
        if path.parts[0] in dirs and path.suffix == ".py"
    }
    assert len(expected) > 40
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
    assert metadata["Name"] == contract.SERVICE_NAME
    assert metadata["License-Expression"] == "Apache-2.0"
