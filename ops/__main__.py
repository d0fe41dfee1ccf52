"""``multi-region-api drill|cost|failover-time``: the failover drill and the models.

multi-region-api drill --stack us fail us-east-1 | restore us-east-1 | status
multi-region-api cost [--stack us|eu|all]
multi-region-api failover-time [--stack us|eu|all]

``python -m ops ...`` from a checkout, or ``python -m multi_region_api.ops ...``, is the same.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import boto3
from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError
from multi_region_api.handlers.contract import PROJECT_NAME

from .cost_model import CostAssumptions
from .cost_table import cost_table, front_door_table
from .dns_answer import GlobalNameProbe
from .drill import Drill, DrillDeps, route53_client
from .failover_model import failover_estimate
from .stack_settings import OpsError, load_settings

STACKS = ("us", "eu")


def _parser(prog: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=prog, description=__doc__.splitlines()[0])
    parser.add_argument(
        "--project-dir", type=Path, default=Path("."), help="where Pulumi.<stack>.yaml live"
    )
    commands = parser.add_subparsers(dest="command", required=True)

    drill = commands.add_parser("drill", help="fail, restore or inspect a region on AWS")
    drill.add_argument("--stack", required=True)
    drill.add_argument("--poll-seconds", type=float, default=10.0)
    drill.add_argument("--timeout-seconds", type=float, default=600.0)
    actions = drill.add_subparsers(dest="action", required=True)
    for action in ("fail", "restore"):
        actions.add_parser(action).add_argument("region")
    actions.add_parser("status")

    for name in ("cost", "failover-time"):
        sub = commands.add_parser(name)
        sub.add_argument("--stack", default="all", help="a stack name or 'all'")
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
            estimate = failover_estimate(load_settings(stack, args.project_dir))
            print(f"{stack}: {estimate.describe()}")
        return 0

    settings = load_settings(args.stack, args.project_dir)
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
