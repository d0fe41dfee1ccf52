"""The regional tables in moto, built from the component's own table definition."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import boto3
from botocore.config import Config
from multi_region_api.components.app_args import IndexSettings
from multi_region_api.components.table_schema import boto3_create_table_kwargs, boto3_ttl_kwargs

# Moto accepts any credentials; fixed dummies keep a developer's real ones out of the picture.
DUMMY_CREDENTIALS = {"aws_access_key_id": "local", "aws_secret_access_key": "local"}
_CONFIG = Config(
    connect_timeout=2, read_timeout=10, retries={"total_max_attempts": 3, "mode": "standard"}
)


def client(service: str, region: str, endpoint_url: str) -> Any:
    """A boto3 client for ``service`` in ``region`` talking to the local moto server."""
    return boto3.session.Session().client(
        service,
        region_name=region,
        endpoint_url=endpoint_url,
        config=_CONFIG,
        **DUMMY_CREDENTIALS,
    )


def create_tables(
    regions: tuple[str, ...],
    table_name: str,
    endpoint_url: str,
    indexes: Sequence[IndexSettings] = (),
) -> dict[str, str]:
    """Create ``table_name`` (key schema, the app's indexes, stream, TTL) in every region;
    region -> stream ARN."""
    streams: dict[str, str] = {}
    for region in regions:
        dynamodb = client("dynamodb", region, endpoint_url)
        created = dynamodb.create_table(**boto3_create_table_kwargs(table_name, indexes))
        dynamodb.update_time_to_live(**boto3_ttl_kwargs(table_name))
        streams[region] = created["TableDescription"]["LatestStreamArn"]
    return streams
