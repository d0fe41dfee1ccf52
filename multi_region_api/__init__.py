"""multi-region-api: an active-active serverless API in several AWS regions, as a Pulumi component.

The one import package of the distribution. Its subpackages: ``components`` (the Pulumi
component), ``handlers`` (the platform's Lambda dispatcher), ``runtime`` (the library application
code imports), ``ops`` (drill, cost, failover-time, verify) and ``local_runtime`` (the
multi-region runtime without AWS).

Importing this package imports nothing but the standard library: it ships in the Lambda archive,
where ``multi_region_api.handlers`` and ``multi_region_api.runtime`` must not pull in Pulumi or the
component. ``from multi_region_api import MultiRegionApi`` loads the component on first use
(PEP 562).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from multi_region_api.components import ArgsError, MultiRegionApi, MultiRegionApiArgs
    from multi_region_api.components.args import HealthCheckArgs
    from multi_region_api.handlers.__version__ import __version__

__all__ = ["ArgsError", "HealthCheckArgs", "MultiRegionApi", "MultiRegionApiArgs", "__version__"]
# The module that defines each public name, in ``__all__``'s order.
_HOMES = dict(
    zip(
        __all__,
        (".components", ".components.args", ".components", ".components", ".handlers.__version__"),
        strict=True,
    )
)


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(_HOMES[name], __name__), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
