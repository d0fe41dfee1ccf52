"""The component's resolved settings: ``ApiSettings``, what ``args.resolve_args`` returns and
every part of the component, the local runtime, ops and the tests read (never the raw args)."""

from dataclasses import dataclass, field

from multi_region_api.handlers.contract import FrontDoor

from .alb_args import AlbNetwork
from .app_args import AppSettings
from .health_check_args import HealthCheckSettings
from .routing_args import RoutingSettings

DEFAULT_LOG_RETENTION_DAYS = 14


@dataclass(frozen=True)
class ApiSettings:
    """Validated arguments with defaults applied. ``regions`` keeps the caller's order."""

    regions: tuple[str, ...]
    home_region: str
    domain_name: str
    hosted_zone_id: str
    base_path: str = ""
    health_check: HealthCheckSettings = field(default_factory=HealthCheckSettings)
    force_fail_regions: frozenset[str] = frozenset()
    alarm_email: str | None = None
    log_retention_days: int = DEFAULT_LOG_RETENTION_DAYS
    tags: dict[str, str] = field(default_factory=dict)
    manage_api_gateway_account: bool = True
    routing: RoutingSettings = field(default_factory=RoutingSettings)
    front_door: FrontDoor = FrontDoor.REST
    global_accelerator: bool = False
    alb_networks: dict[str, AlbNetwork] = field(default_factory=dict)
    region_switch: bool = False
    app: AppSettings | None = None

    @property
    def peer_regions(self) -> tuple[str, ...]:
        """Every region but the home region, sorted so the order of ``regions`` never matters."""
        return tuple(sorted(r for r in self.regions if r != self.home_region))
