"""Load a stack's settings from its ``Pulumi.<stack>.yaml`` the way the stack program does."""

from __future__ import annotations

from pathlib import Path

from multi_region_api.components.args import ApiSettings, ArgsError, resolve_args
from multi_region_api.components.stack_config import (
    StackConfigError,
    args_from_config,
    read_stack_file,
    stack_file,
)


class OpsError(Exception):
    """A failure the ops commands report as one line and a non-zero exit code."""

    def __init__(self, message: str, exit_code: int = 2) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def load_settings(stack: str, project_dir: str | Path = ".") -> ApiSettings:
    path = stack_file(stack, project_dir)
    if not path.is_file():
        known = sorted(
            p.name[len("Pulumi.") : -len(".yaml")] for p in path.parent.glob("Pulumi.*.yaml")
        )
        raise OpsError(f"no such stack {stack!r}: {path} not found (stacks: {', '.join(known)})")
    try:
        return resolve_args(args_from_config(read_stack_file(path)))
    except (StackConfigError, ArgsError) as exc:
        raise OpsError(f"stack {stack!r}: {exc}") from exc
