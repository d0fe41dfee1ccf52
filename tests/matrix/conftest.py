"""The matrix tier reports how many graphs it built and how long that took."""

from __future__ import annotations

import pytest

from tests.matrix.combinations import TIMING, report


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if TIMING.graphs:
        terminalreporter.write_line(report())
