"""The DynamoDB global table: home region plus one replica per peer region.

Its shape comes from ``table_schema`` (shared with the local runtime). Replicas are the sorted peer
regions, never the home region, so reordering ``regions`` gives an identical replica list and no
replica is re-created by an unrelated change.
"""

from __future__ import annotations

import pulumi
import pulumi_aws as aws

from ..handlers.contract import PARTITION_KEY, TTL_ATTRIBUTE
from .args import ApiSettings
from .table_schema import ATTRIBUTES, BILLING_MODE, STREAM_VIEW_TYPE


def global_table(
    resource_name: str,
    settings: ApiSettings,
    *,
    tags: dict[str, str],
    opts: pulumi.ResourceOptions,
) -> aws.dynamodb.Table:
    """Create the table with ``opts`` carrying the home region's provider."""
    return aws.dynamodb.Table(
        resource_name,
        billing_mode=BILLING_MODE,
        hash_key=PARTITION_KEY,
        attributes=[aws.dynamodb.TableAttributeArgs(name=n, type=t) for n, t in ATTRIBUTES],
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
