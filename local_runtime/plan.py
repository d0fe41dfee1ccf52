"""What a local run looks like, derived from the stack file: regions, ports, secret, timing.

Ports: the global endpoint on ``port``, the regions on the following ports in the stack's region
order, the moto server on the port after the last region. The health-check interval is the stack's
``intervalSeconds`` times ``scale`` (the failure threshold is the stack's own), so a drill at
scale 0.1 takes a tenth of the time it takes on AWS.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

from multi_region_api.components.app_args import IndexSettings
from multi_region_api.components.args import ApiSettings, ArgsError
from multi_region_api.components.naming import health_resource_path
from multi_region_api.components.stack_config import StackConfigError, load_stack_settings
from multi_region_api.handlers import contract

DEFAULT_PORT = 8080
DEFAULT_SCALE = 0.1
# The Lambda handler setting, imported through our package (never a project's own `handlers`).
HANDLER = contract.HANDLER


class PlanError(ValueError):
    """Bad stack file or options: reported as one line, no traceback."""


@dataclass(frozen=True)
class RuntimePlan:
    stack: str
    settings: ApiSettings
    health_check_secret: str
    port: int
    scale: float
    preference: tuple[str, ...]
    handler: str = HANDLER
    client_location: tuple[str, ...] = ()
    """Location codes of requests without ``X-Client-Location`` (geolocation routing)."""

    @property
    def table_name(self) -> str:
        return f"{contract.SERVICE_NAME}-{self.stack}"

    @property
    def python_path(self) -> str:
        """A region process's ``PYTHONPATH``: the app's absolute path only, as on Lambda, where it
        is the archive's root. Not the project directory: an app module that imports one of the
        project's own modules outside ``app.path`` fails here as it would in the deployed
        function, not only after ``pulumi up``."""
        return str(self.settings.app.path) if self.settings.app else ""

    @property
    def indexes(self) -> tuple[IndexSettings, ...]:
        return self.settings.app.indexes if self.settings.app else ()

    @property
    def region_ports(self) -> dict[str, int]:
        return {region: self.port + 1 + i for i, region in enumerate(self.settings.regions)}

    @property
    def moto_port(self) -> int:
        return self.port + 1 + len(self.settings.regions)

    @property
    def all_ports(self) -> tuple[int, ...]:
        return (self.port, *self.region_ports.values(), self.moto_port)

    @property
    def global_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def moto_url(self) -> str:
        return f"http://127.0.0.1:{self.moto_port}"

    @property
    def region_urls(self) -> dict[str, str]:
        """The handler's ``REGION_URLS``: the loopback ports instead of the regional names."""
        suffix = f"/{self.settings.base_path}" if self.settings.base_path else ""
        return {r: f"http://127.0.0.1:{p}{suffix}" for r, p in self.region_ports.items()}

    @property
    def health_path(self) -> str:
        return health_resource_path(self.settings.base_path, self.health_check_secret)

    @property
    def interval_seconds(self) -> float:
        return self.settings.health_check.interval_seconds * self.scale

    @property
    def failure_threshold(self) -> int:
        return self.settings.health_check.failure_threshold

    @property
    def masked_secret(self) -> str:
        return f"{self.health_check_secret[:4]}... ({len(self.health_check_secret)} chars)"


def load_plan(
    stack: str,
    *,
    port: int = DEFAULT_PORT,
    scale: float = DEFAULT_SCALE,
    preference: tuple[str, ...] = (),
    project_dir: Path = Path(),
    handler: str = HANDLER,
    client_location: tuple[str, ...] = (),
) -> RuntimePlan:
    """Read ``Pulumi.<stack>.yaml`` and check the options; raise ``PlanError`` with one line."""
    try:
        loaded = load_stack_settings(stack, project_dir)
    except (StackConfigError, ArgsError) as exc:
        raise PlanError(f"stack {stack!r}: {exc}") from None
    secret = loaded.args.get("health_check_secret")
    return plan_for(
        stack,
        loaded.settings,
        secret if isinstance(secret, str) else None,
        port=port,
        scale=scale,
        preference=preference,
        handler=handler,
        client_location=client_location,
    )


def plan_for(
    stack: str,
    settings: ApiSettings,
    health_check_secret: str | None,
    *,
    port: int = DEFAULT_PORT,
    scale: float = DEFAULT_SCALE,
    preference: tuple[str, ...] = (),
    handler: str = HANDLER,
    client_location: tuple[str, ...] = (),
) -> RuntimePlan:
    """The plan for one component's settings (a discovered one, or a stack file's)."""
    if not 0 < scale <= 10:
        raise PlanError(f"--scale must be in (0, 10], got {scale}")
    last = port + 1 + len(settings.regions)
    if port < 1024 or last > 65535:
        raise PlanError(f"--port: the runtime needs ports {port}-{last}, within 1024-65535")
    order = preference or settings.regions
    if sorted(order) != sorted(settings.regions):
        raise PlanError(f"--prefer must list each of {', '.join(settings.regions)} once")
    secret = health_check_secret or secrets.token_urlsafe(24)
    return RuntimePlan(
        stack=stack,
        settings=settings,
        health_check_secret=secret,
        port=port,
        scale=scale,
        preference=tuple(order),
        handler=handler,
        client_location=client_location,
    )
