"""A Pulumi program with its own ``components/`` and ``handlers/`` uses the installed wheel.

This is the `pip install git+<repo>` story end to end, minus the network: the wheel goes into a
fresh virtualenv, the program runs from a temporary project directory under Pulumi mocks, and every
region's Lambda archive must hold the installed library's handler package and nothing else.
"""

from __future__ import annotations

import json
import os
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.packaging.support import ConsumerVenv, run

PROGRAM = Path(__file__).with_name("consumer_program.py")
DECOY = "consumer_only.py"


@pytest.fixture(scope="module")
def consumer_run(consumer_venv: ConsumerVenv, tmp_path_factory: pytest.TempPathFactory) -> Any:
    project = tmp_path_factory.mktemp("consumer-project")
    shutil.copy(PROGRAM, project / "__main__.py")
    for name in ("components", "handlers"):
        decoy = project / name
        decoy.mkdir()
        # A consumer's own packages of the same names: importing either one is a failure here.
        (decoy / "__init__.py").write_text(f"raise ImportError('the consumer\\'s own {name}')\n")
        (decoy / "app.py").write_text("def lambda_handler(event, context):\n    return 'decoy'\n")
        (decoy / DECOY).write_text("MARKER = 'must never reach the library's function'\n")
    report = project / "report.json"
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}
    run(consumer_venv.python, "__main__.py", report, cwd=project, env=env)
    return json.loads(report.read_text()) | {"project": str(project)}


def test_consumer_imports_the_installed_library(
    consumer_run: dict[str, Any], consumer_venv: ConsumerVenv
) -> None:
    assert Path(consumer_run["components"]).is_relative_to(consumer_venv.site_packages)
    assert consumer_run["alias_is_the_contract"] is True


def test_the_consumers_own_packages_never_reach_the_lambda_code(
    consumer_run: dict[str, Any], consumer_venv: ConsumerVenv, wheel: Path
) -> None:
    # Without an app, every region's archive is exactly the wheel's platform runtime (the
    # package's __init__, handlers and runtime), from site-packages, under the same keys.
    prefix = "multi_region_api/"
    shipped = {
        n
        for n in zipfile.ZipFile(wheel).namelist()
        if n == f"{prefix}__init__.py" or n.startswith((f"{prefix}handlers/", f"{prefix}runtime/"))
    }
    archives = consumer_run["archives"]
    assert len(archives) == 2
    for archive in archives:
        assert set(archive) == shipped
        for key, path in archive.items():
            assert Path(path) == consumer_venv.site_packages / key
    assert not any(key.endswith(DECOY) for archive in archives for key in archive)
