"""multi-region-api: an active-active serverless API in several AWS regions, as a Pulumi component.

The one import package of the distribution. Its subpackages are the repository's folders:
``components`` (the Pulumi component), ``handlers`` (the Lambda code, shipped as the archive's
top-level ``handlers`` package), ``ops`` (drill, cost, failover-time, verify) and
``local_runtime`` (the multi-region runtime without AWS).
"""

from .components import ArgsError, MultiRegionApi, MultiRegionApiArgs
from .components.args import HealthCheckArgs
from .handlers.__version__ import __version__

__all__ = ["ArgsError", "HealthCheckArgs", "MultiRegionApi", "MultiRegionApiArgs", "__version__"]
