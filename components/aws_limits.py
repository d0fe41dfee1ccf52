"""AWS's documented limits on every name and value the component generates, checked up front.

AWS enforces these on the first ``pulumi up``, half-way through creating a stack. The component
checks them at construction instead (``check_physical_names``), with the stack's real component
name, regions, domain and base path, and raises ``ArgsError`` naming what to shorten.

``LIMITS`` is the one table: resource -> limit -> source. ``PHYSICAL_NAMES`` lists every name the
component generates, as the template its code uses; a unit test builds the graph with the longest
region names and fails when a resource in it carries a name that is not listed here or breaks its
limit, so the table cannot drift from the code.

Pulumi autonames a resource ``<logical name>-<7 hex digits>`` when no name is given
(https://www.pulumi.com/docs/iac/concepts/resources/names/#autonaming): 8 characters more than
the logical name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

from multi_region_api.handlers.contract import ENV_ALB_TARGET_GROUP_ARN, FrontDoor

from .args import ApiSettings, ArgsError, MultiRegionApiArgs
from .environment import handler_environment
from .naming import child_name, fitted_name, health_resource_path, regional_hostname

AUTONAME_SUFFIX_LENGTH = 8  # "-" + 7 hex digits
MAX_COMPONENT_NAME_LENGTH = 25
"""The longest component name: ``<name>-<region>-apigw-logs-role`` plus Pulumi's suffix fills
IAM's 64 characters with the longest commercial region names (14 characters, ``ap-southeast-4``;
``tests/matrix`` derives this from botocore's partition data). A fixed bound, not one per
stack: a name that works for one set of regions keeps working when a region is added."""
COMPONENT = MultiRegionApiArgs.__name__.removesuffix("Args")
"""What an ``ArgsError`` about the component's own name is attributed to."""


@dataclass(frozen=True)
class Limit:
    resource: str
    type: str
    """Pulumi type token of the resource."""
    property: str
    """The property (as the engine reports it, camelCase) that carries the name or value."""
    max_length: int
    source: str
    allowed: str | None = None
    """A regex every character must match, where AWS restricts the character set."""
    shape: str | None = None
    """A regex the whole value must match (how it may start and end), where AWS says."""

    def violation(self, value: str) -> str | None:
        """Why ``value`` breaks this limit, or ``None``."""
        if len(value) > self.max_length:
            return f"{len(value)} characters, over the {self.resource} limit of {self.max_length}"
        if self.allowed and not re.fullmatch(f"{self.allowed}+", value):
            return f"characters outside {self.allowed} ({self.resource})"
        if self.shape and not re.fullmatch(self.shape, value):
            return f"not of the form {self.shape} ({self.resource})"
        return None


LIMITS: dict[str, Limit] = {
    limit.resource: limit
    for limit in (
        Limit(
            "IAM role name",
            "aws:iam/role:Role",
            "name",
            64,
            "https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html",
            r"[\w+=,.@-]",
        ),
        Limit(
            "IAM inline policy name",
            "aws:iam/rolePolicy:RolePolicy",
            "name",
            128,
            "https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutRolePolicy.html",
            r"[\w+=,.@-]",
        ),
        Limit(
            "Lambda function name",
            "aws:lambda/function:Function",
            "name",
            64,
            "https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html",
            r"[a-zA-Z0-9_-]",
        ),
        Limit(
            "Lambda permission statement id",
            "aws:lambda/permission:Permission",
            "statementId",
            100,
            "https://docs.aws.amazon.com/lambda/latest/api/API_AddPermission.html",
            r"[a-zA-Z0-9_-]",
        ),
        Limit(
            "Lambda environment (all keys and values)",
            "aws:lambda/function:Function",
            "environment",
            4096,
            "https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html",
        ),
        Limit(
            "CloudWatch Logs log group name",
            "aws:cloudwatch/logGroup:LogGroup",
            "name",
            512,
            "https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html",
            r"[.\-_/#A-Za-z0-9]",
        ),
        Limit(
            "CloudWatch alarm name",
            "aws:cloudwatch/metricAlarm:MetricAlarm",
            "name",
            255,
            "https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html",
        ),
        Limit(
            "CloudWatch dashboard name",
            "aws:cloudwatch/dashboard:Dashboard",
            "dashboardName",
            255,
            "https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutDashboard.html",
            r"[A-Za-z0-9_-]",
        ),
        Limit(
            "ARC Region switch plan name",
            "aws:arcregionswitch/plan:Plan",
            "name",
            32,
            "https://docs.aws.amazon.com/arc-region-switch/latest/api/API_CreatePlan.html",
            r"[a-zA-Z0-9-]",
        ),
        Limit(
            "ELB load balancer name",
            "aws:lb/loadBalancer:LoadBalancer",
            "name",
            32,
            "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html",
            r"[a-zA-Z0-9-]",
            r"(?!internal-)[a-zA-Z0-9](.*[a-zA-Z0-9])?",
        ),
        Limit(
            "ELB target group name",
            "aws:lb/targetGroup:TargetGroup",
            "name",
            32,
            "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateTargetGroup.html",
            r"[a-zA-Z0-9-]",
            r"[a-zA-Z0-9](.*[a-zA-Z0-9])?",
        ),
        Limit(
            "Global Accelerator name",
            "aws:globalaccelerator/accelerator:Accelerator",
            "name",
            64,
            "https://docs.aws.amazon.com/global-accelerator/latest/api/API_CreateAccelerator.html",
            r"[a-zA-Z0-9.-]",
            r"[a-zA-Z0-9](.*[a-zA-Z0-9])?",
        ),
        Limit(
            "EC2 security group name",
            "aws:ec2/securityGroup:SecurityGroup",
            "name",
            255,
            "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html",
            r"[a-zA-Z0-9 ._\-:/()#,@\[\]+=&;{}!$*]",
            r"(?!sg-).+",
        ),
        Limit(
            "API Gateway HTTP API name",
            "aws:apigatewayv2/api:Api",
            "name",
            # CreateApi documents no maximum either: the same conservative bound as REST APIs.
            128,
            "https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis.html",
        ),
        Limit(
            "API Gateway HTTP API stage name",
            "aws:apigatewayv2/stage:Stage",
            "name",
            128,
            "https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-stages.html",
            r"[a-zA-Z0-9_$-]",
        ),
        Limit(
            "SNS topic name",
            "aws:sns/topic:Topic",
            "name",
            256,
            "https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html",
            r"[A-Za-z0-9_-]",
        ),
        Limit(
            "DynamoDB table name",
            "aws:dynamodb/table:Table",
            "name",
            255,
            "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html",
            r"[a-zA-Z0-9_.-]",
        ),
        Limit(
            "API Gateway REST API name",
            "aws:apigateway/restApi:RestApi",
            "name",
            # Neither CreateRestApi nor the REST API quotas page documents a maximum: 128 is this
            # project's conservative bound (the autonamed name stays far below it), not AWS's.
            128,
            "https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-execution-service-limits-table.html",
        ),
        Limit(
            "ACM certificate domain name (the common name)",
            "aws:acm/certificate:Certificate",
            "domainName",
            64,
            "https://docs.aws.amazon.com/acm/latest/APIReference/API_RequestCertificate.html",
        ),
        Limit(
            "ACM subject alternative name",
            "aws:acm/certificate:Certificate",
            "subjectAlternativeNames",
            253,
            "https://docs.aws.amazon.com/acm/latest/APIReference/API_RequestCertificate.html",
        ),
        Limit(
            "API Gateway custom domain name",
            "aws:apigateway/domainName:DomainName",
            "domainName",
            253,
            "https://docs.aws.amazon.com/apigateway/latest/api/API_CreateDomainName.html",
        ),
        Limit(
            "Route 53 record name",
            "aws:route53/record:Record",
            "name",
            255,
            "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/DomainNameFormat.html",
        ),
        Limit(
            "Route 53 health check resource path",
            "aws:route53/healthCheck:HealthCheck",
            "resourcePath",
            255,
            "https://docs.aws.amazon.com/Route53/latest/APIReference/API_HealthCheckConfig.html",
        ),
        Limit(
            "Route 53 health check FQDN",
            "aws:route53/healthCheck:HealthCheck",
            "fqdn",
            255,
            "https://docs.aws.amazon.com/Route53/latest/APIReference/API_HealthCheckConfig.html",
        ),
        Limit(
            "tag key",
            "*",
            "tags",
            128,
            "https://docs.aws.amazon.com/tag-editor/latest/userguide/best-practices-and-strats.html",
        ),
        Limit(
            "tag value",
            "*",
            "tags",
            256,
            "https://docs.aws.amazon.com/tag-editor/latest/userguide/best-practices-and-strats.html",
        ),
    )
}
MAX_TAGS_PER_RESOURCE = 50  # same source as the tag key and value limits
MAX_TAGS_PER_HEALTH_CHECK = 10
"""Route 53 takes "a maximum of 10 tags" on a health check (``ChangeTagsForResource``, which the
provider calls once with every tag: more is ``InvalidInput`` after the check exists):
https://docs.aws.amazon.com/Route53/latest/APIReference/API_ChangeTagsForResource.html"""
COMPONENT_TAGS = ("stack", "component", "region", "role", "Name")
"""Tags the component adds to the caller's; a health check carries all of them."""
TAGGED_RESOURCES: dict[str, tuple[str, int]] = {
    "aws:route53/healthCheck:HealthCheck": ("Route 53 health check", MAX_TAGS_PER_HEALTH_CHECK),
    **{
        # Each service's tagging API: 50 (the ARC Region switch plan's TagResource says so too).
        resource_type: (resource_type.rsplit(":", 1)[-1], MAX_TAGS_PER_RESOURCE)
        for resource_type in (
            "aws:acm/certificate:Certificate",
            "aws:apigateway/domainName:DomainName",
            "aws:apigateway/restApi:RestApi",
            "aws:apigateway/stage:Stage",
            "aws:apigatewayv2/api:Api",
            "aws:apigatewayv2/domainName:DomainName",
            "aws:apigatewayv2/stage:Stage",
            "aws:arcregionswitch/plan:Plan",
            "aws:cloudwatch/logGroup:LogGroup",
            "aws:cloudwatch/metricAlarm:MetricAlarm",
            "aws:dynamodb/table:Table",
            "aws:ec2/internetGateway:InternetGateway",
            "aws:ec2/routeTable:RouteTable",
            "aws:ec2/securityGroup:SecurityGroup",
            "aws:ec2/subnet:Subnet",
            "aws:ec2/vpc:Vpc",
            "aws:globalaccelerator/accelerator:Accelerator",
            "aws:iam/role:Role",
            "aws:lambda/function:Function",
            "aws:lb/listener:Listener",
            "aws:lb/loadBalancer:LoadBalancer",
            "aws:lb/targetGroup:TargetGroup",
            "aws:sns/topic:Topic",
        )
    },
}
"""Every resource type the component tags -> (what it is, the most tags it takes); a unit test
fails on a tagged type that is not listed, so a new one gets its limit looked up."""
PRINTABLE_ASCII = r"[!-~]"
"""Printable ASCII without spaces: anything else is almost surely a copy-and-paste accident."""


@dataclass(frozen=True)
class PhysicalName:
    """A name the component generates: ``template`` over ``name``, ``region``, ``project`` and
    ``stack``; ``autonamed`` when Pulumi appends its random suffix."""

    limit: str
    template: str
    autonamed: bool = True


PHYSICAL_NAMES: tuple[PhysicalName, ...] = (
    PhysicalName("IAM role name", "{name}-{region}-role"),
    PhysicalName("IAM role name", "{name}-{region}-apigw-logs-role"),
    PhysicalName("IAM inline policy name", "{name}-{region}-policy"),
    PhysicalName("IAM role name", "{name}-region-switch-role"),
    PhysicalName("IAM inline policy name", "{name}-region-switch-policy"),
    PhysicalName("Lambda function name", "{name}-{region}-function"),
    PhysicalName("EC2 security group name", "{name}-{region}-alb-sg"),
    PhysicalName("API Gateway HTTP API name", "{name}-{region}-http-api"),
    PhysicalName("Lambda permission statement id", "{name}-{region}-invoke-permission"),
    PhysicalName("Lambda permission statement id", "{name}-{region}-alb-invoke-permission"),
    PhysicalName("CloudWatch Logs log group name", "{name}-{region}-function-logs"),
    PhysicalName("CloudWatch Logs log group name", "{name}-{region}-access-logs"),
    PhysicalName("CloudWatch alarm name", "{name}-{region}-health-alarm"),
    PhysicalName("API Gateway REST API name", "{name}-{region}-rest-api"),
    PhysicalName("SNS topic name", "{name}-health-alarms"),
    PhysicalName("DynamoDB table name", "{name}-table"),
    PhysicalName("tag value", "{name}-{region}-health", autonamed=False),
)


def dashboard_name(project: str, stack: str, component: str) -> str:
    """``<project>-<stack>-<component>`` in the dashboard character set.

    Stack names may contain ``.``, dashboard names may not: other characters become ``-``, and a
    short hash of the original keeps two stacks whose names differ only there apart.
    """
    limit = LIMITS["CloudWatch dashboard name"]
    return fitted_name(f"{project}-{stack}-{component}", limit.max_length, "A-Za-z0-9_-", ends="")


REGION_SWITCH_PLAN_NAME = re.compile(r"[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,30}[a-zA-Z0-9])?")
"""ARC Region switch plan names (the API's pattern for the name inside a plan ARN): 1-32 chars."""


def region_switch_plan_name(stack: str, component: str) -> str:
    """``<stack>-<component>`` in ARC's plan-name alphabet, unique per account like the stack.

    Plan names are short (32 characters), so a name that does not fit, or had characters
    replaced, keeps a hash of the wanted name: two stacks never share a plan. The drill finds
    the plan by this name.
    """
    return fitted_name(f"{stack}-{component}", LIMITS["ARC Region switch plan name"].max_length)


def load_balancer_name(project: str, stack: str, component: str) -> str:
    """The ALB's name: unique per account and region like the stack (ELB refuses a second load
    balancer of the same name), explicit because Pulumi's autoname ``<logical>-<7 hex>`` outgrows
    ELB's 32 characters for all but the shortest component names."""
    return fitted_name(
        f"{project}-{stack}-{component}", LIMITS["ELB load balancer name"].max_length
    )


def target_group_name(project: str, stack: str, component: str) -> str:
    """The Lambda target group's name (same rules and reason as ``load_balancer_name``); the
    function can recognise its own target group's health checks by it before the group exists."""
    return fitted_name(
        f"{project}-{stack}-{component}-tg", LIMITS["ELB target group name"].max_length
    )


def accelerator_name(project: str, stack: str, component: str) -> str:
    """The accelerator's name: alphanumerics, ``.`` and ``-``, neither first nor last."""
    return fitted_name(
        f"{project}-{stack}-{component}",
        LIMITS["Global Accelerator name"].max_length,
        allowed="a-zA-Z0-9.-",
        ends=".-",
    )


def max_health_check_secret_length(base_path: str) -> int:
    """The longest URL-quoted secret whose health-check resource path fits Route 53's limit."""
    limit = LIMITS["Route 53 health check resource path"].max_length
    return limit - len(health_resource_path(base_path, ""))


def check_health_check_secret(secret: str, base_path: str) -> str:
    """Return ``secret`` if the health check's resource path can carry it, else raise.

    The path holds the secret URL-quoted (``naming.health_resource_path``), so the quoted length
    counts: ``/`` or ``+`` take three characters each.
    """
    if not re.fullmatch(f"{PRINTABLE_ASCII}+", secret):
        raise ArgsError(
            "health_check_secret", "must be printable ASCII without spaces (it travels in a URL)"
        )
    longest = max_health_check_secret_length(base_path)
    quoted = len(quote(secret, safe=""))
    if quoted > longest:
        raise ArgsError(
            "health_check_secret",
            f"is {quoted} characters URL-quoted; at most {longest} fit Route 53's 255-character "
            f"resource path with base path {base_path!r}",
        )
    return secret


def environment_size(variables: dict[str, str]) -> int:
    """What Lambda counts against its 4 KB: every key and value, UTF-8 encoded."""
    return sum(len(k.encode()) + len(v.encode()) for k, v in variables.items())


def generated_names(
    name: str, settings: ApiSettings, *, project: str, stack: str
) -> list[tuple[str, str]]:
    """(limit, value) for every name and value the component derives from its inputs."""
    regions = sorted(settings.regions)
    found: list[tuple[str, str]] = []
    for generated in PHYSICAL_NAMES:
        suffix = "-" + "f" * (AUTONAME_SUFFIX_LENGTH - 1) if generated.autonamed else ""
        for region in regions if "{region}" in generated.template else regions[:1]:
            value = generated.template.format(name=name, region=region) + suffix
            found.append((generated.limit, value))
    found.append(("CloudWatch dashboard name", dashboard_name(project, stack, name)))
    found.append(("ARC Region switch plan name", region_switch_plan_name(stack, name)))
    found.append(("ELB load balancer name", load_balancer_name(project, stack, name)))
    found.append(("ELB target group name", target_group_name(project, stack, name)))
    found.append(("Global Accelerator name", accelerator_name(project, stack, name)))
    found.append(("ACM certificate domain name (the common name)", settings.domain_name))
    for region in regions:
        hostname = regional_hostname(region, settings.domain_name)
        found.append(("ACM subject alternative name", hostname))
        found.append(("API Gateway custom domain name", hostname))
        found.append(("Route 53 health check FQDN", hostname))
        found.append(("Route 53 record name", hostname))
        found.append(("tag value", child_name(name, region, "health")))
        found.append(("tag value", child_name(name, region, "routing")))
    return found


def check_physical_names(name: str, settings: ApiSettings, *, project: str, stack: str) -> None:
    """Raise ``ArgsError`` when a name or value the component would create breaks an AWS limit."""
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9-]*", name):
        raise ArgsError(
            "name",
            f"{name!r} may only hold letters, digits and '-' (it starts IAM, Lambda, SNS and "
            "dashboard names)",
            owner=COMPONENT,
        )
    if len(name) > MAX_COMPONENT_NAME_LENGTH:
        raise ArgsError(
            "name",
            f"{name!r} is {len(name)} characters, at most {MAX_COMPONENT_NAME_LENGTH} fit every "
            "name the component derives from it in any region (the tightest: "
            "'<name>-<region>-apigw-logs-role' plus Pulumi's 8-character suffix within IAM's 64)",
            owner=COMPONENT,
        )
    for key, value in settings.tags.items():
        for limit, text in (("tag key", key), ("tag value", value)):
            if problem := LIMITS[limit].violation(text):
                raise ArgsError("tags", f"{text!r}: {problem}")
        if key.lower().startswith("aws:"):
            raise ArgsError("tags", f"{key!r}: the aws: prefix is reserved for AWS")
    _check_tag_count(settings.tags)
    for limit, value in generated_names(name, settings, project=project, stack=stack):
        problem = LIMITS[limit].violation(value)
        if problem is None:
            continue
        if name in value:
            raise ArgsError(
                "name",
                f"{name!r} ({len(name)} characters) is too long for these regions: "
                f"{value!r} would be {problem}; shorten the component name",
                owner=COMPONENT,
            )
        raise ArgsError("domain_name", f"{value!r} would be {problem}")
    _check_environment(name, settings)


def _check_tag_count(tags: dict[str, str]) -> None:
    """Every taggable resource gets the caller's tags, so the resource that takes the fewest
    bounds them all: a Route 53 health check (10), which also carries every component tag."""
    what, most = min(TAGGED_RESOURCES.values(), key=lambda limit: limit[1])
    own = [key for key in tags if key not in COMPONENT_TAGS]
    if len(own) + len(COMPONENT_TAGS) > most:
        raise ArgsError(
            "tags",
            f"{len(own)} tags, at most {most - len(COMPONENT_TAGS)} fit: a {what} takes {most} "
            f"and the component puts {len(COMPONENT_TAGS)} of its own on each "
            f"({', '.join(COMPONENT_TAGS)})",
        )


def _check_environment(name: str, settings: ApiSettings) -> None:
    """The function's environment at its largest (longest region, autonamed table, longest
    secret) fits Lambda's 4 KB; ``REGION_URLS`` grows with every region and the domain."""
    region = max(settings.regions, key=len)
    largest = handler_environment(
        settings,
        region=region,
        table_name=f"{name}-table" + "f" * AUTONAME_SUFFIX_LENGTH,
        health_check_secret="x" * max_health_check_secret_length(settings.base_path),
    )
    if settings.front_door is FrontDoor.ALB:  # the target group's ARN at its longest
        largest[ENV_ALB_TARGET_GROUP_ARN] = (
            f"arn:aws-us-gov:elasticloadbalancing:{region}:{'0' * 12}:"
            f"targetgroup/{'t' * 32}/{'f' * 16}"
        )
    limit = LIMITS["Lambda environment (all keys and values)"]
    if (size := environment_size(largest)) > limit.max_length:
        app_share = environment_size(settings.app.environment) if settings.app else 0
        raise ArgsError(
            "app.environment" if size - app_share <= limit.max_length else "regions",
            f"the function's environment would be {size} bytes ({app_share} of them the app's) "
            f"with {len(settings.regions)} regions under {settings.domain_name!r}, over Lambda's "
            f"{limit.max_length}",
        )
