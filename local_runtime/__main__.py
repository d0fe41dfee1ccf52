"""``multi-region-api local --stack us``: every region of a stack on 127.0.0.1 (``make local``).

A taken port, a bad stack file or bad options print one line on stderr and exit 2; Ctrl-C or
SIGTERM stops every process the runtime started.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import os
import signal
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

from multi_region_api.local_runtime.child_process import ChildStartError
from multi_region_api.local_runtime.console import Console, new_log_dir
from multi_region_api.local_runtime.plan import (
    DEFAULT_PORT,
    DEFAULT_SCALE,
    PlanError,
    RuntimePlan,
    plan_for,
)
from multi_region_api.local_runtime.ports import PortInUse
from multi_region_api.local_runtime.project import (
    DiscoveryError,
    choose,
    discover,
)
from multi_region_api.local_runtime.routing_policy import parse_client_location
from multi_region_api.local_runtime.supervisor import LocalRuntime

from multi_region_api.cli import (
    CliParser,
    Command,
    StackOption,
    exit_with,
    finish,
    global_options,
    port_number,
)

DEFAULT_LOG_ROOT = Path(".local-runtime") / "logs"
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)
LOCAL_EXTRA = "pip install 'multi-region-api[local]'"
# moto[server]: moto, and the Flask app its server is (flask-cors comes with the extra).
SERVER_MODULES = ("moto", "flask", "flask_cors")
LOCAL_STACK = StackOption("us", "the stack to run: reads Pulumi.NAME.yaml (default: us)")


def _scale(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"takes a number, got {text!r}") from None


def add_arguments(parser: CliParser, parents: list[CliParser]) -> None:
    parser.add_argument(
        "--component",
        default=None,
        help="the MultiRegionApi to run, by name, when the program builds several",
    )
    parser.add_argument(
        "--port",
        type=port_number,
        default=None,
        help=f"global endpoint port; regions and moto take the next ones "
        f"(default: $LOCAL_PORT or {DEFAULT_PORT})",
    )
    parser.add_argument(
        "--scale",
        type=_scale,
        default=DEFAULT_SCALE,
        help=f"health-check interval multiplier (default {DEFAULT_SCALE}: 30 s checks every 3 s)",
    )
    parser.add_argument(
        "--prefer",
        default="",
        metavar="REGIONS",
        help="comma-separated region order standing in for latency (default: the stack's order)",
    )
    parser.add_argument(
        "--client-location",
        default="",
        metavar="LOCATIONS",
        help="geolocation routing: the location of requests without an X-Client-Location header, "
        "most specific first, e.g. DE,EU (default: none, the * record)",
    )
    parser.add_argument(
        "--log-dir",
        type=Path,
        metavar="DIR",
        help=f"write each process's JSON logs and metrics to a file here "
        f"(default: a new {DEFAULT_LOG_ROOT}/<timestamp>-<suffix> in --project-dir)",
    )
    parser.add_argument(
        "--verbose",
        action="store_true",
        help="print every process's JSON logs and metrics here too, instead of to files",
    )


def _port(value: int | None) -> int:
    if value is not None:
        return value
    text = os.environ.get("LOCAL_PORT", str(DEFAULT_PORT))
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise PlanError(f"LOCAL_PORT must be a port number, got {text!r}")
    return int(text)


def missing_server_modules() -> list[str]:
    """The modules of ``moto[server]`` this interpreter cannot import (the ``[local]`` extra)."""
    return [name for name in SERVER_MODULES if importlib.util.find_spec(name) is None]


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


def _port_hint(plan: RuntimePlan) -> str:
    return (
        f"start on other ports with --port N or LOCAL_PORT=N "
        f"(the runtime takes {len(plan.all_ports)} ports from N)"
    )


def _remove_if_empty(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not empty: a failed child's log is worth keeping
        folder.rmdir()


def run(args: argparse.Namespace) -> int:
    """Run the stack until Ctrl-C or SIGTERM; a bad start is one line on stderr, exit 2."""
    missing = missing_server_modules()
    if missing:
        print(
            f"local_runtime: error: the local runtime needs moto[server] ({', '.join(missing)} "
            f"not installed): {LOCAL_EXTRA}",
            file=sys.stderr,
            flush=True,
        )
        return 2
    stop = threading.Event()
    previous = {sig: signal.signal(sig, lambda *_: stop.set()) for sig in STOP_SIGNALS}
    runtime: LocalRuntime | None = None
    console = Console()
    made: Path | None = None
    plan: RuntimePlan | None = None
    try:
        preference = tuple(r.strip() for r in args.prefer.split(",") if r.strip())
        api = choose(discover(args.project_dir, args.stack), args.component)
        plan = plan_for(
            args.stack,
            api.settings,
            api.health_check_secret,
            port=_port(args.port),
            scale=args.scale,
            preference=preference,
            client_location=parse_client_location(args.client_location),
        )
        log_dir = args.log_dir
        if log_dir is None and not args.verbose:
            log_dir = made = new_log_dir(args.project_dir / DEFAULT_LOG_ROOT)
        elif log_dir is not None and not log_dir.exists():
            log_dir.mkdir(parents=True)
            made = log_dir
        if log_dir:
            print(f"local_runtime: logs in {log_dir}", flush=True)
        runtime = LocalRuntime(plan, log_dir=log_dir, console=console)
        runtime.start()
        print(_banner(plan, log_dir), flush=True)
        stop.wait()
        return 0
    except PortInUse as exc:
        hint = f"; {_port_hint(plan)}" if plan else ""
        print(f"local_runtime: error: {exc}{hint}", file=sys.stderr, flush=True)
    except (PlanError, DiscoveryError, ChildStartError) as exc:
        print(f"local_runtime: error: {exc}", file=sys.stderr, flush=True)
    finally:
        if runtime:
            runtime.stop()
        console.flush()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    if made:
        _remove_if_empty(made)
    return 2


COMMAND = Command(
    "local",
    "run a stack's regions on 127.0.0.1, without AWS",
    LOCAL_STACK,
    add_arguments,
    run,
    description="Run every region of a stack on 127.0.0.1: moto, one process per region, "
    "replication and a health-checked global endpoint. No AWS account is used.",
)


def main(argv: Sequence[str] | None = None, prog: str = "multi-region-api local") -> int:
    """``python -m multi_region_api.local_runtime``: the ``local`` command on its own."""
    parents = [global_options(LOCAL_STACK)]
    parser = CliParser(prog=prog, description=COMMAND.description, parents=parents)
    add_arguments(parser, parents)
    args = parser.parse_args(argv)
    finish(args, parser, LOCAL_STACK)
    return run(args)


if __name__ == "__main__":
    exit_with(main)
