"""Least-privilege IAM for one region's function, and API Gateway's account-level logging role.

The function may touch only its own region's table replica (and that replica's indexes) with item
actions, write to its own log group, and send X-Ray traces. X-Ray's put actions do not support
resource-level permissions, so ``*`` there is the one wildcard resource; it grants no data access.
"""

from __future__ import annotations

import json
from typing import Any

import pulumi
import pulumi_aws as aws

from .computed import required
from .naming import replica_arn

# Every item-level call the handlers make; TransactWriteItems is authorised through these.
DYNAMODB_ITEM_ACTIONS = (
    "dynamodb:BatchGetItem",
    "dynamodb:BatchWriteItem",
    "dynamodb:ConditionCheckItem",
    "dynamodb:DeleteItem",
    "dynamodb:GetItem",
    "dynamodb:PutItem",
    "dynamodb:Query",
    "dynamodb:UpdateItem",
)
LOG_ACTIONS = ("logs:CreateLogStream", "logs:PutLogEvents")
XRAY_ACTIONS = ("xray:PutTelemetryRecords", "xray:PutTraceSegments")
API_GATEWAY_LOGS_POLICY_ARN = (
    "arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs"
)


def assume_role_policy(service: str) -> str:
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"Service": service},
                    "Action": "sts:AssumeRole",
                }
            ],
        },
        sort_keys=True,
    )


def service_role(
    resource_name: str, service: str, *, tags: dict[str, str], opts: pulumi.ResourceOptions
) -> aws.iam.Role:
    """A role only ``service`` may assume; both of this module's roles are one of these."""
    return aws.iam.Role(
        resource_name, assume_role_policy=assume_role_policy(service), tags=tags, opts=opts
    )


def function_policy_document(table_arn: str, region: str, log_group_arn: str) -> dict[str, Any]:
    """The function's inline policy in ``region``, from plain values (tested without Pulumi)."""
    replica = replica_arn(table_arn, region)
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "LocalReplicaItems",
                "Effect": "Allow",
                "Action": list(DYNAMODB_ITEM_ACTIONS),
                "Resource": [replica, f"{replica}/index/*"],
            },
            {
                "Sid": "OwnLogGroup",
                "Effect": "Allow",
                "Action": list(LOG_ACTIONS),
                "Resource": [f"{log_group_arn}:*"],
            },
            {
                "Sid": "Tracing",
                "Effect": "Allow",
                "Action": list(XRAY_ACTIONS),
                "Resource": ["*"],
            },
        ],
    }


def function_role(
    resource_prefix: str,
    region: str,
    *,
    table_arn: pulumi.Input[str],
    log_group_arn: pulumi.Input[str],
    tags: dict[str, str],
    opts: pulumi.ResourceOptions,
) -> tuple[aws.iam.Role, aws.iam.RolePolicy]:
    role = service_role(f"{resource_prefix}-role", "lambda.amazonaws.com", tags=tags, opts=opts)
    policy = aws.iam.RolePolicy(
        f"{resource_prefix}-policy",
        role=role.id,
        policy=pulumi.Output.all(table_arn, log_group_arn).apply(
            lambda values: json.dumps(
                function_policy_document(
                    required(values[0], "the global table's arn"),
                    region,
                    required(values[1], f"the {region} log group's arn"),
                ),
                sort_keys=True,
            )
        ),
        opts=opts,
    )
    return role, policy


def api_gateway_logging_account(
    resource_prefix: str, *, tags: dict[str, str], opts: pulumi.ResourceOptions
) -> aws.apigateway.Account:
    """The per-region account setting REST API access logs need, or stage creation fails."""
    role = service_role(
        f"{resource_prefix}-apigw-logs-role", "apigateway.amazonaws.com", tags=tags, opts=opts
    )
    attachment = aws.iam.RolePolicyAttachment(
        f"{resource_prefix}-apigw-logs-policy",
        role=role.name,
        policy_arn=API_GATEWAY_LOGS_POLICY_ARN,
        opts=opts,
    )
    return aws.apigateway.Account(
        f"{resource_prefix}-apigw-account",
        cloudwatch_role_arn=role.arn,
        opts=pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(depends_on=[attachment])),
    )
