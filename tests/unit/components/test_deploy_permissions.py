"""The docs' deployer-permissions table covers every resource type the graph creates."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from tests.unit.components.conftest import cached_graph
from tests.unit.components.support import STACKS, build_graph, stack_args

PERMISSIONS_PAGE = Path(__file__).resolve().parents[3] / "docs" / "deployer-permissions.md"
API_GATEWAY = ("apigateway:GET", "apigateway:POST", "apigateway:PUT", "apigateway:PATCH")
APIGW_CRUD = (*API_GATEWAY, "apigateway:DELETE")
TAGS = {
    "iam": ("iam:TagRole", "iam:UntagRole", "iam:ListRoleTags"),
    "lambda": ("lambda:TagResource", "lambda:UntagResource", "lambda:ListTags"),
    "cloudwatch": (
        "cloudwatch:TagResource",
        "cloudwatch:UntagResource",
        "cloudwatch:ListTagsForResource",
    ),
    "logs": ("logs:TagResource", "logs:UntagResource", "logs:ListTagsForResource"),
    "sns": ("sns:TagResource", "sns:UntagResource", "sns:ListTagsForResource"),
}
# Resource type -> the actions the provider's create, read, update and delete call (and tag
# reads, which every refresh makes). No entry: a local resource that calls no AWS API.
REQUIRED: dict[str, tuple[str, ...]] = {
    "pulumi:providers:aws": (),
    "pulumi:providers:random": (),
    "random:index/randomPassword:RandomPassword": (),
    "multi-region-api:index:MultiRegionApi": (),
    "multi-region-api:index:RegionalApi": (),
    "aws:iam/role:Role": (
        "iam:CreateRole",
        "iam:GetRole",
        "iam:DeleteRole",
        "iam:UpdateAssumeRolePolicy",
        "iam:ListRolePolicies",
        "iam:ListAttachedRolePolicies",
        "iam:ListInstanceProfilesForRole",
        *TAGS["iam"],
    ),
    "aws:iam/rolePolicy:RolePolicy": (
        "iam:PutRolePolicy",
        "iam:GetRolePolicy",
        "iam:DeleteRolePolicy",
    ),
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": (
        "iam:AttachRolePolicy",
        "iam:DetachRolePolicy",
        "iam:ListAttachedRolePolicies",
    ),
    "aws:apigateway/account:Account": ("apigateway:GET", "apigateway:PATCH", "iam:PassRole"),
    "aws:lambda/function:Function": (
        "lambda:CreateFunction",
        "lambda:GetFunction",
        "lambda:GetFunctionConfiguration",
        "lambda:GetFunctionCodeSigningConfig",
        "lambda:ListVersionsByFunction",
        "lambda:UpdateFunctionCode",
        "lambda:UpdateFunctionConfiguration",
        "lambda:DeleteFunction",
        "lambda:GetLayerVersion",
        "iam:PassRole",
        *TAGS["lambda"],
    ),
    "aws:lambda/permission:Permission": (
        "lambda:AddPermission",
        "lambda:RemovePermission",
        "lambda:GetPolicy",
    ),
    "aws:apigateway/restApi:RestApi": APIGW_CRUD,
    "aws:apigateway/resource:Resource": APIGW_CRUD,
    "aws:apigateway/method:Method": APIGW_CRUD,
    "aws:apigateway/integration:Integration": APIGW_CRUD,
    "aws:apigateway/deployment:Deployment": APIGW_CRUD,
    "aws:apigateway/stage:Stage": APIGW_CRUD,
    "aws:apigateway/methodSettings:MethodSettings": ("apigateway:GET", "apigateway:PATCH"),
    "aws:apigateway/domainName:DomainName": APIGW_CRUD,
    "aws:apigateway/basePathMapping:BasePathMapping": APIGW_CRUD,
    "aws:acm/certificate:Certificate": (
        "acm:RequestCertificate",
        "acm:DescribeCertificate",
        "acm:DeleteCertificate",
        "acm:ListTagsForCertificate",
        "acm:AddTagsToCertificate",
        "acm:RemoveTagsFromCertificate",
    ),
    "aws:acm/certificateValidation:CertificateValidation": ("acm:DescribeCertificate",),
    "aws:route53/record:Record": (
        "route53:ChangeResourceRecordSets",
        "route53:ListResourceRecordSets",
        "route53:GetChange",
        "route53:GetHostedZone",
    ),
    "aws:route53/healthCheck:HealthCheck": (
        "route53:CreateHealthCheck",
        "route53:GetHealthCheck",
        "route53:UpdateHealthCheck",
        "route53:DeleteHealthCheck",
        "route53:ChangeTagsForResource",
        "route53:ListTagsForResource",
    ),
    "aws:dynamodb/table:Table": (
        "dynamodb:CreateTable",
        "dynamodb:DescribeTable",
        "dynamodb:UpdateTable",
        "dynamodb:DeleteTable",
        "dynamodb:DescribeContinuousBackups",
        "dynamodb:UpdateContinuousBackups",
        "dynamodb:DescribeTimeToLive",
        "dynamodb:UpdateTimeToLive",
        "dynamodb:TagResource",
        "dynamodb:UntagResource",
        "dynamodb:ListTagsOfResource",
        "iam:CreateServiceLinkedRole",
    ),
    "aws:cloudwatch/logGroup:LogGroup": (
        "logs:CreateLogGroup",
        "logs:DescribeLogGroups",
        "logs:DeleteLogGroup",
        "logs:PutRetentionPolicy",
        "logs:DeleteRetentionPolicy",
        *TAGS["logs"],
    ),
    "aws:cloudwatch/metricAlarm:MetricAlarm": (
        "cloudwatch:PutMetricAlarm",
        "cloudwatch:DescribeAlarms",
        "cloudwatch:DeleteAlarms",
        *TAGS["cloudwatch"],
    ),
    "aws:cloudwatch/dashboard:Dashboard": (
        "cloudwatch:PutDashboard",
        "cloudwatch:GetDashboard",
        "cloudwatch:DeleteDashboards",
    ),
    "aws:sns/topic:Topic": (
        "sns:CreateTopic",
        "sns:GetTopicAttributes",
        "sns:SetTopicAttributes",
        "sns:DeleteTopic",
        *TAGS["sns"],
    ),
    # The plan, and the data source that reads the health checks ARC creates with it.
    "aws:arcregionswitch/plan:Plan": (
        "arc-region-switch:CreatePlan",
        "arc-region-switch:GetPlan",
        "arc-region-switch:UpdatePlan",
        "arc-region-switch:DeletePlan",
        "arc-region-switch:ListRoute53HealthChecks",
        "arc-region-switch:TagResource",
        "arc-region-switch:UntagResource",
        "arc-region-switch:ListTagsForResource",
        "iam:PassRole",
    ),
    "aws:sns/topicSubscription:TopicSubscription": (
        "sns:Subscribe",
        "sns:Unsubscribe",
        "sns:GetSubscriptionAttributes",
    ),
}
# What creating a replica needs in the replica's region (DynamoDB: IAM with global tables).
REPLICA_REGION = (
    "dynamodb:CreateTable",
    "dynamodb:CreateTableReplica",
    "dynamodb:DeleteTableReplica",
    "dynamodb:Scan",
    "dynamodb:Query",
    "dynamodb:GetItem",
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
    "dynamodb:DeleteItem",
    "dynamodb:BatchWriteItem",
)
ACTION = re.compile(r"`([a-z0-9-]+:[A-Za-z0-9*]+)`")


def permission_rows() -> dict[str, set[str]]:
    """The permissions table: service column -> the actions in its row."""
    text = PERMISSIONS_PAGE.read_text()
    table = text[text.index("Permissions the deployer needs") : text.index("<!-- /permissions")]
    rows: dict[str, set[str]] = {}
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 2 and ACTION.search(cells[1]):
            rows[cells[0]] = set(ACTION.findall(cells[1]))
    return rows


def documented() -> set[str]:
    return set().union(*permission_rows().values())


@cache
def graph_types() -> set[str]:
    types = {r.type for stack in STACKS for r in cached_graph(stack, "update").resources}
    with_email = build_graph({**stack_args("us"), "alarm_email": "ops@example.com"})
    with_plan = build_graph({**stack_args("us"), "region_switch": True})
    return types | {r.type for r in (*with_email.resources, *with_plan.resources)}


def test_every_resource_type_in_the_graph_has_its_permissions_documented() -> None:
    missing = {
        typ: sorted(set(REQUIRED[typ]) - documented()) for typ in graph_types() if typ in REQUIRED
    }
    unmapped = sorted(graph_types() - set(REQUIRED))
    assert unmapped == [], f"map these resource types to the actions they need: {unmapped}"
    assert {t: m for t, m in missing.items() if m} == {}


def test_replica_regions_have_their_own_row_with_the_item_actions_replication_needs() -> None:
    (replicas,) = [row for service, row in permission_rows().items() if "replica" in service]
    assert set(REPLICA_REGION) <= replicas


def test_verify_needs_only_read_access_to_the_powertools_parameter() -> None:
    (ssm,) = [row for service, row in permission_rows().items() if service.startswith("SSM")]
    assert ssm == {"ssm:GetParameter"}


@pytest.mark.parametrize("typ", sorted(REQUIRED))
def test_the_mapping_holds_only_types_the_component_creates(typ: str) -> None:
    """A stale mapping entry would hide a real gap behind a type nothing creates any more."""
    assert typ in graph_types()
