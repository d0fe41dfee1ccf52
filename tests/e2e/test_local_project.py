"""``multi-region-api local`` in a user's project: its components found, the chosen one served."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import requests
from multi_region_api.handlers.contract import SERVED_REGION_HEADER

from tests.e2e.runtime_support import ROOT, free_plan, wait_until
from tests.unit.local_runtime.project_fixture import write_project

STARTUP_SECONDS = 60


def _serves(url: str) -> bool:
    try:
        return requests.get(f"{url}/_local/status", timeout=1).ok
    except (requests.ConnectionError, requests.Timeout):  # not bound yet, or still starting
        return False


def test_local_serves_the_component_picked_in_a_users_project(tmp_path: Path) -> None:
    project = write_project(tmp_path)
    port = free_plan().port
    command = [
        *(sys.executable, "-m", "multi_region_api.local_runtime", "--stack", "dev"),
        *("--log-dir", str(tmp_path / "logs")),
    ]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    several = subprocess.run(  # noqa: S603 - our interpreter and module
        command, cwd=project, env=env, capture_output=True, text=True, timeout=STARTUP_SECONDS
    )
    assert several.returncode == 2
    assert several.stderr.strip() == (
        "local_runtime: error: the program builds several components (public, internal): "
        "pick one with --component"
    )
    process = subprocess.Popen(  # noqa: S603 - our interpreter and module
        [*command, "--component", "internal", "--port", str(port), "--scale", "0.05"],
        cwd=project,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        assert wait_until(lambda: _serves(url), STARTUP_SECONDS, step=0.2), process.poll()
        status = requests.get(f"{url}/_local/status", timeout=5).json()
        assert set(status["regions"]) == {"eu-west-1", "eu-central-1"}
        served = requests.get(f"{url}/", timeout=5)
        assert served.headers[SERVED_REGION_HEADER] in {"eu-west-1", "eu-central-1"}
    finally:
        process.terminate()
        process.communicate(timeout=STARTUP_SECONDS)
