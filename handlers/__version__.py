"""The version of multi-region-api: one source for the distribution, the OpenAPI document and docs.

It lives in ``handlers`` because the Lambda archive ships only that package and the OpenAPI
document the function serves carries it; ``pyproject.toml`` reads it (``dynamic = ["version"]``).
"""

__version__ = "0.2.0"
