"""``multi-region-api check``'s parsing and route choice (the run itself: tests/parity)."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest
from multi_region_api.handlers.contract import HEALTH_PATH

from multi_region_api.check import Line, get_routes, smoke_request, table
from multi_region_api.cli import main


def test_a_smoke_request_is_method_and_path() -> None:
    assert smoke_request("GET /notes") == ("GET", "/notes")
    with pytest.raises(argparse.ArgumentTypeError, match="'METHOD /path'"):
        smoke_request("notes")


def test_the_default_requests_are_get_routes_without_parameters() -> None:
    document = {
        "paths": {
            HEALTH_PATH: {"get": {}},
            "/openapi.json": {"get": {}},
            "/notes": {"get": {}, "post": {}},
            "/notes/{note_id}": {"get": {}},
            "/upload": {"post": {}},
        }
    }
    assert get_routes(document) == [("GET", "/notes")]


def test_the_table_has_a_line_per_check() -> None:
    text = table(
        [Line("GET /health", "200", True, "", 3.0), Line("GET /x", "503", False, "down", 9)]
    )
    assert text.splitlines()[1].endswith("ok")
    assert text.splitlines()[2].endswith("FAIL  down")


def test_no_app_is_one_line_naming_the_options(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "--project-dir", str(tmp_path)]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert "--app MODULE:ATTR" in err


def test_a_bad_request_option_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["check", "--request", "nope"])
    assert exited.value.code == 2
    assert "'METHOD /path'" in capsys.readouterr().err
