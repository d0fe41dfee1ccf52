"""Outputs AWS always computes, read inside ``apply``.

On a real update they are set, and in a preview the ``apply`` does not run. Only a Pulumi mock that
answers with a resource's inputs alone (the plain pattern of Pulumi's testing guide) leaves them
empty: the component then fails with one line naming what came back empty and the mocks to use,
instead of a ``TypeError`` further down.
"""

from __future__ import annotations

from typing import TypeVar

import pulumi

T = TypeVar("T")
KIT_MOCKS = "multi_region_api.testing.MultiRegionApiMocks"


class MissingOutputError(ValueError):
    """A computed output or data-source result came back empty (only mocks do that)."""


def output_of(resource: pulumi.Resource, output: str) -> str:
    """E.g. ``aws:acm/certificate:Certificate 'api-us-east-1-certificate' output arn``."""
    return f"{resource.pulumi_resource_type} {resource.pulumi_resource_name!r} output {output}"


def required(value: T | None, what: str) -> T:
    """``value``, or ``MissingOutputError`` saying ``what`` is empty."""
    if value is None:
        raise MissingOutputError(
            f"MultiRegionApi: {what} came back empty (a deployment always sets it); under "
            f"Pulumi mocks use {KIT_MOCKS} (or a subclass of it): mocks that answer with a "
            "resource's inputs alone leave its computed outputs empty"
        )
    return value
