"""multi-region-api components: an active-active serverless API in several AWS regions."""

from .args import ApiSettings, ArgsError, MultiRegionApiArgs, resolve_args

__all__ = ["ApiSettings", "ArgsError", "MultiRegionApiArgs", "resolve_args"]
