"""``python -m local_runtime`` as a user runs it: one-line errors, and nothing left behind.

Every run writes its logs under the test's temporary folder, never the repository's."""

from __future__ import annotations

import dataclasses
import os
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from multi_region_api.local_runtime.child_process import ChildStartError
from multi_region_api.local_runtime.ports import check_ports_free
from multi_region_api.local_runtime.supervisor import LocalRuntime

from tests.e2e.runtime_support import ROOT, free_plan, wait_until

STARTUP_SECONDS = 30


def _cli(*args: str, logs: Path, cwd: Path = ROOT) -> subprocess.Popen[str]:
    return subprocess.Popen(  # noqa: S603 - our interpreter and module
        [sys.executable, "-m", "multi_region_api.local_runtime", "--log-dir", str(logs), *args],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _one_line_error(*args: str, logs: Path, cwd: Path = ROOT) -> str:
    process = _cli(*args, logs=logs, cwd=cwd)
    stdout, stderr = process.communicate(timeout=STARTUP_SECONDS)
    assert process.returncode == 2, (stdout, stderr)
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("local_runtime: error: ")
    return lines[0]


@pytest.fixture
def taken() -> Iterator[socket.socket]:
    """A listening socket on a port inside a free block."""
    plan = free_plan()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", plan.region_ports["us-west-2"]))
        sock.listen()
        yield sock


def _project(directory: Path) -> Path:
    """A copy of this repository's program: a Pulumi project anywhere."""
    for name in ("Pulumi.yaml", "__main__.py"):
        (directory / name).write_text((ROOT / name).read_text())
    return directory


def test_not_a_pulumi_project(tmp_path: Path) -> None:
    line = _one_line_error("--stack", "us", logs=tmp_path / "logs", cwd=tmp_path)
    assert "no Pulumi.yaml in" in line


def test_missing_stack_file(tmp_path: Path) -> None:
    line = _one_line_error("--stack", "nope", logs=tmp_path / "logs", cwd=_project(tmp_path))
    assert "Pulumi.nope.yaml" in line


def test_invalid_stack_file(tmp_path: Path) -> None:
    (_project(tmp_path) / "Pulumi.bad.yaml").write_text(
        "config:\n  multi-region-api:regions: [us-east-1]\n"
        "  multi-region-api:domainName: api.example.com\n"
        "  multi-region-api:hostedZoneId: Z0123456789EXAMPLE\n"
    )
    error = _one_line_error("--stack", "bad", logs=tmp_path / "logs", cwd=tmp_path)
    assert "needs at least 2 regions" in error
    assert not (tmp_path / "logs").exists(), "a bad stack file made a log folder"


def test_a_misspelt_region_is_one_line_naming_the_closest(tmp_path: Path) -> None:
    (_project(tmp_path) / "Pulumi.typo.yaml").write_text(
        "config:\n  multi-region-api:regions: [us-east-1, us-wset-2]\n"
        "  multi-region-api:domainName: api.example.com\n"
        "  multi-region-api:hostedZoneId: Z0123456789EXAMPLE\n"
    )
    line = _one_line_error("--stack", "typo", logs=tmp_path / "logs", cwd=tmp_path)
    assert "regions: 'us-wset-2' is not an AWS region" in line
    assert "did you mean 'us-west-2'?" in line


def test_taken_port_is_named(taken: socket.socket, tmp_path: Path) -> None:
    port = taken.getsockname()[1]
    line = _one_line_error("--stack", "us", "--port", str(port - 2), logs=tmp_path / "logs")
    assert f"port {port} on 127.0.0.1 is already in use; start on other ports" in line
    assert not (tmp_path / "logs").exists(), "the failed start left its empty log folder"


def test_taken_global_port_from_local_port_env(taken: socket.socket, tmp_path: Path) -> None:
    port = taken.getsockname()[1]
    logs = tmp_path / "logs"
    process = subprocess.run(  # noqa: S603 - our interpreter and module
        [
            sys.executable,
            "-m",
            "multi_region_api.local_runtime",
            "--stack",
            "us",
            "--log-dir",
            str(logs),
        ],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), "LOCAL_PORT": str(port)},
        capture_output=True,
        text=True,
        timeout=STARTUP_SECONDS,
    )
    assert process.returncode == 2
    assert process.stderr.strip() == (
        f"local_runtime: error: port {port} on 127.0.0.1 is already in use; start on other "
        f"ports with --port N or LOCAL_PORT=N (the runtime takes 4 ports from N)"
    )


def test_bad_scale(tmp_path: Path) -> None:
    assert "--scale" in _one_line_error("--stack", "us", "--scale", "0", logs=tmp_path)


def _started(process: subprocess.Popen[str], url: str) -> list[int]:
    """Wait for the runtime to serve; the pids of its children."""
    assert wait_until(lambda: _serves(url), STARTUP_SECONDS, step=0.2), process.poll()
    status = requests.get(f"{url}/_local/status", timeout=5).json()
    assert requests.get(f"{url}/hello", timeout=5).json()["region"] == status["homeRegion"]
    return [r["pid"] for r in status["regions"].values()]


def _serves(url: str) -> bool:
    try:
        return requests.get(f"{url}/_local/status", timeout=1).ok
    except (requests.ConnectionError, requests.Timeout):  # not bound yet, or still starting
        return False


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_signal_stops_every_process(sig: signal.Signals, tmp_path: Path) -> None:
    plan = free_plan()
    process = _cli("--stack", "us", "--port", str(plan.port), "--scale", "0.05", logs=tmp_path)
    try:
        pids = _started(process, plan.global_url)
        process.send_signal(sig)
        stdout, _ = process.communicate(timeout=STARTUP_SECONDS)
    finally:
        process.kill()
    assert process.returncode == 0
    assert f"global endpoint  {plan.global_url}" in stdout
    assert not [pid for pid in pids if _alive(pid)]


def test_children_exit_when_the_supervisor_is_killed(tmp_path: Path) -> None:
    plan = free_plan()
    process = _cli("--stack", "us", "--port", str(plan.port), "--scale", "0.05", logs=tmp_path)
    try:
        pids = _started(process, plan.global_url)
    finally:
        process.kill()
        process.communicate(timeout=STARTUP_SECONDS)
    assert wait_until(lambda: not any(_alive(pid) for pid in pids), 10)


def test_a_region_that_cannot_start_stops_everything_already_started(tmp_path: Path) -> None:
    plan = dataclasses.replace(free_plan(), handler="no_such_module.lambda_handler")
    runtime = LocalRuntime(plan, log_dir=tmp_path)
    errors: list[BaseException] = []

    def start() -> None:
        try:
            runtime.__enter__()
        except BaseException as exc:
            errors.append(exc)

    starter = threading.Thread(target=start, daemon=True)  # bounded even if stop() hung
    starter.start()
    starter.join(timeout=STARTUP_SECONDS)
    assert not starter.is_alive(), "start/stop did not return"
    assert len(errors) == 1
    assert isinstance(errors[0], ChildStartError)
    assert "exited with code 1" in str(errors[0])
    assert runtime.moto is not None
    assert not runtime.moto.running()
    assert "No module named 'no_such_module'" in (tmp_path / "us-east-1.log").read_text()
    check_ports_free(plan.all_ports)  # every port released
