"""The xdist groups of tests/conftest.py name test files that exist, and keep what must stay
together on one worker; the unit tier stays free of the configuration matrix."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import BY_MODULE, GROUPS, pytest_xdist_make_scheduler, xdist_group

REPO = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize("path", [*GROUPS, *BY_MODULE])
def test_every_grouped_path_exists(path: str) -> None:
    """A renamed or moved module would silently lose its group (and run spread over workers)."""
    target = REPO / path
    assert target.is_dir() if path.endswith("/") else target.is_file(), path


def test_timing_sensitive_tests_share_one_group() -> None:
    timing = {path for path, group in GROUPS.items() if group == "timing"}
    assert "tests/e2e/test_soak.py" in timing
    assert "tests/e2e/test_failover_drill.py" in timing
    assert {xdist_group(path) for path in timing} == {"timing"}


def test_the_matrix_is_one_group_and_other_modules_keep_to_their_own() -> None:
    assert xdist_group("tests/matrix/test_tags.py") == xdist_group("tests/matrix/conftest.py")
    assert xdist_group("tests/e2e/test_cli.py") == "tests/e2e/test_cli.py"
    assert xdist_group("tests/unit/shared/test_layout.py") is None


class _Options:
    """What xdist's scheduler reads of ``pytest.Config`` (``make test``: ``-n 4``)."""

    def __init__(self, dist: str) -> None:
        self.values = {"dist": dist, "tx": ["4*popen"]}

    def getvalue(self, name: str) -> object:
        return self.values[name]


def test_the_scheduler_reads_the_groups_from_the_paths() -> None:
    """The scheduler, not a mark: xdist 3.8 passes a mark's group in the node id, which
    pytest 9.2 no longer lets it rewrite (pytest-dev/pytest-xdist#1386)."""
    scheduler = pytest_xdist_make_scheduler(_Options("loadgroup"), None)
    scope = scheduler._split_scope
    assert scope("tests/e2e/test_soak.py::test_x") == scope("tests/e2e/test_failover_drill.py::t")
    assert scope("tests/matrix/test_tags.py::test_x[us-rest]") == "matrix"
    assert scope("tests/e2e/test_cli.py::test_a") == scope("tests/e2e/test_cli.py::test_b")
    assert scope("tests/unit/a.py::test_a") != scope("tests/unit/a.py::test_b")
    assert pytest_xdist_make_scheduler(_Options("load"), None) is None


def test_the_unit_tier_has_no_matrix_test() -> None:
    """``make test-unit`` stays under a minute: the matrix (every configuration's graph) is a
    tier of its own that ``make test`` and CI's second lane run."""
    unit = REPO / "tests" / "unit"
    offenders = [
        str(p.relative_to(REPO))
        for p in unit.rglob("*.py")
        if p != Path(__file__) and "tests.matrix" in p.read_text()
    ]
    assert offenders == []
