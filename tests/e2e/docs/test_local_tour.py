"""The README's and the docs' curl tours, run against a local runtime on free ports."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from multi_region_api.local_runtime.plan import DEFAULT_PORT

from tests.docs.blocks import ROOT, Block, shell_blocks
from tests.e2e.conftest import running
from tests.e2e.runtime_support import free_plan

BASH = shutil.which("bash") or "/bin/bash"
TOURS = [b for b in shell_blocks() if b.marker == "local-runtime"]
# What each kind of tour must show, beyond every command succeeding.
EXPECTED = {
    "verify --stack us --local": [r"(?m)^all promises hold: \d+ passed, 0 failed"],
    "/_local/regions/us-east-1/fail": [r"(?i)x-served-region: us-west-2"],
    "/orders": [r'"error":\s*"wrong_region"', r'"version":\s*2'],
    "/hello": [r"(?i)x-served-region: us-"],
}


def _on_ports(code: str, port: int) -> str:
    """The block with the default ports (global 8080, then one per region) moved to ``port``."""
    return re.sub(
        r"127\.0\.0\.1:(80[89]\d)",
        lambda m: f"127.0.0.1:{port + int(m[1]) - DEFAULT_PORT}",
        code,
    )


@pytest.mark.parametrize("block", TOURS, ids=lambda b: b.where)
def test_the_tour_runs_as_written(block: Block, tmp_path: Path) -> None:
    assert DEFAULT_PORT == 8080, "the docs say 8080"
    plan = free_plan()
    for _ in running(plan, tmp_path):
        result = subprocess.run(  # noqa: S603 - a block of our own docs
            [BASH, "-euo", "pipefail", "-c", _on_ports(block.code, plan.port)],
            cwd=ROOT,
            env={
                **{k: v for k, v in os.environ.items() if not k.startswith("AWS_")},
                "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
                "LOCAL_PORT": str(plan.port),
            },
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        for phrase, patterns in EXPECTED.items():
            if phrase in block.code:
                for pattern in patterns:
                    assert re.search(pattern, result.stdout), (pattern, result.stdout)
                break


def test_every_tour_is_checked_for_what_it_shows() -> None:
    assert TOURS
    assert all(any(p in b.code for p in EXPECTED) for b in TOURS)
