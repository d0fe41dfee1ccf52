"""One version: the distribution, the package, the OpenAPI document and the install docs agree."""

from __future__ import annotations

import re
from importlib.metadata import version
from pathlib import Path

from multi_region_api.handlers import contract
from multi_region_api.handlers.__version__ import __version__

import multi_region_api

REPO = Path(__file__).resolve().parents[3]


def test_the_distribution_reads_the_package_version() -> None:
    assert version(contract.PROJECT_NAME) == __version__ == multi_region_api.__version__


def test_the_openapi_document_carries_it() -> None:
    source = (REPO / "handlers" / "app.py").read_text()
    assert "version=API_VERSION" in source
    assert re.search(r"^API_VERSION = __version__$", source, re.M)


def test_install_instructions_name_this_version() -> None:
    """The wheel the install docs name is the one `python -m build` writes for this version."""
    text = (REPO / "docs" / "other-projects.md").read_text()
    wheels = set(re.findall(r"multi_region_api-([0-9][^-\s]*)-py3-none-any\.whl", text))
    assert wheels == {__version__}
    assert f"## [{__version__}]" in (REPO / "CHANGELOG.md").read_text()
