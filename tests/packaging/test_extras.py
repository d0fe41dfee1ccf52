"""Extras by job: the component alone, `[local]` for the local runtime, `[dev]` the toolchain."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib

from tests.packaging.support import REPO, make_rule

PROJECT = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
TOOLS = {"pytest", "ruff", "mypy", "playwright", "schemathesis", "pre-commit", "twine", "moto"}

# Runs `multi-region-api local` in an interpreter where moto[server]'s modules cannot be imported.
# `multi-region-api local` where moto[server]'s modules cannot be imported (a None entry in
# sys.modules makes `import` fail and `find_spec` answer None, as for a module not installed).
WITHOUT_MOTO = """
import sys
for name in ("moto", "flask", "flask_cors"):
    sys.modules[name] = None
from multi_region_api.cli import main
sys.exit(main(["local", "--stack", "us"]))
"""


def _names(requirements: list[str]) -> set[str]:
    return {re.split(r"[\[<>=!~ ;]", r, maxsplit=1)[0].lower() for r in requirements}


def test_the_component_needs_no_tool_and_local_needs_only_moto() -> None:
    extras = PROJECT["optional-dependencies"]
    assert not _names(PROJECT["dependencies"]) & TOOLS
    assert extras["local"] == ["moto[server]>=5.1"]
    assert "multi-region-api[local]" in extras["dev"]
    assert TOOLS - {"moto"} <= _names(extras["dev"])


def test_make_local_installs_the_local_extra_only() -> None:
    prerequisites, _ = make_rule("local")
    assert prerequisites == "$(LOCAL_STAMP)"
    _, local = make_rule("$(LOCAL_STAMP)")
    assert "$(BIN)/python -m pip install --quiet -e '.[local]'" in local
    _, dev = make_rule("$(STAMP)")
    assert "$(BIN)/python -m pip install --quiet -e '.[dev]'" in dev
    assert "touch $(STAMP) $(LOCAL_STAMP)" in dev  # [dev] includes [local]
    assert make_rule("test-unit")[0] == "$(STAMP)"


def test_without_moto_local_says_which_extra_to_install() -> None:
    result = subprocess.run(  # noqa: S603 - our interpreter, our own code
        [sys.executable, "-c", WITHOUT_MOTO],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2, result.stderr
    assert result.stderr == (
        "local_runtime: error: the local runtime needs moto[server] "
        "(moto, flask, flask_cors not installed): pip install 'multi-region-api[local]'\n"
    )
