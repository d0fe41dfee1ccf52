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
    source = (REPO / "handlers" / "resolver.py").read_text()
    assert "version=API_VERSION" in source
    assert re.search(r"^API_VERSION = __version__$", source, re.M)


def test_install_instructions_name_this_version() -> None:
    """The wheel the install docs name is the one `python -m build` writes for this version."""
    text = (REPO / "docs" / "other-projects.md").read_text()
    wheels = set(re.findall(r"multi_region_api-([0-9][^-\s]*)-py3-none-any\.whl", text))
    assert wheels == {__version__}
    assert f"## [{__version__}]" in (REPO / "CHANGELOG.md").read_text()


def _headings() -> list[tuple[str, str]]:
    """(version, date or "Unreleased") of every version heading, top first."""
    text = (REPO / "CHANGELOG.md").read_text()
    return re.findall(r"^## \[([^\]]+)\] - (.+)$", text, re.M)


def _key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def test_the_changelog_opens_with_this_version() -> None:
    headings = _headings()
    assert headings[0][0] == __version__
    assert re.fullmatch(r"Unreleased|\d{4}-\d{2}-\d{2}", headings[0][1])


def test_only_the_top_heading_may_be_unreleased_and_versions_descend() -> None:
    headings = _headings()
    assert len(headings) >= 2
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", date) for _, date in headings[1:])
    versions = [_key(v) for v, _ in headings]
    assert versions == sorted(versions, reverse=True)
    assert len(set(versions)) == len(versions)
    dates = [d for _, d in headings if d != "Unreleased"]
    assert dates == sorted(dates, reverse=True)
