"""Start, wait for, stop and kill one child process of the runtime (moto or a region)."""

from __future__ import annotations

import contextlib
import os
import select
import signal
import subprocess
import sys
from pathlib import Path
from typing import IO

from multi_region_api.local_runtime.lifeline import READY_FD_ENV

STOP_TIMEOUT_SECONDS = 12.0


class ChildStartError(RuntimeError):
    """A child exited or stayed silent instead of reporting ready."""


class ChildProcess:
    """One ``python -m <module>`` child in its own session (Ctrl-C reaches the supervisor only,
    which then stops every child in order)."""

    def __init__(
        self,
        name: str,
        module: str,
        args: list[str],
        env: dict[str, str],
        log_path: Path | None = None,
        inherit_fds: tuple[int, ...] = (),
    ) -> None:
        self.name = name
        # -P: the working directory (a project's own ``handlers``, say) must not come before
        # the app's path on PYTHONPATH, as nothing but the archive's root does on Lambda.
        self.argv = [sys.executable, "-P", "-m", module, *args]
        self.env = env
        self.log_path = log_path
        self.inherit_fds = inherit_fds
        self.process: subprocess.Popen[bytes] | None = None
        self.starts = 0
        self.last_exit_code: int | None = None
        self.restarting = False
        self.stopped_on_purpose = False
        """Set by ``stop``/``kill``: an exit the supervisor asked for, not one to act on."""

    def start(self, ready_timeout: float) -> None:
        """Start the child and return once it reports ready; raise ``ChildStartError`` if not."""
        self.starts += 1
        self.stopped_on_purpose = False
        if self.process is not None:
            self.last_exit_code = self.process.poll()
        read_fd, write_fd = os.pipe()
        log: IO[bytes] | None = self.log_path.open("ab") if self.log_path else None
        try:
            self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
                self.argv,
                env={**self.env, READY_FD_ENV: str(write_fd)},
                stdin=subprocess.PIPE,
                stdout=log,
                stderr=log,
                pass_fds=(write_fd, *self.inherit_fds),
                start_new_session=True,
            )
        finally:
            os.close(write_fd)
            if log:
                log.close()
        try:
            ready, _, _ = select.select([read_fd], [], [], ready_timeout)
            message = os.read(read_fd, 64) if ready else b""
        finally:
            os.close(read_fd)
        if message.startswith(b"ready"):
            return
        try:  # the pipe closes as the child exits; give it a moment to be reaped
            code: int | None = self.process.wait(timeout=1 if ready else 0)
        except subprocess.TimeoutExpired:
            code = None
        self.kill()
        where = f"; see {self.log_path}" if self.log_path else ""
        reason = f"exited with code {code}" if code is not None else "did not report ready"
        raise ChildStartError(f"{self.name} {reason} within {ready_timeout:.0f} s{where}")

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process else None

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def exit_code(self) -> int | None:
        return self.process.poll() if self.process else None

    def state(self) -> str:
        if self.restarting:
            return "restarting"
        if self.process is None:
            return "not started"
        code = self.process.poll()
        if code is None:
            return "running"
        return "killed" if code == -signal.SIGKILL else f"exited ({code})"

    def info(self) -> dict[str, object]:
        """What ``/_local/status`` shows for this child."""
        return {
            "state": self.state(),
            "pid": self.pid,
            "restarts": max(0, self.starts - 1),
            "lastExitCode": self.last_exit_code if self.running() else self.exit_code(),
        }

    def stop(self, timeout: float = STOP_TIMEOUT_SECONDS) -> None:
        """SIGTERM (the child drains in-flight requests), SIGKILL if it does not exit in time."""
        self.stopped_on_purpose = True
        if not self.running():
            return
        assert self.process is not None
        self.process.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout)
        self.kill()

    def kill(self) -> None:
        self.stopped_on_purpose = True
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        if self.process.stdin:
            self.process.stdin.close()
