"""The DynamoDB global table: home region plus one replica per peer region.

Its shape comes from ``table_schema`` (shared with the local runtime). Replicas are the sorted peer
regions, never the home region, so reordering ``regions`` gives an identical replica list and no
replica is re-created by an unrelated change.

The app's global secondary indexes are declared on the table only: replicas of a global table
(version 2019.11.21) get every index of the table, and on-demand billing needs no capacity for
them. Adding or removing an index is an in-place update of the table (the AWS provider calls
``UpdateTable`` for each index; ``global_secondary_index`` is not a replacing property), never a
new table; changing an existing index's keys or projection drops and rebuilds that index only.
"""

from __future__ import annotations

import pulumi
import pulumi_aws as aws
from multi_region_api.handlers.contract import PARTITION_KEY, TTL_ATTRIBUTE

from .args import ApiSettings
from .table_schema import BILLING_MODE, STREAM_VIEW_TYPE, attributes, key_schema


def global_table(
    resource_name: str,
    settings: ApiSettings,
    *,
    tags: dict[str, str],
    opts: pulumi.ResourceOptions,
) -> aws.dynamodb.Table:
    """Create the table with ``opts`` carrying the home region's provider."""
    indexes = settings.app.indexes if settings.app else ()
    return aws.dynamodb.Table(
        resource_name,
        billing_mode=BILLING_MODE,
        hash_key=PARTITION_KEY,
        attributes=[
            aws.dynamodb.TableAttributeArgs(name=n, type=t) for n, t in attributes(indexes)
        ],
        global_secondary_indexes=[
            aws.dynamodb.TableGlobalSecondaryIndexArgs(
                name=index.name,
                key_schemas=[
                    aws.dynamodb.TableGlobalSecondaryIndexKeySchemaArgs(
                        attribute_name=attribute, key_type=key_type
                    )
                    for attribute, key_type in key_schema(index)
                ],
                projection_type=index.projection,
                non_key_attributes=list(index.non_key_attributes) or None,
            )
            for index in indexes
        ]
        or None,
        stream_enabled=True,
        stream_view_type=STREAM_VIEW_TYPE,
        point_in_time_recovery=aws.dynamodb.TablePointInTimeRecoveryArgs(enabled=True),
        deletion_protection_enabled=True,
        ttl=aws.dynamodb.TableTtlArgs(attribute_name=TTL_ATTRIBUTE, enabled=True),
        replicas=[
            aws.dynamodb.TableReplicaArgs(
                region_name=region,
                point_in_time_recovery=True,
                deletion_protection_enabled=True,
                propagate_tags=True,
            )
            for region in settings.peer_regions
        ],
        tags=tags,
        opts=opts,
    )
