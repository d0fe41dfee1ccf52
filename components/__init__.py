"""multi-region-api components: an active-active serverless API in several AWS regions."""

from .args import ApiSettings, ArgsError, MultiRegionApiArgs, resolve_args
from .multi_region_api import MultiRegionApi

__all__ = ["ApiSettings", "ArgsError", "MultiRegionApi", "MultiRegionApiArgs", "resolve_args"]
