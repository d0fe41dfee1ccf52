"""Stack config (``Pulumi.<stack>.yaml``, namespace ``multi-region-api``) -> component args.

One key table serves the stack program (through ``pulumi.Config``) and the local runtime and tests
(which read the stack file from disk), so both see the same keys with the same meaning.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Literal, cast

import yaml

from ..handlers.contract import PROJECT_NAME
from .args import MultiRegionApiArgs

NAMESPACE = PROJECT_NAME
Kind = Literal["str", "int", "bool", "object", "secret"]

# config key -> (args key, how pulumi.Config reads it)
CONFIG_KEYS: dict[str, tuple[str, Kind]] = {
    "regions": ("regions", "object"),
    "homeRegion": ("home_region", "str"),
    "domainName": ("domain_name", "str"),
    "hostedZoneId": ("hosted_zone_id", "str"),
    "basePath": ("base_path", "str"),
    "healthCheckSecret": ("health_check_secret", "secret"),
    "healthCheck": ("health_check", "object"),
    "forceFailRegions": ("force_fail_regions", "object"),
    "alarmEmail": ("alarm_email", "str"),
    "logRetentionDays": ("log_retention_days", "int"),
    "tags": ("tags", "object"),
    "manageApiGatewayAccount": ("manage_api_gateway_account", "bool"),
    "frontDoor": ("front_door", "str"),
    "globalAccelerator": ("global_accelerator", "bool"),
    "albNetworks": ("alb_networks", "object"),
}
HEALTH_CHECK_KEYS = {
    "intervalSeconds": "interval_seconds",
    "failureThreshold": "failure_threshold",
    "regions": "regions",
    "deepPingPercent": "deep_ping_percent",
}

ALB_NETWORK_KEYS = {"vpcId": "vpc_id", "subnetIds": "subnet_ids"}


class StackConfigError(ValueError):
    """A stack file that cannot be read or holds an unknown key."""


def args_from_config(values: Mapping[str, Any]) -> MultiRegionApiArgs:
    """Translate camelCase config values (absent keys left out) into component args."""
    unknown = sorted(set(values) - set(CONFIG_KEYS))
    if unknown:
        raise StackConfigError(f"unknown config key {NAMESPACE}:{unknown[0]}")
    args: dict[str, Any] = {}
    for key, value in values.items():
        if value is None:
            continue
        if key == "healthCheck" and isinstance(value, Mapping):
            bad = sorted(set(value) - set(HEALTH_CHECK_KEYS))
            if bad:
                raise StackConfigError(f"unknown config key {NAMESPACE}:healthCheck.{bad[0]}")
            value = {HEALTH_CHECK_KEYS[k]: v for k, v in value.items()}
        if key == "albNetworks" and isinstance(value, Mapping):
            value = {region: _alb_network(region, network) for region, network in value.items()}
        args[CONFIG_KEYS[key][0]] = value
    return cast(MultiRegionApiArgs, args)


def _alb_network(region: str, network: object) -> object:
    if not isinstance(network, Mapping):
        return network  # the component's validation names the field
    bad = sorted(set(network) - set(ALB_NETWORK_KEYS))
    if bad:
        raise StackConfigError(f"unknown config key {NAMESPACE}:albNetworks.{region}.{bad[0]}")
    return {ALB_NETWORK_KEYS[k]: v for k, v in network.items()}


def args_from_pulumi_config(get: Callable[[str, Kind], Any]) -> MultiRegionApiArgs:
    """Read every known key with ``get(key, kind)``, a reader over ``pulumi.Config``."""
    return args_from_config({key: get(key, kind) for key, (_, kind) in CONFIG_KEYS.items()})


def read_stack_file(path: str | Path) -> dict[str, Any]:
    """The ``multi-region-api:`` values of a stack file, keys without the namespace.

    Encrypted values (``{secure: ...}``) cannot be read without Pulumi and are left out, so a
    secret from the stack file falls back to a generated one locally.
    """
    path = Path(path)
    try:
        document = yaml.safe_load(path.read_text()) or {}
    except OSError as exc:
        raise StackConfigError(f"cannot read stack file {path}: {exc.strerror}") from exc
    except yaml.YAMLError as exc:
        raise StackConfigError(f"stack file {path} is not valid YAML: {exc}") from exc
    config = document.get("config") if isinstance(document, dict) else None
    if not isinstance(config, dict):
        raise StackConfigError(f"stack file {path} has no 'config' mapping")
    prefix = f"{NAMESPACE}:"
    return {
        key.removeprefix(prefix): value
        for key, value in config.items()
        if key.startswith(prefix) and not (isinstance(value, dict) and "secure" in value)
    }


def stack_file(stack: str, project_dir: str | Path = ".") -> Path:
    return Path(project_dir) / f"Pulumi.{stack}.yaml"
