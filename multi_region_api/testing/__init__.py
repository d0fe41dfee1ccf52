"""A test kit for programs that use ``MultiRegionApi``: Pulumi mocks that answer like AWS.

::

    from multi_region_api.testing import run, set_mocks

    registrations = set_mocks(project="shop", stack="dev", config={"aws:region": "us-east-1"})
    run(lambda: MultiRegionApi("api", args))
    assert registrations.of_type("aws:lambda/function:Function")

``MultiRegionApiMocks`` answers every resource type and data source the component uses with
realistic outputs; extend it for your own resource types (override ``new_resource`` or ``call``
and call ``super()`` for the rest).
"""

from .mocks import (
    ACCOUNT_ID,
    ALB_ZONE_IDS,
    API_GATEWAY_ZONE_IDS,
    AUTONAME_MAX_LENGTH,
    AUTONAMED,
    DEFAULT_REGION,
    GLOBAL_ACCELERATOR_ZONE_ID,
    KNOWN_TYPES,
    LOCAL_ZONES,
    MultiRegionApiMocks,
    availability_zones,
    plain,
    zone_id,
)
from .registry import Registered, Registrations, run, set_mocks

__all__ = [
    "ACCOUNT_ID",
    "ALB_ZONE_IDS",
    "API_GATEWAY_ZONE_IDS",
    "AUTONAMED",
    "AUTONAME_MAX_LENGTH",
    "DEFAULT_REGION",
    "GLOBAL_ACCELERATOR_ZONE_ID",
    "KNOWN_TYPES",
    "LOCAL_ZONES",
    "MultiRegionApiMocks",
    "Registered",
    "Registrations",
    "availability_zones",
    "plain",
    "run",
    "set_mocks",
    "zone_id",
]
