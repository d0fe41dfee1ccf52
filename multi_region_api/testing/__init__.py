"""A test kit for programs that use ``MultiRegionApi``: Pulumi mocks that answer like AWS, and
route tests for the application.

::

    from multi_region_api.testing import run, set_mocks

    registrations = set_mocks(project="shop", stack="dev", config={"aws:region": "us-east-1"})
    run(lambda: MultiRegionApi("api", args))
    assert registrations.of_type("aws:lambda/function:Function")

``MultiRegionApiMocks`` answers every resource type and data source the component uses with
realistic outputs; extend it for your own resource types (override ``new_resource`` or ``call``
and call ``super()`` for the rest).

Route tests (``routes``; moto comes with the ``[local]`` extra): ``ApiClient`` runs the platform's
dispatcher in-process with the app's routers, ``MotoTable`` is the component's table in moto,
``event`` builds the event of any front door::

    with ApiClient({"path": "app", "routers": "notes.routes:ROUTERS"}) as client:
        assert client.get("/notes").status == 200
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
from .routes import DEFAULT_REGIONS, DEFAULT_TABLE, ApiClient, ApiResponse, MotoTable, event

__all__ = [
    "ACCOUNT_ID",
    "ALB_ZONE_IDS",
    "API_GATEWAY_ZONE_IDS",
    "AUTONAMED",
    "AUTONAME_MAX_LENGTH",
    "DEFAULT_REGION",
    "DEFAULT_REGIONS",
    "DEFAULT_TABLE",
    "GLOBAL_ACCELERATOR_ZONE_ID",
    "KNOWN_TYPES",
    "LOCAL_ZONES",
    "ApiClient",
    "ApiResponse",
    "MotoTable",
    "MultiRegionApiMocks",
    "Registered",
    "Registrations",
    "availability_zones",
    "event",
    "plain",
    "run",
    "set_mocks",
    "zone_id",
]
