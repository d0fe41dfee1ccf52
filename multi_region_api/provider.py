"""Serve ``MultiRegionApi`` to every Pulumi language through Pulumi's Python component provider.

``pulumi package add`` runs this package's ``__main__`` (see ``PulumiPlugin.yaml``), asks it for
its schema, and generates an SDK (TypeScript, Go, C#, Java, YAML) from it. The schema is inferred
from ``MultiRegionApiArgs`` (inputs, with their docstrings as descriptions) and the output
annotations on ``MultiRegionApi``; ``tests/packaging/snapshots/schema.json`` pins it.
"""

import sys
from importlib.metadata import version

import pulumi
import pulumi.provider
from pulumi.output import Inputs
from pulumi.provider import ConstructResult
from pulumi.provider.experimental.analyzer import PropertyDefinition, PropertyType
from pulumi.provider.experimental.component import ComponentProvider

from multi_region_api.components import MultiRegionApi
from multi_region_api.components.front_door_guard import hosted
from multi_region_api.handlers.contract import PROJECT_NAME

PACKAGE = PROJECT_NAME
"""The package name; the first part of the type token ``multi-region-api:index:MultiRegionApi``."""
NAMESPACE = PROJECT_NAME
"""Prefix of generated SDK package names, e.g. ``@multi-region-api/multi-region-api`` on npm."""
COMPONENTS: list[type[pulumi.ComponentResource]] = [MultiRegionApi]


class MultiRegionApiProvider(ComponentProvider):
    """Pulumi's ``ComponentProvider``, handing integer inputs to the component as ``int``.

    Numbers cross the wire as floats. The SDK's input mapping (pulumi 3.272) converts integer
    properties and then overwrites the result with the raw float, so ``logRetentionDays: 14`` from
    a YAML program would reach the args validation as ``14.0`` and be refused. Only integral floats
    are converted: ``14.5`` still fails validation with the field's name.
    """

    def construct(
        self,
        name: str,
        resource_type: str,
        inputs: Inputs,
        options: pulumi.ResourceOptions | None = None,
    ) -> ConstructResult:
        """Without the front door guard: the engine would run its dynamic provider with the
        calling project's Python, which a TypeScript, Go, C# or YAML project does not have."""
        with hosted():
            return super().construct(name, resource_type, inputs, options)

    def map_input_properties(
        self,
        inputs: Inputs,
        properties: dict[str, PropertyDefinition],
        mapping: dict[str, str],
        component_name: str,
        property_path: str,
    ) -> Inputs:
        # Nested types (health_check) come back through this override via the SDK's recursion.
        mapped = dict(
            super().map_input_properties(inputs, properties, mapping, component_name, property_path)
        )
        for schema_name, prop in properties.items():
            value = mapped.get(mapping[schema_name])
            if (
                prop.type == PropertyType.INTEGER
                and isinstance(value, float)
                and value.is_integer()
            ):
                mapped[mapping[schema_name]] = int(value)
        return mapped


def package_version() -> str:
    """The installed distribution's version: generated SDKs carry it (``respectSchemaVersion``)."""
    return version(PACKAGE)


def component_provider() -> MultiRegionApiProvider:
    """The provider ``main`` serves; the schema snapshot and construct tests build the same one."""
    return MultiRegionApiProvider(COMPONENTS, PACKAGE, NAMESPACE, package_version())


def main() -> None:
    """Start the gRPC provider the Pulumi engine talks to; runs until the engine stops it.

    This is ``component_provider_host`` with the provider above in place of the stock one: the
    language host passes the plugin directory and engine address as arguments.
    """
    pulumi.provider.main(component_provider(), sys.argv[1:])
