"""Run a function's archive as Lambda runs it: CPython of the runtime's version, the archive in a
task directory, the pinned Powertools layer's contents and the runtime's boto3, nothing else.

``runtime`` builds and caches the layer and the SDK (``python -m multi_region_api.parity``);
``process`` starts one cold execution environment (``bootstrap.py``, a stand-in for the runtime's
bootstrap) and sends it events. The parity test tier and the benchmarks use it; so can a command
that checks a user's archive before it is deployed.
"""

from .process import InvocationFailed, LambdaProcess, Reply, lambda_environment
from .runtime import NoParityPython, Runtime, ensure_runtime, find_python, unpack_task

__all__ = [
    "InvocationFailed",
    "LambdaProcess",
    "NoParityPython",
    "Reply",
    "Runtime",
    "ensure_runtime",
    "find_python",
    "lambda_environment",
    "unpack_task",
]
