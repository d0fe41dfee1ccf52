"""The ``multi-region-api`` parser: help for everything, global options anywhere, one-line errors.

Parser-level only (``local`` is run with a stand-in runtime): nothing here starts a server.
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from multi_region_api.local_runtime import __main__ as local_main
from multi_region_api.local_runtime.ports import PortInUse

from multi_region_api import cli

ROOT = Path(__file__).resolve().parents[3]
COMMANDS = cli.all_commands()


def _parser() -> argparse.ArgumentParser:
    return cli.command_parser(COMMANDS)[0]


def _parsers(parser: argparse.ArgumentParser) -> Iterator[argparse.ArgumentParser]:
    """``parser`` and every subparser under it."""
    yield parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                yield from _parsers(child)


def _usage_error(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as exc:
        cli.main(["--project-dir", str(ROOT), *argv])
    assert exc.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1, captured.err
    return captured.err.rstrip("\n")


def test_every_command_action_and_option_has_help() -> None:
    seen = 0
    for parser in _parsers(_parser()):
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                helps = {a.dest: a.help for a in action._choices_actions}
                assert set(helps) == set(action.choices), parser.prog
                assert all(helps.values()), (parser.prog, helps)
            else:
                assert action.help not in (None, "", argparse.SUPPRESS), (
                    parser.prog,
                    action.option_strings or action.dest,
                )
            seen += 1
    assert seen > 40  # the walk reached the nested drill actions


def test_top_level_help_lists_each_command_on_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    with pytest.raises(SystemExit) as exc:
        cli.main(["--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    listed = re.findall(r"^    (\S+) +(\S.*)$", out, re.M)
    assert [name for name, _ in listed] == ["local", "drill", "cost", "failover-time", "verify"]
    assert dict(listed) == {c.name: c.help for c in COMMANDS}


@pytest.mark.parametrize(
    "argv",
    [
        ["drill", "status", "--stack", "eu"],
        ["drill", "--stack", "eu", "status"],
        ["--stack", "eu", "drill", "status"],
        ["drill", "fail", "eu-west-1", "--stack", "eu"],
        ["drill", "switch", "--stack", "eu", "--to", "eu-west-1"],
    ],
)
def test_global_options_before_or_after_the_subcommand(argv: list[str]) -> None:
    args = _parser().parse_args(["--project-dir", "x", *argv])
    assert args.stack == "eu"
    assert args.project_dir == Path("x")


@pytest.mark.parametrize(
    ("argv", "poll", "timeout"),
    [
        (["drill", "--poll-seconds", "2", "status"], 2.0, None),
        (["drill", "status", "--poll-seconds", "2", "--timeout-seconds", "9"], 2.0, 9.0),
        (["drill", "--timeout-seconds", "9", "restore", "us-east-1"], None, 9.0),
    ],
)
def test_drill_options_before_or_after_the_action(
    argv: list[str], poll: float | None, timeout: float | None
) -> None:
    args = _parser().parse_args([*argv, "--stack", "us"])
    assert getattr(args, "poll_seconds", None) == poll
    assert getattr(args, "timeout_seconds", None) == timeout


@pytest.mark.parametrize(
    ("argv", "stack"),
    [(["local"], "us"), (["cost"], "all"), (["failover-time"], "all"), (["verify"], None)],
)
def test_each_command_has_its_own_stack_default(argv: list[str], stack: str | None) -> None:
    parser, by_name = cli.command_parser(COMMANDS)
    args = parser.parse_args(argv)
    command = next(c for c in COMMANDS if c.name == argv[0])
    assert command.stack.default == stack
    if stack is not None:
        cli.finish(args, by_name[argv[0]], command.stack)
        assert (args.stack, args.project_dir) == (stack, Path("."))


def test_a_missing_stack_names_the_option_and_the_stacks_there(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert _usage_error(["drill", "status"], capsys) == (
        f"multi-region-api drill: error: --stack NAME is required, e.g. --stack eu "
        f"(stacks in {ROOT}: eu, us); see 'multi-region-api drill --help'"
    )


@pytest.mark.parametrize(
    ("argv", "prog", "says"),
    [
        ([], "", "the following arguments are required: COMMAND"),
        (["dril"], "", "invalid choice: 'dril' (choose from 'local', 'drill', "),
        (["drill", "--stack", "us"], " drill", "the following arguments are required: ACTION"),
        (["drill", "fail", "--stack", "us"], " drill fail", "arguments are required: REGION"),
        (["drill", "status", "--poll-seconds", "0"], " drill status", "positive number"),
        (["cost", "--stack"], " cost", "argument --stack: expected one argument"),
        (["verify", "--local", "--port", "http"], " verify", "a port number from 1 to 65535"),
        (["verify", "--stack", "us", "--nope"], " verify", "unrecognized arguments: --nope"),
        (["local", "--scale", "fast"], " local", "argument --scale: takes a number, got 'fast'"),
    ],
)
def test_usage_errors_are_one_line_naming_the_fix(
    argv: list[str], prog: str, says: str, capsys: pytest.CaptureFixture[str]
) -> None:
    line = _usage_error(argv, capsys)
    prog = f"{cli.PROG}{prog}"
    assert line.startswith(f"{prog}: error: ")
    assert says in line
    assert line.endswith(f"; see '{prog} --help'")


def test_cost_runs_through_the_console_script(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["cost", "--stack", "eu", "--project-dir", str(ROOT)]) == 0
    out = capsys.readouterr().out
    assert "### stack `eu`" in out
    assert "### stack `us`" not in out


def test_local_without_moto_names_the_extra(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    real = importlib.util.find_spec

    def without_moto(name: str, *rest: Any) -> Any:
        return None if name in ("moto", "flask") else real(name, *rest)

    monkeypatch.setattr(importlib.util, "find_spec", without_moto)
    assert local_main.main(["--project-dir", str(ROOT)]) == 2
    assert capsys.readouterr().err == (
        "local_runtime: error: the local runtime needs moto[server] (moto, flask not installed): "
        "pip install 'multi-region-api[local]'\n"
    )


class _TakenPorts:
    """A ``LocalRuntime`` whose start finds a port taken, as ``check_ports_free`` says it."""

    def __init__(self, plan: Any, log_dir: Path | None, console: Any) -> None:
        self.port = plan.all_ports[2]

    def start(self) -> None:
        raise PortInUse(f"port {self.port} on 127.0.0.1 is already in use")

    def stop(self) -> None:
        """Nothing started."""


def test_a_taken_port_names_port_and_local_port_and_leaves_no_log_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("Pulumi.yaml", "Pulumi.us.yaml", "__main__.py"):  # a project: its program too
        shutil.copy(ROOT / name, tmp_path / name)
    (tmp_path / "examples").symlink_to(ROOT / "examples")  # the stack's app
    monkeypatch.setattr(local_main, "LocalRuntime", _TakenPorts)
    monkeypatch.delenv("LOCAL_PORT", raising=False)
    assert local_main.main(["--project-dir", str(tmp_path), "--port", "28000"]) == 2
    captured = capsys.readouterr()
    assert captured.err.count("\n") == 1
    assert captured.err.startswith(
        "local_runtime: error: port 28002 on 127.0.0.1 is already in use; start on other ports "
        "with --port N or LOCAL_PORT=N (the runtime takes "
    )
    logs = tmp_path / local_main.DEFAULT_LOG_ROOT
    assert f"logs in {logs}/" in captured.out
    assert list(logs.iterdir()) == []  # the run's folder is gone again
