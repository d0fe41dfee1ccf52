"""The dispatcher's settings: the deployment (``runtime.Deployment``) plus the platform's own.

The variable names are in ``contract.py``; ``components/environment.py`` writes them. Application
code sees the deployment only (``multi_region_api.runtime.deployment()``): the health-check
secret and the health settings are the platform's.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from functools import cache

from multi_region_api.runtime.deployment import ConfigError, Deployment, load_deployment

from . import contract

__all__ = ["Config", "ConfigError", "get_config", "load_config"]


@dataclass(frozen=True, eq=False)
class Config(Deployment):
    health_check_secret: str = field(repr=False, kw_only=True)
    deep_ping_percent: int = field(kw_only=True)
    force_fail: bool = field(kw_only=True)
    alb_target_group_arn: str = field(default="", kw_only=True)
    """``alb`` only: this region's target group, whose own health checks need no secret."""


def load_config(environ: Mapping[str, str] = os.environ) -> Config:
    """Parse and cross-check the environment; raise ``ConfigError`` naming the bad variable."""
    deployment = load_deployment(environ)
    secret = environ.get(contract.ENV_HEALTH_CHECK_SECRET, "")
    if not secret:
        raise ConfigError(f"environment variable {contract.ENV_HEALTH_CHECK_SECRET} is required")
    percent_text = environ.get(contract.ENV_DEEP_PING_PERCENT, "0")
    if not percent_text.isdigit() or not 0 <= int(percent_text) <= 100:
        raise ConfigError(
            f"{contract.ENV_DEEP_PING_PERCENT} must be an integer 0-100, got {percent_text!r}"
        )
    return Config(
        **{f.name: getattr(deployment, f.name) for f in fields(Deployment)},
        health_check_secret=secret,
        deep_ping_percent=int(percent_text),
        force_fail=environ.get(contract.ENV_FORCE_FAIL, "false").strip().lower() == "true",
        alb_target_group_arn=environ.get(contract.ENV_ALB_TARGET_GROUP_ARN, ""),
    )


@cache
def get_config() -> Config:
    """The container's settings (read on first use, then reused by every invocation)."""
    return load_config()
