"""``multi-region-api local --stack us``: every region of a stack on 127.0.0.1 (``make local``).

A taken port, a bad stack file or bad options print one line on stderr and exit 2; Ctrl-C or
SIGTERM stops every process the runtime started.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

from multi_region_api.local_runtime.child_process import ChildStartError
from multi_region_api.local_runtime.console import Console, default_log_dir
from multi_region_api.local_runtime.plan import (
    DEFAULT_PORT,
    DEFAULT_SCALE,
    PlanError,
    RuntimePlan,
    plan_for,
)
from multi_region_api.local_runtime.project import DiscoveryError, choose, discover
from multi_region_api.local_runtime.routing_policy import parse_client_location
from multi_region_api.local_runtime.supervisor import LocalRuntime, PortInUse

DEFAULT_LOG_ROOT = Path(".local-runtime") / "logs"


def _parser(prog: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=prog,
        description="Run every region of a stack locally: moto, one process per region, "
        "replication and a health-checked global endpoint.",
    )
    parser.add_argument("--stack", default="us", help="stack name: reads Pulumi.<stack>.yaml")
    parser.add_argument(
        "--component",
        default=None,
        help="the MultiRegionApi to run, by name, when the program builds several",
    )
    parser.add_argument(
        "--port",
        type=int,
        default=None,
        help=f"global endpoint port; regions and moto take the next ones "
        f"(default: $LOCAL_PORT or {DEFAULT_PORT})",
    )
    parser.add_argument(
        "--scale",
        type=float,
        default=DEFAULT_SCALE,
        help=f"health-check interval multiplier (default {DEFAULT_SCALE}: 30 s checks every 3 s)",
    )
    parser.add_argument(
        "--prefer",
        default="",
        help="comma-separated region order standing in for latency (default: the stack's order)",
    )
    parser.add_argument(
        "--client-location",
        default="",
        help="geolocation routing: the location of requests without an X-Client-Location header, "
        "most specific first, e.g. DE,EU (default: none, the * record)",
    )
    parser.add_argument(
        "--log-dir",
        type=Path,
        help=f"write each process's JSON logs and metrics to a file here "
        f"(default: {DEFAULT_LOG_ROOT}/<timestamp>)",
    )
    parser.add_argument(
        "--verbose",
        action="store_true",
        help="print every process's JSON logs and metrics here too, instead of to files",
    )
    return parser


def _port(value: int | None) -> int:
    if value is not None:
        return value
    text = os.environ.get("LOCAL_PORT", str(DEFAULT_PORT))
    if not text.isdigit():
        raise PlanError(f"LOCAL_PORT must be a port number, got {text!r}")
    return int(text)


def _banner(plan: RuntimePlan, log_dir: Path | None) -> str:
    lines = [
        f"local_runtime: stack {plan.stack} on 127.0.0.1 (no AWS account used)",
        f"  global endpoint  {plan.global_url}   (admin: {plan.global_url}/_local/status)",
    ]
    for region, url in plan.region_urls.items():
        home = "  (home)" if region == plan.settings.home_region else ""
        lines.append(f"  {region:<16} {url}{home}")
    lines += [
        f"  dynamodb (moto)  {plan.moto_url}",
        f"  page             {plan.global_url}/   (Food-for-Thought: watch it fail over)",
        f"  logs             {log_dir}/<process>.log   (--verbose prints them here)"
        if log_dir
        else "  logs             printed here (--verbose)",
        f"  health checks every {plan.interval_seconds:g} s, unhealthy after "
        f"{plan.failure_threshold} failures; secret {plan.masked_secret}",
        "Ctrl-C stops everything.",
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None, prog: str = "multi-region-api local") -> int:
    args = _parser(prog).parse_args(argv)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    runtime: LocalRuntime | None = None
    try:
        preference = tuple(r.strip() for r in args.prefer.split(",") if r.strip())
        project_dir = Path.cwd()
        api = choose(discover(project_dir, args.stack), args.component)
        plan = plan_for(
            args.stack,
            api.settings,
            api.health_check_secret,
            port=_port(args.port),
            scale=args.scale,
            preference=preference,
            project_dir=project_dir,
            client_location=parse_client_location(args.client_location),
        )
        log_dir = args.log_dir or (None if args.verbose else default_log_dir(DEFAULT_LOG_ROOT))
        if log_dir:
            log_dir.mkdir(parents=True, exist_ok=True)
            print(f"local_runtime: logs in {log_dir}", flush=True)
        runtime = LocalRuntime(plan, log_dir=log_dir, console=Console())
        runtime.start()
        print(_banner(plan, log_dir), flush=True)
        stop.wait()
        return 0
    except (PlanError, DiscoveryError, PortInUse, ChildStartError) as exc:
        print(f"local_runtime: error: {exc}", file=sys.stderr, flush=True)
        return 2
    finally:
        if runtime:
            runtime.stop()


if __name__ == "__main__":
    sys.exit(main())
