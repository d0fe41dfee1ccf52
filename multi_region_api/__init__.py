"""The public API of multi-region-api under a name no consumer project already has.

The library's packages are ``components`` and ``handlers``: generic top-level names that many
Pulumi projects also use for their own code. ``from components import MultiRegionApi`` stays the
contract, but a project that imports through ``multi_region_api`` keeps working when the library
moves under this name (and reads unambiguously next to its own ``components``). The Lambda code is
never looked up by import name: it is the ``handlers`` directory beside the installed
``components`` package, so a project's own ``handlers/`` never ends up in the function.
"""

from components import ArgsError, MultiRegionApi, MultiRegionApiArgs
from components.args import HealthCheckArgs

__all__ = ["ArgsError", "HealthCheckArgs", "MultiRegionApi", "MultiRegionApiArgs"]
