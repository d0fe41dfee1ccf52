"""Load a stack's settings from its ``Pulumi.<stack>.yaml`` the way the stack program does."""

from __future__ import annotations

from pathlib import Path

from multi_region_api.components.args import ApiSettings, ArgsError
from multi_region_api.components.stack_config import StackConfigError, load_stack_settings


class OpsError(Exception):
    """A failure the ops commands report as one line and a non-zero exit code."""

    def __init__(self, message: str, exit_code: int = 2) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def load_settings(stack: str, project_dir: str | Path = ".") -> ApiSettings:
    try:
        return load_stack_settings(stack, project_dir).settings
    except StackConfigError as exc:
        raise OpsError(str(exc)) from exc
    except ArgsError as exc:
        raise OpsError(f"stack {stack!r}: {exc}") from exc
