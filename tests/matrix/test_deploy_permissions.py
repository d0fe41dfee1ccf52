"""The docs' deployer-permissions tables cover every resource type of every combination.

``REQUIRED`` maps each resource type (and data source) the component creates to the actions its
provider calls to create, read, update and delete it. docs/deployer-permissions.md lists them per
front door and option; for every combination of the configuration matrix, the rows that apply to
it must hold every action its graph needs, and no conditional row may list an action no
combination it applies to needs, so the tables cannot drift from the code in either direction.

Where the actions are not obvious they come from terraform-provider-aws (which pulumi-aws 7
bridges): ``internal/service/elbv2/{load_balancer,listener,target_group}.go`` read attributes,
capacity reservations and listener attributes, and wait for the load balancer's network
interfaces on delete; ``internal/service/ec2/vpc_*.go`` read the VPC's default network ACL, route
table and security group, and the security group revokes the default egress rule.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest

from tests.matrix.combinations import (
    COMBINATIONS,
    EXTRA_BUILDS,
    Combination,
    built,
    graph,
    variant,
)

PERMISSIONS_PAGE = Path(__file__).resolve().parents[2] / "docs" / "deployer-permissions.md"
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
    "ec2": ("ec2:CreateTags", "ec2:DeleteTags"),
    "elb": (
        "elasticloadbalancing:AddTags",
        "elasticloadbalancing:RemoveTags",
        "elasticloadbalancing:DescribeTags",
    ),
    "globalaccelerator": (
        "globalaccelerator:TagResource",
        "globalaccelerator:UntagResource",
        "globalaccelerator:ListTagsForResource",
    ),
}
# API Gateway's own "Configure logging for HTTP APIs": the stage's access logs are a CloudWatch
# Logs delivery (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging.html).
HTTP_API_LOG_DELIVERY = (
    "logs:CreateLogDelivery",
    "logs:GetLogDelivery",
    "logs:UpdateLogDelivery",
    "logs:DeleteLogDelivery",
    "logs:ListLogDeliveries",
    "logs:PutResourcePolicy",
    "logs:DescribeResourcePolicies",
    "logs:CreateLogGroup",
    "logs:DescribeLogGroups",
)
SERVICE_LINKED_ROLES = {
    "aws:dynamodb/table:Table": "replication.dynamodb.amazonaws.com",
    "aws:lb/loadBalancer:LoadBalancer": "elasticloadbalancing.amazonaws.com",
    "aws:globalaccelerator/accelerator:Accelerator": "globalaccelerator.amazonaws.com",
}
"""Resource type -> the service whose linked role its first creation in an account makes
(``iam:CreateServiceLinkedRole``, to be scoped by ``iam:AWSServiceName``)."""
VPC_READ = ("ec2:DescribeVpcs", "ec2:DescribeRouteTables")
# Resource type -> the actions the provider's create, read, update and delete call (and tag
# reads, which every refresh makes). No entry: a local resource that calls no AWS API.
REQUIRED: dict[str, tuple[str, ...]] = {
    "pulumi:providers:aws": (),
    "pulumi:providers:random": (),
    "random:index/randomPassword:RandomPassword": (),
    "pulumi-python:dynamic:Resource": (),  # the front door guard: records the door, no AWS call
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
    # frontDoor: http (API Gateway v2: the same actions, on /apis*)
    "aws:apigatewayv2/api:Api": APIGW_CRUD,
    "aws:apigatewayv2/integration:Integration": APIGW_CRUD,
    "aws:apigatewayv2/route:Route": APIGW_CRUD,
    "aws:apigatewayv2/stage:Stage": (*APIGW_CRUD, *HTTP_API_LOG_DELIVERY),
    "aws:apigatewayv2/domainName:DomainName": APIGW_CRUD,
    "aws:apigatewayv2/apiMapping:ApiMapping": APIGW_CRUD,
    # frontDoor: alb, the network (vpc.py)
    "aws:ec2/vpc:Vpc": (
        "ec2:CreateVpc",
        "ec2:DeleteVpc",
        "ec2:DescribeVpcs",
        "ec2:DescribeVpcAttribute",
        "ec2:ModifyVpcAttribute",
        "ec2:AssociateVpcCidrBlock",
        "ec2:DisassociateVpcCidrBlock",
        "ec2:DescribeNetworkAcls",
        "ec2:DescribeRouteTables",
        "ec2:DescribeSecurityGroups",
        *TAGS["ec2"],
    ),
    "aws:ec2/internetGateway:InternetGateway": (
        "ec2:CreateInternetGateway",
        "ec2:AttachInternetGateway",
        "ec2:DetachInternetGateway",
        "ec2:DeleteInternetGateway",
        "ec2:DescribeInternetGateways",
        *TAGS["ec2"],
    ),
    "aws:ec2/routeTable:RouteTable": (
        "ec2:CreateRouteTable",
        "ec2:DeleteRouteTable",
        *VPC_READ,
        *TAGS["ec2"],
    ),
    "aws:ec2/route:Route": ("ec2:CreateRoute", "ec2:ReplaceRoute", "ec2:DeleteRoute", *VPC_READ),
    "aws:ec2/routeTableAssociation:RouteTableAssociation": (
        "ec2:AssociateRouteTable",
        "ec2:DisassociateRouteTable",
        "ec2:ReplaceRouteTableAssociation",
        *VPC_READ,
    ),
    "aws:ec2/subnet:Subnet": (
        "ec2:CreateSubnet",
        "ec2:DeleteSubnet",
        "ec2:DescribeSubnets",
        "ec2:ModifySubnetAttribute",
        "ec2:AssociateSubnetCidrBlock",
        "ec2:DisassociateSubnetCidrBlock",
        "ec2:DescribeNetworkInterfaces",
        *TAGS["ec2"],
    ),
    "aws:ec2/securityGroup:SecurityGroup": (
        "ec2:CreateSecurityGroup",
        "ec2:DeleteSecurityGroup",
        "ec2:DescribeSecurityGroups",
        "ec2:AuthorizeSecurityGroupIngress",
        "ec2:RevokeSecurityGroupIngress",
        "ec2:AuthorizeSecurityGroupEgress",
        "ec2:RevokeSecurityGroupEgress",
        "ec2:DescribeNetworkInterfaces",
        *TAGS["ec2"],
    ),
    # frontDoor: alb, the load balancer (alb.py)
    "aws:lb/loadBalancer:LoadBalancer": (
        "elasticloadbalancing:CreateLoadBalancer",
        "elasticloadbalancing:DeleteLoadBalancer",
        "elasticloadbalancing:DescribeLoadBalancers",
        "elasticloadbalancing:DescribeLoadBalancerAttributes",
        "elasticloadbalancing:ModifyLoadBalancerAttributes",
        "elasticloadbalancing:DescribeCapacityReservation",
        "elasticloadbalancing:SetSubnets",
        "elasticloadbalancing:SetSecurityGroups",
        "elasticloadbalancing:SetIpAddressType",
        "ec2:DescribeNetworkInterfaces",
        "iam:CreateServiceLinkedRole",
        *TAGS["elb"],
    ),
    "aws:lb/targetGroup:TargetGroup": (
        "elasticloadbalancing:CreateTargetGroup",
        "elasticloadbalancing:DeleteTargetGroup",
        "elasticloadbalancing:DescribeTargetGroups",
        "elasticloadbalancing:DescribeTargetGroupAttributes",
        "elasticloadbalancing:ModifyTargetGroup",
        "elasticloadbalancing:ModifyTargetGroupAttributes",
        *TAGS["elb"],
    ),
    "aws:lb/targetGroupAttachment:TargetGroupAttachment": (
        "elasticloadbalancing:RegisterTargets",
        "elasticloadbalancing:DeregisterTargets",
        "elasticloadbalancing:DescribeTargetHealth",
    ),
    "aws:lb/listener:Listener": (
        "elasticloadbalancing:CreateListener",
        "elasticloadbalancing:DeleteListener",
        "elasticloadbalancing:DescribeListeners",
        "elasticloadbalancing:ModifyListener",
        "elasticloadbalancing:DescribeListenerAttributes",
        "elasticloadbalancing:ModifyListenerAttributes",
        *TAGS["elb"],
    ),
    # globalAccelerator (its API is in us-west-2). The endpoint checks an ALB endpoint with
    # client IP preservation: AWS's GlobalAcceleratorFullAccess grants exactly these reads.
    "aws:globalaccelerator/accelerator:Accelerator": (
        "globalaccelerator:CreateAccelerator",
        "globalaccelerator:DescribeAccelerator",
        "globalaccelerator:DescribeAcceleratorAttributes",
        "globalaccelerator:UpdateAccelerator",
        "globalaccelerator:UpdateAcceleratorAttributes",
        "globalaccelerator:DeleteAccelerator",
        "iam:CreateServiceLinkedRole",
        *TAGS["globalaccelerator"],
    ),
    "aws:globalaccelerator/listener:Listener": (
        "globalaccelerator:CreateListener",
        "globalaccelerator:DescribeListener",
        "globalaccelerator:UpdateListener",
        "globalaccelerator:DeleteListener",
    ),
    "aws:globalaccelerator/endpointGroup:EndpointGroup": (
        "globalaccelerator:CreateEndpointGroup",
        "globalaccelerator:DescribeEndpointGroup",
        "globalaccelerator:UpdateEndpointGroup",
        "globalaccelerator:DeleteEndpointGroup",
        "elasticloadbalancing:DescribeLoadBalancers",
        "ec2:DescribeAddresses",
        "ec2:DescribeInstances",
        "ec2:DescribeInternetGateways",
        "ec2:DescribeRegions",
        "ec2:DescribeSubnets",
    ),
}
INVOKES: dict[str, tuple[str, ...]] = {
    "aws:index/getAvailabilityZones:getAvailabilityZones": ("ec2:DescribeAvailabilityZones",),
    "aws:arcregionswitch/getRoute53HealthChecks:getRoute53HealthChecks": (
        "arc-region-switch:ListRoute53HealthChecks",
    ),
}
CONDITIONS: dict[str, Callable[[Combination], bool]] = {
    "every stack": lambda c: True,
    "`frontDoor: rest`": lambda c: c.front_door == "rest",
    "`frontDoor: http`": lambda c: c.front_door == "http",
    "`frontDoor: alb`": lambda c: c.front_door.startswith("alb"),
    "`globalAccelerator: true`": lambda c: c.accelerator,
    "`regionSwitch: true`": lambda c: c.region_switch,
}
"""The table's first column: which combinations a row applies to."""
OPERATIONS = ("`multi-region-api drill switch`", "`multi-region-api verify`")
"""Rows for the ops commands, not for ``pulumi up``."""
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
ACTION = re.compile(r"`(?!iam:AWSServiceName`)([a-z0-9-]+:[A-Za-z0-9*]+)`")
"""An action in backticks; ``iam:AWSServiceName`` is the condition key that scopes a row's
``iam:CreateServiceLinkedRole``, not an action."""
WITH_EMAIL = variant(COMBINATIONS[0], alarm_email="ops@example.com")
EXTRA_BUILDS.append(WITH_EMAIL)


def permission_rows() -> list[tuple[str, str, str]]:
    """The permissions tables: (condition, service, actions cell) of every row."""
    text = PERMISSIONS_PAGE.read_text()
    table = text[text.index("Permissions the deployer needs") : text.index("<!-- /permissions")]
    rows: list[tuple[str, str, str]] = []
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and ACTION.search(cells[2]):
            rows.append((cells[0], cells[1], cells[2]))
    return rows


def documented_for(combination: Combination) -> tuple[set[str], str]:
    """The actions of every row that applies to ``combination``, and those rows' text."""
    rows = [r for r in permission_rows() if r[0] in CONDITIONS and CONDITIONS[r[0]](combination)]
    return set().union(*(set(ACTION.findall(r[2])) for r in rows)), " ".join(r[2] for r in rows)


def required(combination: Combination) -> dict[str, set[str]]:
    """Resource type (or data source) -> actions, for the combination's graph."""
    built_graph = graph(combination)
    needs = {r.type: set(REQUIRED[r.type]) for r in built_graph.resources if r.type in REQUIRED}
    needs |= {token: set(INVOKES[token]) for token, _ in built_graph.invokes}
    return needs


@cache
def graph_types() -> set[str]:
    return {r.type for c in COMBINATIONS for r in graph(c).resources} | {
        r.type for r in built(WITH_EMAIL).resources
    }


@pytest.mark.parametrize("combination", COMBINATIONS, ids=lambda c: c.id)
def test_every_action_a_combination_needs_is_in_the_rows_that_apply_to_it(
    combination: Combination,
) -> None:
    unmapped = sorted({r.type for r in graph(combination).resources} - set(REQUIRED))
    assert unmapped == [], f"map these resource types to the actions they need: {unmapped}"
    actions, text = documented_for(combination)
    missing = {t: sorted(a - actions) for t, a in required(combination).items() if a - actions}
    assert missing == {}
    for typ, service in SERVICE_LINKED_ROLES.items():
        if typ in required(combination):
            assert service in text, f"iam:CreateServiceLinkedRole for {service} is not documented"


def test_every_row_applies_to_something_and_lists_only_what_it_needs() -> None:
    """A conditional row lists nothing that no combination it applies to needs."""
    for condition, service, cell in permission_rows():
        if condition in OPERATIONS or condition == "every stack":
            continue
        assert condition in CONDITIONS, f"unknown condition {condition!r} ({service})"
        applies = [c for c in COMBINATIONS if CONDITIONS[condition](c)]
        needed = set().union(*(a for c in applies for a in required(c).values()))
        assert set(ACTION.findall(cell)) - needed == set(), (condition, service)


def test_replica_regions_have_their_own_row_with_the_item_actions_replication_needs() -> None:
    (replicas,) = [cell for _, service, cell in permission_rows() if "replica" in service]
    assert set(REPLICA_REGION) <= set(ACTION.findall(replicas))


def test_verify_needs_only_read_access_to_the_powertools_parameter() -> None:
    (ssm,) = [cell for _, service, cell in permission_rows() if service.startswith("SSM")]
    assert set(ACTION.findall(ssm)) == {"ssm:GetParameter"}


@pytest.mark.parametrize("typ", sorted(REQUIRED))
def test_the_mapping_holds_only_types_the_component_creates(typ: str) -> None:
    """A stale mapping entry would hide a real gap behind a type nothing creates any more."""
    assert typ in graph_types()
