"""One Lambda execution environment: a CPython 3.13 process running ``bootstrap.py``.

The process sees only what the function sees in Lambda: the task directory, the layer, the
runtime's SDK and the environment the component sets (plus what Lambda itself sets). Events go in
as JSON lines; ``invoke`` waits for the answer with a deadline, so a hung handler fails the test
instead of hanging it.
"""

from __future__ import annotations

import json
import os
import selectors
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from multi_region_api.components.lambda_runtime import LAMBDA_RUNTIME
from multi_region_api.handlers import contract

from .runtime import Runtime

BOOTSTRAP = Path(__file__).with_name("bootstrap.py")
FUNCTION_NAME = "multi-region-api-parity"
INVOKE_TIMEOUT_S = 20.0
IMPORT_TIMEOUT_S = 60.0


class InvocationFailed(AssertionError):
    """The function raised, or the runtime could not import it (a 502 behind API Gateway)."""


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: Any
    ms: float


def lambda_environment(
    runtime: Runtime, task: Path, function_env: dict[str, str], **extra: str
) -> dict[str, str]:
    """``function_env`` (the component's variables) plus what the Lambda service sets."""
    return {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "LANG": "en_US.UTF-8",
        "TZ": ":UTC",
        "LAMBDA_TASK_ROOT": str(task),
        "LAMBDA_RUNTIME_DIR": str(runtime.sdk),
        "_HANDLER": contract.HANDLER,
        "AWS_EXECUTION_ENV": f"AWS_Lambda_{LAMBDA_RUNTIME}",
        "AWS_LAMBDA_FUNCTION_NAME": FUNCTION_NAME,
        "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "256",
        "AWS_LAMBDA_FUNCTION_TIMEOUT": "10",
        "AWS_XRAY_DAEMON_ADDRESS": "127.0.0.1:2000",
        "AWS_XRAY_CONTEXT_MISSING": "LOG_ERROR",
        "AWS_ACCESS_KEY_ID": "parity",
        "AWS_SECRET_ACCESS_KEY": "parity",
        "AWS_SESSION_TOKEN": "parity",
        **function_env,
        **extra,
    }


class LambdaProcess:
    """A cold container: started, imports the handler, then answers ``invoke`` calls."""

    def __init__(
        self,
        runtime: Runtime,
        task: Path,
        env: dict[str, str],
        log: Path,
        handler: str = contract.HANDLER,
    ) -> None:
        self.runtime = runtime
        self.log = log
        self._log_file = log.open("w")
        started = time.perf_counter()
        self._process = subprocess.Popen(  # noqa: S603 - the parity interpreter, our bootstrap
            [
                runtime.python,
                "-I",
                "-S",
                "-B",  # /var/task is read-only in Lambda: the handler compiles on every cold start
                str(BOOTSTRAP),
                handler,
                str(task),
                str(runtime.layer),
                str(runtime.sdk),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._log_file,
            env=env,
            text=True,
            cwd=task,
        )
        assert self._process.stdin
        assert self._process.stdout
        self._stdin: IO[str] = self._process.stdin
        self._stdout: IO[str] = self._process.stdout
        self._selector = selectors.DefaultSelector()
        self._selector.register(self._stdout, selectors.EVENT_READ)
        self.init = self._read(IMPORT_TIMEOUT_S)
        self.init_wall_s = time.perf_counter() - started

    @property
    def ready(self) -> bool:
        return bool(self.init.get("ready"))

    def _read(self, timeout: float) -> dict[str, Any]:
        if not self._selector.select(timeout):
            self.close()
            raise InvocationFailed(f"no answer within {timeout} s; log:\n{self.logs()[-3000:]}")
        line = self._stdout.readline()
        if not line:
            self.close()
            raise InvocationFailed(f"the runtime exited; log:\n{self.logs()[-3000:]}")
        message: dict[str, Any] = json.loads(line)
        return message

    def logs(self) -> str:
        self._log_file.flush()
        return self.log.read_text()

    def invoke(self, event: dict[str, Any], timeout: float = INVOKE_TIMEOUT_S) -> dict[str, Any]:
        """The raw answer: ``{"response": ..., "ms": ...}`` or ``{"error": ...}``."""
        if not self.ready:
            raise InvocationFailed(f"the function did not import: {self.init['error']}")
        self._stdin.write(json.dumps(event) + "\n")
        self._stdin.flush()
        return self._read(timeout)

    def send(self, event: dict[str, Any], timeout: float = INVOKE_TIMEOUT_S) -> Reply:
        answer = self.invoke(event, timeout)
        if "error" in answer:
            error = answer["error"]
            raise InvocationFailed(f"{error['errorType']}: {error['errorMessage']}")
        response = answer["response"]
        headers = dict(response.get("headers") or {})
        for key, values in (response.get("multiValueHeaders") or {}).items():
            headers[key] = ", ".join(values)
        text = response.get("body")
        body = json.loads(text) if text else None
        return Reply(response["statusCode"], headers, body, answer["ms"])

    def stop(self) -> None:
        """End of input: the runtime exits after its current invocation (``close`` waits)."""
        if not self._stdin.closed:
            self._stdin.close()

    def close(self) -> None:
        self.stop()
        if self._process.poll() is None:
            try:
                self._process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._selector.close()
        self._stdout.close()
        self._log_file.close()


def dev_venv_prefixes() -> tuple[str, ...]:
    """Where the development interpreter finds packages: the child must load nothing from here."""
    import site
    import sysconfig

    paths = {sysconfig.get_path("purelib"), sysconfig.get_path("platlib"), *site.getsitepackages()}
    return tuple(os.path.realpath(p) for p in paths if p)
