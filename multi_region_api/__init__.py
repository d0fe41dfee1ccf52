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
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from multi_region_api.components import ArgsError, MultiRegionApi, MultiRegionApiArgs
    from multi_region_api.components.args import HealthCheckArgs
    from multi_region_api.handlers.__version__ import __version__


def lazy_exports(
    namespace: dict[str, Any], homes: Mapping[str, str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """A module's PEP 562 ``__getattr__`` and ``__dir__``: each name in ``homes`` is imported from
    its module (relative to the module whose ``namespace`` it is) on first use, then kept there.

    Shared by this package and ``runtime``, whose heavy imports (the component, pydantic) wait for
    the first use of a name that needs them.
    """
    module = namespace["__name__"]

    def __getattr__(name: str) -> Any:
        if name not in homes:
            raise AttributeError(f"module {module!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(homes[name], module), name)
        namespace[name] = value  # later lookups skip this function
        return value

    def __dir__() -> list[str]:
        return sorted({*namespace, *namespace["__all__"]})

    return __getattr__, __dir__


__all__ = ["ArgsError", "HealthCheckArgs", "MultiRegionApi", "MultiRegionApiArgs", "__version__"]
# The module that defines each public name, in ``__all__``'s order.
_COMPONENTS = "multi_region_api.components"
_HOMES = dict(
    zip(
        __all__,
        (
            _COMPONENTS,
            f"{_COMPONENTS}.args",
            _COMPONENTS,
            _COMPONENTS,
            "multi_region_api.handlers.__version__",
        ),
        strict=True,
    )
)
__getattr__, __dir__ = lazy_exports(globals(), _HOMES)
