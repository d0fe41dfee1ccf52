"""Warm ``/health`` timings inside one parity container: ``python3.13 -I -S warm_probe.py HANDLER
TASK LAYER SDK CALLS`` with the function's environment, standard library only.

Imports the handler from the task directory as the runtime does, builds a one-route Powertools
resolver from the same layer (no validation, Logger or Metrics: the framework's floor) and a bare
handler returning the same JSON, then calls the three in alternation, each with a fresh copy of
the event (as Lambda hands every invocation its own), so machine noise hits them alike. Prints
one JSON line: the median seconds per call of each.
"""

import contextlib
import copy
import importlib
import io
import json
import os
import statistics
import sys
import time


class Context:
    function_name = "bench"
    function_version = "$LATEST"
    memory_limit_in_mb = 256
    aws_request_id = "bench"
    invoked_function_arn = "arn:aws:lambda:us-east-1:123456789012:function:bench"
    log_group_name = "/aws/lambda/bench"
    log_stream_name = "bench"

    def get_remaining_time_in_millis(self) -> int:
        return 30_000


def main() -> int:
    handler_setting, task, layer, sdk, calls = sys.argv[1:6]
    sys.path[:0] = [task, layer, sdk]
    module, function = handler_setting.rsplit(".", 1)
    handler = getattr(importlib.import_module(module), function)
    event = json.loads(os.environ["BENCH_EVENT"])
    answer = json.loads(os.environ["BENCH_ANSWER"])
    path = os.environ["BENCH_PATH"]

    from aws_lambda_powertools.event_handler import APIGatewayRestResolver

    minimal = APIGatewayRestResolver()
    minimal.get(path)(lambda: answer)
    body = json.dumps(answer)

    def bare(event: object, context: object) -> dict[str, object]:
        headers = {"Content-Type": "application/json"}
        return {"statusCode": 200, "headers": headers, "body": body}

    targets = {"handler": handler, "minimal": minimal.resolve, "bare": bare}
    times: dict[str, list[float]] = {name: [] for name in targets}
    context = Context()
    trace = "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=0"
    os.environ["_X_AMZN_TRACE_ID"] = trace  # what the runtime sets per invocation (unsampled)
    with contextlib.redirect_stdout(io.StringIO()):  # logs and EMF metrics
        for target in targets.values():  # first-call caches stay out of the medians
            target(copy.deepcopy(event), context)
        for _ in range(int(calls)):
            for name, target in targets.items():
                fresh = copy.deepcopy(event)
                started = time.perf_counter()
                status = target(fresh, context)["statusCode"]
                times[name].append(time.perf_counter() - started)
                if status != 200:
                    raise RuntimeError(f"{name} answered {status}")
    print(json.dumps({name: statistics.median(values) for name, values in times.items()}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
