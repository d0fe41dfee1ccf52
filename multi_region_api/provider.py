"""Serve ``MultiRegionApi`` to every Pulumi language through Pulumi's Python component host.

``pulumi package add`` runs this package's ``__main__`` (see ``PulumiPlugin.yaml``), asks it for
its schema, and generates an SDK (TypeScript, Go, C#, Java, YAML) from it. The schema is inferred
from ``MultiRegionApiArgs`` (inputs, with their docstrings as descriptions) and the output
annotations on ``MultiRegionApi``; ``tests/packaging/snapshots/schema.json`` pins it.
"""

from importlib.metadata import version

import pulumi
from pulumi.provider.experimental import component_provider_host
from pulumi.provider.experimental.component import ComponentProvider

from components import MultiRegionApi

PACKAGE = "multi-region-api"
"""The package name; the first part of the type token ``multi-region-api:index:MultiRegionApi``."""
NAMESPACE = "multi-region-api"
"""Prefix of generated SDK package names, e.g. ``@multi-region-api/multi-region-api`` on npm."""
COMPONENTS: list[type[pulumi.ComponentResource]] = [MultiRegionApi]


def package_version() -> str:
    """The installed distribution's version: generated SDKs carry it (``respectSchemaVersion``)."""
    return version(PACKAGE)


def component_provider() -> ComponentProvider:
    """The provider ``main`` serves, built in-process (the schema snapshot and construct tests)."""
    return ComponentProvider(COMPONENTS, PACKAGE, NAMESPACE, package_version())


def main() -> None:
    """Start the gRPC provider the Pulumi engine talks to; runs until the engine stops it."""
    component_provider_host(
        COMPONENTS, name=PACKAGE, namespace=NAMESPACE, version=package_version()
    )
