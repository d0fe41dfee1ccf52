"""``multi-region-api drill|cost|failover-time|verify``: the failover drill, the models, verify.

multi-region-api drill fail us-east-1 | restore us-east-1 | status --stack us
multi-region-api drill switch --to|--out|--in us-west-2 | --watch EXECUTION_ID --stack us
multi-region-api cost [--stack us|eu|all]
multi-region-api failover-time [--stack us|eu|all]
multi-region-api verify --stack us [--outputs outputs.json] | --local [--port 8080]

The parser lives in ``multi_region_api.cli`` (global options before or after any command); this
module adds the ops commands to it.

``python -m ops ...`` from a checkout, or ``python -m multi_region_api.ops ...``, is the same.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

import boto3
from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError
from multi_region_api.components.args import ApiSettings
from multi_region_api.components.estimates.cost import CostAssumptions
from multi_region_api.components.estimates.failover import failover_estimate, region_impacts
from multi_region_api.components.stack_config import read_stack_file, stack_file
from multi_region_api.handlers.contract import ENV_HEALTH_CHECK_SECRET, PROJECT_NAME
from multi_region_api.local_runtime.plan import DEFAULT_PORT

from multi_region_api import cli
from multi_region_api.cli import ANY_STACK, CliParser, Command, StackOption, port_number

from .cost_table import cost_table, front_door_table
from .dns_answer import GlobalNameProbe
from .drill import Drill, DrillDeps, route53_client
from .region_switch_execution import RegionSwitchDrill, SwitchDeps, arc_client
from .stack_settings import OpsError, load_settings
from .verify import aws_deps, verify_aws, verify_local
from .verify_aws import StackOutputs, load_outputs
from .verify_endpoints import EndpointDeps
from .verify_report import exit_code, render

STACKS = ("us", "eu")
POLL_SECONDS = 10.0
TIMEOUT_SECONDS = 600.0
ALL_STACKS = StackOption("all", "a stack name, or 'all' for us and eu (default: all)")


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"takes a number of seconds, got {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"takes a positive number of seconds, got {text!r}")
    return value


def _drill_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("drill options")
    group.add_argument(
        "--poll-seconds",
        type=_seconds,
        metavar="SECONDS",
        default=argparse.SUPPRESS,
        help=f"time between two looks at Route 53 / ARC while watching (default: {POLL_SECONDS:g})",
    )
    group.add_argument(
        "--timeout-seconds",
        type=_seconds,
        metavar="SECONDS",
        default=argparse.SUPPRESS,
        help=f"stop watching after this long; the drill says how to undo it "
        f"(default: {TIMEOUT_SECONDS:g})",
    )


def _drill_options() -> CliParser:
    """Accepted after ``drill`` and after its action alike, as the global options are."""
    parent = CliParser(add_help=False)
    _drill_arguments(parent)
    return parent


def _add_drill(parser: CliParser, parents: list[CliParser]) -> None:
    _drill_arguments(parser)
    options = [*parents, _drill_options()]
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True, title="actions")
    fail = actions.add_parser(
        "fail",
        parents=options,
        help="invert REGION's health check; time the failover",
    )
    fail.add_argument("region", metavar="REGION", help="a region of the stack, e.g. us-east-1")
    restore = actions.add_parser("restore", parents=options, help="undo 'fail' for REGION")
    restore.add_argument("region", metavar="REGION", help="the failed region")
    actions.add_parser(
        "status",
        parents=options,
        help="each region's health check and DNS answer",
    )
    switch = actions.add_parser(
        "switch", parents=options, help="run the stack's ARC Region switch plan"
    )
    direction = switch.add_mutually_exclusive_group(required=True)
    direction.add_argument("--to", metavar="REGION", help="the region that serves after the switch")
    direction.add_argument("--out", metavar="REGION", help="active/active: deactivate REGION")
    direction.add_argument(
        "--in", dest="into", metavar="REGION", help="active/active: activate REGION again"
    )
    direction.add_argument("--watch", metavar="EXECUTION_ID", help="watch a started execution")
    switch.add_argument(
        "--mode", choices=("graceful", "ungraceful"), help="how ARC switches (default: graceful)"
    )
    switch.add_argument("--comment", help="recorded with the execution")


def _add_stack_only(parser: CliParser, parents: list[CliParser]) -> None:
    """``cost`` and ``failover-time`` take only the global options."""


def _add_verify(parser: CliParser, parents: list[CliParser]) -> None:
    parser.add_argument(
        "--outputs", type=Path, help="`pulumi stack output --json` (function and table names)"
    )
    parser.add_argument(
        "--local", action="store_true", help="check a running local runtime instead of AWS"
    )
    parser.add_argument(
        "--port",
        type=port_number,
        help=f"the local runtime's global port (default: $LOCAL_PORT or {DEFAULT_PORT})",
    )
    parser.add_argument(
        "--replication-timeout",
        type=_seconds,
        default=30.0,
        metavar="SECONDS",
        help="how long a write may take to reach the other regions (default: 30)",
    )


def _stacks(choice: str) -> tuple[str, ...]:
    return STACKS if choice == "all" else (choice,)


def _run(args: argparse.Namespace) -> int:
    if args.command == "cost":
        tables = []
        for stack in _stacks(args.stack):
            settings = load_settings(stack, args.project_dir)
            tables.append(cost_table(stack, settings, CostAssumptions()))
            tables.append(front_door_table(stack, settings, CostAssumptions()))
        print("\n\n".join(tables))
        return 0
    if args.command == "failover-time":
        for stack in _stacks(args.stack):
            settings = load_settings(stack, args.project_dir)
            estimate = failover_estimate(settings)
            print(f"{stack} ({settings.routing.policy} routing): {estimate.describe()}")
            for impact in region_impacts(settings, estimate):
                print(f"  {impact.describe()}")
        return 0
    if args.command == "verify":
        return _verify(args)

    settings = load_settings(args.stack, args.project_dir)
    if args.action == "switch":
        return _switch(args, settings)
    route53 = route53_client(boto3.Session())
    drill = Drill(
        args.stack,
        settings,
        DrillDeps(route53=route53, probe=GlobalNameProbe(route53).answer),
        poll_seconds=getattr(args, "poll_seconds", POLL_SECONDS),
        timeout_seconds=getattr(args, "timeout_seconds", TIMEOUT_SECONDS),
    )
    if args.action == "status":
        return drill.status()
    return drill.fail(args.region) if args.action == "fail" else drill.restore(args.region)


def _switch(args: argparse.Namespace, settings: ApiSettings) -> int:
    session = boto3.Session()
    drill = RegionSwitchDrill(
        args.stack,
        settings,
        SwitchDeps(client_for=lambda region: arc_client(session, region)),
        poll_seconds=getattr(args, "poll_seconds", POLL_SECONDS),
        timeout_seconds=getattr(args, "timeout_seconds", TIMEOUT_SECONDS),
    )
    if args.watch:
        if args.mode or args.comment is not None:
            raise OpsError("--mode and --comment start an execution; leave them out with --watch")
        return drill.resume(args.watch)
    direction, region = next(
        (name, value)
        for name, value in (("to", args.to), ("out", args.out), ("in", args.into))
        if value
    )
    return drill.start(direction, region, mode=args.mode or "graceful", comment=args.comment)


def _local_port(value: int | None) -> int:
    text = str(value) if value is not None else os.environ.get("LOCAL_PORT", str(DEFAULT_PORT))
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise OpsError(f"--port / LOCAL_PORT must be a port number, got {text!r}")
    return int(text)


def _local_secret(stack: str, project_dir: Path) -> str | None:
    """The health-check secret from the environment, else a plain one in the stack file."""
    from_file = read_stack_file(stack_file(stack, project_dir)).get("healthCheckSecret")
    secret = os.environ.get(ENV_HEALTH_CHECK_SECRET) or from_file
    return secret if isinstance(secret, str) and secret else None


def _verify(args: argparse.Namespace) -> int:
    settings = load_settings(args.stack, args.project_dir)
    endpoints = EndpointDeps(replication_timeout=args.replication_timeout)
    if args.local:
        if args.outputs:
            raise OpsError("--outputs describes a deployed stack; leave it out with --local")
        global_url = f"http://127.0.0.1:{_local_port(args.port)}"
        secret = _local_secret(args.stack, args.project_dir)
        rows = verify_local(args.stack, settings, global_url, secret, endpoints)
    else:
        if args.port is not None:
            raise OpsError("--port is for --local")
        outputs = load_outputs(args.outputs) if args.outputs else StackOutputs()
        rows = verify_aws(args.stack, settings, aws_deps(boto3.Session(), outputs, endpoints))
    print(render(rows))
    return exit_code(rows)


def run(args: argparse.Namespace) -> int:
    """Run a parsed ops command: failures are one line on stderr and a non-zero exit."""
    try:
        return _run(args)
    except OpsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    except NoCredentialsError:
        print("error: no AWS credentials found", file=sys.stderr)
        return 2
    except ClientError as exc:
        error = exc.response.get("Error", {})
        print(f"error: AWS {error.get('Code')}: {error.get('Message')}", file=sys.stderr)
        return 2
    except BotoCoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


COMMANDS = (
    Command(
        "drill",
        "fail, restore or inspect a region of a deployed stack",
        ANY_STACK,
        _add_drill,
        run,
        description="The failover drill on AWS: 'fail' inverts a region's Route 53 health check "
        "and times the failover, 'restore' undoes it, 'status' shows each check and what the "
        "global name answers; 'switch' runs the stack's ARC Region switch plan.",
    ),
    Command(
        "cost",
        "a stack's monthly cost model, as Markdown tables",
        ALL_STACKS,
        _add_stack_only,
        run,
        description="The monthly cost of each stack's resources, and of each front door, from "
        "the same settings the component deploys.",
    ),
    Command(
        "failover-time",
        "a stack's time-to-failover model",
        ALL_STACKS,
        _add_stack_only,
        run,
        description="How long clients of a failed region wait: detection, DNS TTL, and what "
        "each region's loss means for its clients.",
    ),
    Command(
        "verify",
        "check a deployed stack's promises (or --local)",
        ANY_STACK,
        _add_verify,
        run,
        description="Check every promise of a deployed stack (health checks, routing, "
        "replication, TLS, the front doors), or of a running local runtime with --local.",
    ),
)


def main(argv: Sequence[str] | None = None, prog: str = PROJECT_NAME) -> int:
    """``python -m multi_region_api.ops``: the console script without ``local``."""
    return cli.main(argv, prog, COMMANDS)


if __name__ == "__main__":
    cli.exit_with(main)
