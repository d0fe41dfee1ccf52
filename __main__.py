"""Stack program: one MultiRegionApi from the stack's ``multi-region-api:*`` config."""

from collections.abc import Callable
from typing import Any

import pulumi
from multi_region_api.components import MultiRegionApi
from multi_region_api.components.estimates import cost_estimate_output, failover_estimate
from multi_region_api.components.multi_region_api import STACK_OUTPUTS
from multi_region_api.components.stack_config import (
    NAMESPACE,
    STACK_COMPONENT,
    Kind,
    args_from_pulumi_config,
    configured_keys,
)

config = pulumi.Config(NAMESPACE)
readers: dict[str, Callable[[str], Any]] = {
    "str": config.get,
    "int": config.get_int,
    "bool": config.get_bool,
    "object": config.get_object,
    "secret": config.get_secret,
}


def read(key: str, kind: Kind) -> Any:
    return readers[kind](key)


api = MultiRegionApi(STACK_COMPONENT, args_from_pulumi_config(read, configured_keys()))

for output, exported in STACK_OUTPUTS.items():
    pulumi.export(exported, getattr(api, output))
pulumi.export("costEstimate", cost_estimate_output(api.settings))
pulumi.export("failoverTimeEstimate", failover_estimate(api.settings).as_output())
