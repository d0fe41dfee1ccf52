"""The ``multi-region-api`` console script: ``local`` runs the local runtime, the rest are ops.

One argparse tree for every command. The global options (``--stack``, ``--project-dir``) come from
one parent parser shared by every level, so they are accepted before or after any subcommand. They
parse with ``SUPPRESS`` defaults (a subparser's default would otherwise overwrite a value given
before it) and each command's default is filled in afterwards. Usage errors are one line on
stderr naming the fix, exit 2.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

from multi_region_api.handlers.contract import PROJECT_NAME

PROG = PROJECT_NAME
DESCRIPTION = (
    "An active-active serverless API in several AWS regions: run it locally, drill a failover, "
    "price it, and check a deployed stack's promises."
)
USAGE_ERROR = 2


class CliParser(argparse.ArgumentParser):
    """argparse with one-line usage errors: the problem, then where the full usage is."""

    def error(self, message: str) -> NoReturn:
        self.exit(USAGE_ERROR, f"{self.prog}: error: {message}; see '{self.prog} --help'\n")


@dataclass(frozen=True)
class StackOption:
    """What ``--stack`` means for one command: its default (None: required) and its help."""

    default: str | None
    help: str


@dataclass(frozen=True)
class Command:
    """A subcommand: its one-line help, how it reads ``--stack``, its own options and its run."""

    name: str
    help: str
    stack: StackOption
    add_arguments: Callable[[CliParser, list[CliParser]], None]
    """Adds the command's options; nested subparsers take the given parents (global options)."""
    run: Callable[[argparse.Namespace], int]
    description: str


ANY_STACK = StackOption(None, "the stack: reads Pulumi.NAME.yaml in --project-dir")


def global_options(stack: StackOption) -> CliParser:
    """The options every level accepts; their defaults are applied by ``finish``."""
    parent = CliParser(add_help=False)
    group = parent.add_argument_group("global options (before or after the command)")
    group.add_argument("--stack", metavar="NAME", default=argparse.SUPPRESS, help=stack.help)
    group.add_argument(
        "--project-dir",
        metavar="DIR",
        type=Path,
        default=argparse.SUPPRESS,
        help="the folder with Pulumi.yaml and the Pulumi.<stack>.yaml files (default: .)",
    )
    return parent


def port_number(text: str) -> int:
    """argparse type of ``--port``."""
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise argparse.ArgumentTypeError(f"takes a port number from 1 to 65535, got {text!r}")
    return int(text)


def stacks_in(project_dir: Path) -> list[str]:
    """The stack names with a ``Pulumi.<name>.yaml`` in ``project_dir``."""
    return sorted(p.name[len("Pulumi.") : -len(".yaml")] for p in project_dir.glob("Pulumi.*.yaml"))


def finish(args: argparse.Namespace, parser: argparse.ArgumentParser, stack: StackOption) -> None:
    """Fill in the global options' defaults for the chosen command; a missing required
    ``--stack`` is a usage error naming the stacks there are."""
    if not hasattr(args, "project_dir"):
        args.project_dir = Path(".")
    if hasattr(args, "stack"):
        return
    if stack.default is None:
        known = stacks_in(args.project_dir)
        example = known[0] if known else "us"
        where = f"stacks in {args.project_dir}: {', '.join(known)}" if known else "no stack files"
        parser.error(f"--stack NAME is required, e.g. --stack {example} ({where})")
    args.stack = stack.default


def command_parser(
    commands: Sequence[Command], prog: str = PROG, description: str | None = None
) -> tuple[CliParser, dict[str, CliParser]]:
    """The top-level parser and each command's parser, by name."""
    parser = CliParser(
        prog=prog,
        description=description or DESCRIPTION,
        epilog=f"'{prog} COMMAND --help' describes a command and its options.",
        parents=[global_options(ANY_STACK)],
    )
    sub = parser.add_subparsers(
        dest="command", metavar="COMMAND", required=True, title="commands", parser_class=CliParser
    )
    by_name: dict[str, CliParser] = {}
    for command in commands:
        parents = [global_options(command.stack)]
        child = sub.add_parser(
            command.name,
            help=command.help,
            description=command.description,
            parents=parents,
        )
        command.add_arguments(child, parents)
        by_name[command.name] = child
    return parser, by_name


def all_commands() -> tuple[Command, ...]:
    """``local``, ``check`` and the ops commands (imported here: they import this module's
    helpers)."""
    from multi_region_api.local_runtime.__main__ import COMMAND as LOCAL
    from multi_region_api.ops.__main__ import COMMANDS as OPS

    from .check import COMMAND as CHECK

    return (LOCAL, *OPS, CHECK)


def main(
    argv: Sequence[str] | None = None,
    prog: str = PROG,
    commands: Sequence[Command] | None = None,
) -> int:
    chosen = tuple(commands) if commands is not None else all_commands()
    parser, by_name = command_parser(chosen, prog)
    args, extra = parser.parse_known_args(argv)
    command = next(c for c in chosen if c.name == args.command)
    if extra:  # argparse would blame the top level; the command's help is the useful one
        by_name[command.name].error(f"unrecognized arguments: {' '.join(extra)}")
    finish(args, by_name[command.name], command.stack)
    return command.run(args)


def close_event_loop() -> None:
    """Close the event loop a Pulumi program ran on (``local`` and ``check`` run the project under
    mocks) before the interpreter exits.

    Left open, it is closed by the garbage collector during shutdown, which can fail and print a
    traceback after a command's one-line error. Only for a process about to exit: the loop stays
    set, closed, for this thread.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        try:
            loop = asyncio.get_event_loop_policy().get_event_loop()
        except RuntimeError:
            return
    if not loop.is_running() and not loop.is_closed():
        loop.close()


def exit_with(command: Callable[[], int]) -> NoReturn:
    """Run a console entry point and exit with its code, the event loop closed first."""
    try:
        code = command()
    finally:
        close_event_loop()
    sys.exit(code)


def console() -> NoReturn:
    """The ``multi-region-api`` script."""
    exit_with(main)


if __name__ == "__main__":
    console()
