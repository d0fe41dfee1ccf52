"""Least-privilege IAM for one region's function, and API Gateway's account-level logging role.

The function may touch only its own region's table replica (and that replica's indexes, each by
name) with item actions, write to its own log group, and send X-Ray traces. X-Ray's put actions
do not support resource-level permissions, so ``*`` there is the one wildcard resource; it grants
no data access. The app's own statements go in a second inline policy of the same role, so the
platform's policy stays exactly what it is whatever the app asks for.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import pulumi
import pulumi_aws as aws

from .args_error import ArgsError
from .computed import required
from .iam_statements import ROLE_INLINE_POLICY_CHARS, check_statements, policy_chars
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


POLICY_VERSION = "2012-10-17"
# The longest ARNs the platform's policy can hold, for the role's inline-policy budget: a
# 255-character table and a 512-character log group name in the longest region name.
_LONGEST_TABLE_ARN = f"arn:aws:dynamodb:ap-southeast-5:123456789012:table/{'t' * 255}"
_LONGEST_LOG_GROUP_ARN = f"arn:aws:logs:ap-southeast-5:123456789012:log-group:{'g' * 512}"


def function_policy_document(
    table_arn: str, region: str, log_group_arn: str, indexes: Sequence[str] = ()
) -> dict[str, Any]:
    """The function's inline policy in ``region``, from plain values (tested without Pulumi).

    ``indexes`` are the app's index names; each is granted by its own ARN, never ``index/*``.
    """
    replica = replica_arn(table_arn, region)
    return {
        "Version": POLICY_VERSION,
        "Statement": [
            {
                "Sid": "LocalReplicaItems",
                "Effect": "Allow",
                "Action": list(DYNAMODB_ITEM_ACTIONS),
                "Resource": [replica, *(f"{replica}/index/{name}" for name in indexes)],
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


def app_policy_document(statements: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The app's statements as a policy, checked again now that every ``Output`` has resolved."""
    checked = check_statements("app.policy_statements", list(statements))
    return {"Version": POLICY_VERSION, "Statement": list(checked)}


def check_app_policy_size(statements: Sequence[dict[str, Any]], indexes: Sequence[str]) -> None:
    """Both inline policies fit the role's budget with the platform's policy at its longest."""
    platform = function_policy_document(
        _LONGEST_TABLE_ARN, "ap-southeast-5", _LONGEST_LOG_GROUP_ARN, indexes
    )
    app = {"Version": POLICY_VERSION, "Statement": list(statements)}
    used = policy_chars(platform) + policy_chars(app)
    if used > ROLE_INLINE_POLICY_CHARS:
        raise ArgsError(
            "app.policy_statements",
            f"with the platform's policy the role's inline policies would be {used} characters; "
            f"IAM allows {ROLE_INLINE_POLICY_CHARS} per role: merge statements or use wildcards",
        )


def function_role(
    resource_prefix: str,
    region: str,
    *,
    table_arn: pulumi.Input[str],
    log_group_arn: pulumi.Input[str],
    tags: dict[str, str],
    opts: pulumi.ResourceOptions,
    indexes: Sequence[str] = (),
    app_statements: Sequence[dict[str, Any]] = (),
) -> tuple[aws.iam.Role, list[aws.iam.RolePolicy]]:
    """The role and its inline policies: the platform's, then the app's when it has statements."""
    role = service_role(f"{resource_prefix}-role", "lambda.amazonaws.com", tags=tags, opts=opts)
    policies = [
        aws.iam.RolePolicy(
            f"{resource_prefix}-policy",
            role=role.id,
            policy=pulumi.Output.all(table_arn, log_group_arn).apply(
                lambda values: json.dumps(
                    function_policy_document(
                        required(values[0], "the global table's arn"),
                        region,
                        required(values[1], f"the {region} log group's arn"),
                        indexes,
                    ),
                    sort_keys=True,
                )
            ),
            opts=opts,
        )
    ]
    if app_statements:
        resolved: pulumi.Output[list[dict[str, Any]]] = pulumi.Output.from_input(
            list(app_statements)
        )
        policies.append(
            aws.iam.RolePolicy(
                f"{resource_prefix}-app-policy",
                role=role.id,
                policy=resolved.apply(
                    lambda statements: json.dumps(app_policy_document(statements), sort_keys=True)
                ),
                opts=opts,
            )
        )
    return role, policies


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
