"""``multi-region-api drill|cost|failover-time|verify``: the failover drill, the models, verify.

multi-region-api drill --stack us fail us-east-1 | restore us-east-1 | status
multi-region-api drill --stack us switch --to|--out|--in us-west-2 | --watch EXECUTION_ID
multi-region-api cost [--stack us|eu|all]
multi-region-api failover-time [--stack us|eu|all]
multi-region-api verify --stack us [--outputs outputs.json] | --local [--port 8080]

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


def _parser(prog: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=prog, description=__doc__.splitlines()[0])
    parser.add_argument(
        "--project-dir", type=Path, default=Path("."), help="where Pulumi.<stack>.yaml live"
    )
    commands = parser.add_subparsers(dest="command", required=True)

    drill = commands.add_parser("drill", help="fail, restore, inspect or switch a region on AWS")
    drill.add_argument("--stack", required=True)
    drill.add_argument("--poll-seconds", type=float, default=10.0)
    drill.add_argument("--timeout-seconds", type=float, default=600.0)
    actions = drill.add_subparsers(dest="action", required=True)
    for action in ("fail", "restore"):
        actions.add_parser(action).add_argument("region")
    actions.add_parser("status")
    switch = actions.add_parser("switch", help="run the stack's ARC Region switch plan")
    direction = switch.add_mutually_exclusive_group(required=True)
    direction.add_argument("--to", metavar="REGION", help="the region that serves after the switch")
    direction.add_argument("--out", metavar="REGION", help="active/active: deactivate REGION")
    direction.add_argument(
        "--in", dest="into", metavar="REGION", help="active/active: activate REGION again"
    )
    direction.add_argument("--watch", metavar="EXECUTION_ID", help="watch a started execution")
    switch.add_argument("--mode", choices=("graceful", "ungraceful"), help="default: graceful")
    switch.add_argument("--comment", help="recorded with the execution")

    for name in ("cost", "failover-time"):
        sub = commands.add_parser(name)
        sub.add_argument("--stack", default="all", help="a stack name or 'all'")

    verify = commands.add_parser("verify", help="check every promise of a deployed stack")
    verify.add_argument("--stack", required=True)
    verify.add_argument(
        "--outputs", type=Path, help="`pulumi stack output --json` (function and table names)"
    )
    verify.add_argument(
        "--local", action="store_true", help="check a running local runtime instead of AWS"
    )
    verify.add_argument(
        "--port", type=int, help="the local runtime's global port (default: $LOCAL_PORT or 8080)"
    )
    verify.add_argument("--replication-timeout", type=float, default=30.0, metavar="SECONDS")
    return parser


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
        poll_seconds=args.poll_seconds,
        timeout_seconds=args.timeout_seconds,
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
        poll_seconds=args.poll_seconds,
        timeout_seconds=args.timeout_seconds,
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
    if args.replication_timeout <= 0:
        raise OpsError("--replication-timeout must be positive")
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


def main(argv: Sequence[str] | None = None, prog: str = PROJECT_NAME) -> int:
    args = _parser(prog).parse_args(argv)
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


if __name__ == "__main__":
    sys.exit(main())
