"""A stand-in for the Lambda python3.13 runtime's bootstrap, run as a script by the parity tier.

Started as ``python3.13 -I -S bootstrap.py HANDLER TASK_DIR LAYER_DIR RUNTIME_DIR``: isolated mode
and no ``site``, so nothing but the standard library and the three directories (in Lambda's order:
``/var/task``, ``/opt/python``, ``/var/runtime``) can be imported. Standard library only.

It imports the handler as Lambda does (``module.function`` from the function's handler setting)
and then answers one event per line of stdin with one JSON line on its protocol stream. The first
line reports the import: ``{"ready": ...}`` with the import time and where the interesting
packages were loaded from, or ``{"error": {"errorType": "Runtime.ImportModuleError", ...}}``
(and exit status 1), which is what Lambda answers every request with when the import fails.
Whatever the handler prints (logs, EMF metrics) goes to stderr, as Lambda sends it to CloudWatch.
"""

import importlib
import json
import os
import sys
import sysconfig
import time
import traceback
import uuid

# Packages whose origin the tier checks: they must come from the layer or the runtime's SDK.
WATCHED = (
    "aws_lambda_powertools",
    "pydantic",
    "pydantic_core",
    "boto3",
    "botocore",
    "aws_xray_sdk",
)


class Context:
    """The attributes of Lambda's context object that handlers and Powertools read."""

    def __init__(self, deadline: float) -> None:
        name = os.environ["AWS_LAMBDA_FUNCTION_NAME"]
        region = os.environ["AWS_DEFAULT_REGION"]  # Lambda sets it beside AWS_REGION
        self.function_name = name
        self.function_version = "$LATEST"
        self.memory_limit_in_mb = int(os.environ["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"])
        self.invoked_function_arn = f"arn:aws:lambda:{region}:123456789012:function:{name}"
        self.aws_request_id = str(uuid.uuid4())
        self.log_group_name = f"/aws/lambda/{name}"
        self.log_stream_name = "parity"
        self._deadline = deadline

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self._deadline - time.monotonic()) * 1000))


def _error(error: BaseException, error_type: str | None = None) -> dict[str, object]:
    return {
        "errorType": error_type or type(error).__name__,
        "errorMessage": str(error),
        "stackTrace": traceback.format_exception(error),
    }


def _origins(allowed: tuple[str, ...]) -> dict[str, object]:
    """Where the watched packages came from, and every loaded module from anywhere else."""
    files = {name: getattr(module, "__file__", None) for name, module in list(sys.modules.items())}
    outside = sorted(
        f"{name}: {file}"
        for name, file in files.items()
        if file and name != "__main__" and not os.path.realpath(file).startswith(allowed)
    )
    return {"watched": {name: files[name] for name in WATCHED if name in files}, "outside": outside}


def main() -> int:
    handler_setting, task, layer, runtime = sys.argv[1:5]
    sys.path[:0] = [task, layer, runtime]
    stdlib = (sysconfig.get_path("stdlib"), sysconfig.get_path("platstdlib"))
    allowed = tuple(os.path.realpath(p) for p in (task, layer, runtime, *stdlib))
    protocol = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)  # the handler's stdout (logs, metrics) joins stderr

    def send(message: dict[str, object]) -> None:
        sys.stdout.flush()  # the invocation's logs reach the log before its answer, as in Lambda
        sys.stderr.flush()
        protocol.write(json.dumps(message) + "\n")

    module_name, function_name = handler_setting.rsplit(".", 1)
    started = time.perf_counter()
    try:
        handler = getattr(importlib.import_module(module_name), function_name)
    except Exception as error:  # Lambda reports any import failure the same way
        message = f"Unable to import module '{module_name}': {error}"
        send({"error": _error(ImportError(message), "Runtime.ImportModuleError")})
        return 1
    import_ms = (time.perf_counter() - started) * 1000
    pydantic = sys.modules.get("pydantic")
    send(
        {
            "ready": True,
            "import_ms": import_ms,
            "origins": _origins(allowed),
            "pydantic": getattr(pydantic, "VERSION", None),
            "python": sys.version.split()[0],
            "sys_path": sys.path,
        }
    )
    timeout = float(os.environ["AWS_LAMBDA_FUNCTION_TIMEOUT"])
    for line in sys.stdin:
        if not line.strip():
            continue
        event = json.loads(line)
        # The runtime sets a trace header per invocation; unsampled, so nothing is sent.
        trace = uuid.uuid4().hex
        os.environ["_X_AMZN_TRACE_ID"] = f"Root=1-{trace[:8]}-{trace[8:]};Sampled=0"
        started = time.perf_counter()
        try:
            response = handler(event, Context(time.monotonic() + timeout))
        except Exception as error:  # Lambda answers an unhandled error as a failed invocation
            send({"error": _error(error), "ms": (time.perf_counter() - started) * 1000})
            continue
        elapsed_ms = (time.perf_counter() - started) * 1000
        pydantic = sys.modules.get("pydantic")
        send(
            {
                "response": response,
                "ms": elapsed_ms,
                "origins": _origins(allowed),
                "pydantic": getattr(pydantic, "VERSION", None),
            }
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
