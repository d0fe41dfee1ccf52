"""``multi-region-api check`` on the pinned runtime: the template's app passes, a broken one fails
naming the module the layer lacks."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from multi_region_api.cli import main
from tests.packaging.template import render_template

REPO = Path(__file__).resolve().parents[2]
TEMPLATE = REPO / "templates" / "multi-region-api-python"


def test_the_templates_app_passes(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", "--project-dir", str(TEMPLATE), "--app", "app_config:APP"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "GET /health" in out
    assert "GET /notes " in out  # every GET route without path parameters


def test_the_app_is_found_from_the_projects_program(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = render_template(tmp_path / "project")
    code = main(["check", "--project-dir", str(project), "--request", "GET /notes/none"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert re.search(r"^GET /notes/none +404 .* ok$", out, re.M), out


def test_an_app_importing_what_the_layer_lacks_fails_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "broken_app.py").write_text(
        "import requests\n"
        "from aws_lambda_powertools.event_handler.api_gateway import Router\n"
        "ROUTERS = (Router(),)\n"
    )
    code = main(["check", "--app-path", str(tmp_path), "--routers", "broken_app:ROUTERS"])
    out = capsys.readouterr().out
    assert code == 1
    assert "No module named 'requests'" in out
    assert "FAIL" in out


def test_without_a_313_interpreter_one_line_says_how_to_get_one(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PARITY_PYTHON", sys.executable)  # the dev venv's: not the runtime's 3.13
    code = main(["check", "--project-dir", str(TEMPLATE), "--app", "app_config:APP"])
    err = capsys.readouterr().err.strip()
    assert code == 1
    assert len(err.splitlines()) == 1
    assert "PARITY_PYTHON" in err
