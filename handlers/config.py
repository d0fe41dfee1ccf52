"""The handler's settings, read from the environment once per container and typed.

The variable names are in ``contract.py``; ``components/environment.py`` writes them. There is
deliberately no BASE_PATH variable: the custom domains map ``/<base_path>`` to the stage, so API
Gateway hands us paths that still carry it, and the prefix to strip is the path part of this
region's own URL in ``REGION_URLS``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from types import MappingProxyType
from urllib.parse import urlsplit

from . import contract


class ConfigError(RuntimeError):
    """The environment does not describe a usable deployment; fails the init phase loudly."""


@dataclass(frozen=True, slots=True, eq=False)
class Config:
    """Compared and hashed by identity: there is one per container (tests make more)."""

    region: str
    table_name: str
    home_region: str
    region_urls: Mapping[str, str]
    health_check_secret: str = field(repr=False)
    deep_ping_percent: int
    force_fail: bool
    front_door: contract.FrontDoor = contract.FrontDoor.REST
    alb_target_group_arn: str = ""
    """``alb`` only: this region's target group, whose own health checks need no secret."""

    @property
    def base_path(self) -> str:
        """``/v1`` for ``https://us-east-1.api.example.com/v1``; ``""`` without a base path."""
        return urlsplit(self.region_urls[self.region]).path.rstrip("/")

    @property
    def regions(self) -> tuple[str, ...]:
        return tuple(sorted(self.region_urls))

    @property
    def peer_regions(self) -> tuple[str, ...]:
        return tuple(r for r in self.regions if r != self.region)

    @property
    def is_home(self) -> bool:
        return self.region == self.home_region

    def url_of(self, region: str) -> str:
        """Base URL of ``region`` (no trailing slash), for ``homeUrl`` and ``Location``."""
        return self.region_urls[region].rstrip("/")


def _required(environ: Mapping[str, str], name: str) -> str:
    value = environ.get(name, "")
    if not value:
        raise ConfigError(f"environment variable {name} is required")
    return value


def load_config(environ: Mapping[str, str] = os.environ) -> Config:
    """Parse and cross-check the environment; raise ``ConfigError`` naming the bad variable."""
    region = _required(environ, contract.ENV_REGION)
    try:
        urls = json.loads(_required(environ, contract.ENV_REGION_URLS))
    except json.JSONDecodeError as exc:
        raise ConfigError(f"{contract.ENV_REGION_URLS} is not JSON: {exc}") from None
    if not isinstance(urls, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and v.startswith(("https://", "http://"))
        for k, v in urls.items()
    ):
        raise ConfigError(f"{contract.ENV_REGION_URLS} must map region names to http(s) base URLs")
    home = _required(environ, contract.ENV_HOME_REGION)
    for name, value in ((contract.ENV_REGION, region), (contract.ENV_HOME_REGION, home)):
        if value not in urls:
            raise ConfigError(f"{name}={value} has no entry in {contract.ENV_REGION_URLS}")
    percent_text = environ.get(contract.ENV_DEEP_PING_PERCENT, "0")
    if not percent_text.isdigit() or not 0 <= int(percent_text) <= 100:
        raise ConfigError(
            f"{contract.ENV_DEEP_PING_PERCENT} must be an integer 0-100, got {percent_text!r}"
        )
    door_text = environ.get(contract.ENV_FRONT_DOOR) or contract.FrontDoor.REST.value
    try:
        door = contract.FrontDoor(door_text)
    except ValueError:
        choices = ", ".join(d.value for d in contract.FrontDoor)
        raise ConfigError(
            f"{contract.ENV_FRONT_DOOR} must be one of {choices}, got {door_text!r}"
        ) from None
    return Config(
        region=region,
        table_name=_required(environ, contract.ENV_TABLE_NAME),
        home_region=home,
        region_urls=MappingProxyType(dict(urls)),
        health_check_secret=_required(environ, contract.ENV_HEALTH_CHECK_SECRET),
        deep_ping_percent=int(percent_text),
        force_fail=environ.get(contract.ENV_FORCE_FAIL, "false").strip().lower() == "true",
        front_door=door,
        alb_target_group_arn=environ.get(contract.ENV_ALB_TARGET_GROUP_ARN, ""),
    )


@cache
def get_config() -> Config:
    """The container's settings (read on first use, then reused by every invocation)."""
    return load_config()
