"""A regional Application Load Balancer that forwards every request to the dispatcher function.

HTTPS on 443 with the region's certificate (it covers the shared and the regional name) and a
TLS 1.2+ policy; HTTP on 80 only redirects to HTTPS. One Lambda target group, multi-value headers
on (repeated headers and query parameters reach the handler like API Gateway delivers them). Its
health check calls the health route with the secret in the query, like the Route 53 checkers, at
the stack's interval and threshold: Global Accelerator uses exactly this health check for ALB
endpoints. The security group admits 443 and 80 and nothing else. An ALB has no base path
mapping: requests arrive with the base path, which the dispatcher strips.

The network is the user's VPC and subnets for this region (``alb_networks``) or a minimal public
one (``vpc.py``), which makes the ALB dual-stack.
"""

from __future__ import annotations

import pulumi
import pulumi_aws as aws
from multi_region_api.handlers.contract import ENV_ALB_TARGET_GROUP_ARN

from .args import ApiSettings
from .aws_limits import load_balancer_name, target_group_name
from .front_door import CustomDomainTarget, FrontDoorMetrics
from .naming import health_resource_path
from .vpc import Network, public_network, user_network

TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06"
"""TLS 1.3 and 1.2 only, forward-secret ciphers (the console's recommended policy)."""
HTTPS_PORT = 443
HTTP_PORT = 80
ALB_MIN_THRESHOLD = 2  # target group health-check thresholds are 2-10
HEALTH_CHECK_TIMEOUT_SECONDS = 5  # below the 10 s fast interval; the health route answers in < 2 s
IDLE_TIMEOUT_SECONDS = 60
# 502: the function errored or answered malformed; 503: no healthy target; 504: it timed out.
ELB_5XX_METRICS = (
    "HTTPCode_ELB_5XX_Count",
    "HTTPCode_ELB_502_Count",
    "HTTPCode_ELB_503_Count",
    "HTTPCode_ELB_504_Count",
)
XFF_MODE = "append"  # the default, pinned: ``handlers.logic.health`` relies on it


def alb_metrics(arn_suffix: str) -> FrontDoorMetrics:
    """``AWS/ApplicationELB`` by ``LoadBalancer`` (``app/<name>/<id>``, the ARN's suffix)."""
    return FrontDoorMetrics(
        label="ALB",
        namespace="AWS/ApplicationELB",
        dimensions=("LoadBalancer", arn_suffix),
        client_errors="HTTPCode_ELB_4XX_Count",
        server_errors="HTTPCode_Target_5XX_Count",
        latency="TargetResponseTime",
        entry_errors=ELB_5XX_METRICS,
    )


def alb_health_path(base_path: str, secret: str) -> str:
    """The health route for the target group. ELB accepts only ``a-z A-Z 0-9 @:%_+.~#?&/=`` in
    a health-check path, so a ``-`` in the (already percent-encoded) secret is encoded too; the
    ALB passes query values to the function still encoded, and the dispatcher decodes them.
    ``resolve_args`` refuses a base path with ``-`` for the ``alb`` front door."""
    return health_resource_path(base_path, secret).replace("-", "%2D")


def health_thresholds(failure_threshold: int) -> int:
    """Route 53 allows a threshold of 1, a target group no less than 2."""
    return max(ALB_MIN_THRESHOLD, failure_threshold)


class AlbFrontDoor:
    """Security group, load balancer, the target group's attachment, two listeners.

    The target group (``alb_target_group``) is made before the function, whose environment
    names it (``alb_environment``), and comes in here.
    """

    def __init__(
        self,
        resource_prefix: str,
        region: str,
        settings: ApiSettings,
        *,
        function: aws.lambda_.Function,
        target_group: aws.lb.TargetGroup,
        tags: dict[str, str],
        opts: pulumi.ResourceOptions,
    ) -> None:
        self._prefix = resource_prefix
        self._opts = opts
        given = settings.alb_networks.get(region)
        network: Network = (
            user_network(given.vpc_id, given.subnet_ids)
            if given
            else public_network(resource_prefix, tags=tags, parent=_parent(opts), opts=opts)
        )
        self.dual_stack = network.dual_stack
        ingress = [
            aws.ec2.SecurityGroupIngressArgs(
                description=f"{label} from anywhere",
                protocol="tcp",
                from_port=port,
                to_port=port,
                cidr_blocks=["0.0.0.0/0"],
                ipv6_cidr_blocks=["::/0"] if network.dual_stack else None,
            )
            for port, label in ((HTTPS_PORT, "HTTPS"), (HTTP_PORT, "HTTP redirect"))
        ]
        security_group = aws.ec2.SecurityGroup(
            f"{resource_prefix}-alb-sg",
            description="multi-region-api ALB: HTTPS and the HTTP redirect only",
            vpc_id=network.vpc_id,
            ingress=ingress,
            egress=[],  # Lambda targets are invoked by the service, not through the VPC
            tags=tags,
            opts=opts,
        )
        self.load_balancer = aws.lb.LoadBalancer(
            f"{resource_prefix}-alb",
            name=load_balancer_name(*elb_names(resource_prefix, region)),
            load_balancer_type="application",
            internal=False,
            ip_address_type="dualstack" if network.dual_stack else "ipv4",
            subnets=network.subnet_ids,
            security_groups=[security_group.id],
            drop_invalid_header_fields=True,
            idle_timeout=IDLE_TIMEOUT_SECONDS,
            # Every forwarded request carries X-Forwarded-For; the health route tells ELB's own
            # health checks (which carry none) from clients by it.
            xff_header_processing_mode=XFF_MODE,
            tags=tags,
            # ELB refuses an internet-facing load balancer in a VPC without an attached gateway.
            opts=pulumi.ResourceOptions.merge(
                opts, pulumi.ResourceOptions(depends_on=list(network.internet_routes))
            ),
        )
        self.target_group = target_group
        permission = aws.lambda_.Permission(
            f"{resource_prefix}-alb-invoke-permission",
            action="lambda:InvokeFunction",
            function=function.name,
            principal="elasticloadbalancing.amazonaws.com",
            source_arn=self.target_group.arn,
            opts=opts,
        )
        aws.lb.TargetGroupAttachment(
            f"{resource_prefix}-tg-attachment",
            target_group_arn=self.target_group.arn,
            target_id=function.arn,
            # ELB checks its permission when the target registers.
            opts=pulumi.ResourceOptions.merge(
                opts, pulumi.ResourceOptions(depends_on=[permission])
            ),
        )
        aws.lb.Listener(
            f"{resource_prefix}-http-redirect",
            load_balancer_arn=self.load_balancer.arn,
            port=HTTP_PORT,
            protocol="HTTP",
            default_actions=[
                aws.lb.ListenerDefaultActionArgs(
                    type="redirect",
                    redirect=aws.lb.ListenerDefaultActionRedirectArgs(
                        protocol="HTTPS", port=str(HTTPS_PORT), status_code="HTTP_301"
                    ),
                )
            ],
            tags=tags,
            opts=opts,
        )
        self._tags = tags
        self._https: aws.lb.Listener | None = None
        self.metrics: pulumi.Output[FrontDoorMetrics] = self.load_balancer.arn_suffix.apply(
            alb_metrics
        )

    def add_custom_domain(
        self, suffix: str, hostname: str, certificate_arn: pulumi.Input[str]
    ) -> CustomDomainTarget:
        """The HTTPS listener is created for the first name: the region's one certificate carries
        every name the ALB serves, so later names only need their alias target."""
        if self._https is None:
            self._https = aws.lb.Listener(
                f"{self._prefix}-https",
                load_balancer_arn=self.load_balancer.arn,
                port=HTTPS_PORT,
                protocol="HTTPS",
                ssl_policy=TLS_POLICY,
                certificate_arn=certificate_arn,
                default_actions=[
                    aws.lb.ListenerDefaultActionArgs(
                        type="forward", target_group_arn=self.target_group.arn
                    )
                ],
                tags=self._tags,
                opts=self._opts,
            )
        return CustomDomainTarget(
            hostname=hostname,
            regional_domain_name=self.load_balancer.dns_name,
            regional_zone_id=self.load_balancer.zone_id,
        )


def elb_names(resource_prefix: str, region: str) -> tuple[str, str, str]:
    """(project, stack, component): explicit ELB names, since ELB's 32 characters leave no room
    for Pulumi's autoname suffix (``aws_limits`` fits them)."""
    component = resource_prefix.removesuffix(f"-{region}")  # regional_api_name's inverse
    return pulumi.get_project(), pulumi.get_stack(), component


def alb_target_group(
    resource_prefix: str,
    region: str,
    settings: ApiSettings,
    *,
    health_check_secret: pulumi.Output[str],
    tags: dict[str, str],
    opts: pulumi.ResourceOptions,
) -> aws.lb.TargetGroup:
    """The Lambda target group; it needs nothing of the function, so it is made first."""
    checks = settings.health_check
    threshold = health_thresholds(checks.failure_threshold)
    path = health_check_secret.apply(lambda s: alb_health_path(settings.base_path, s))
    return aws.lb.TargetGroup(
        f"{resource_prefix}-tg",
        name=target_group_name(*elb_names(resource_prefix, region)),
        target_type="lambda",
        lambda_multi_value_headers_enabled=True,
        health_check=aws.lb.TargetGroupHealthCheckArgs(
            enabled=True,
            path=pulumi.Output.secret(path),
            matcher="200",
            interval=checks.interval_seconds,
            timeout=HEALTH_CHECK_TIMEOUT_SECONDS,
            healthy_threshold=threshold,
            unhealthy_threshold=threshold,
        ),
        tags=tags,
        opts=opts,
    )


def alb_environment(target_group_arn: str) -> dict[str, str]:
    """The function's view of its own target group (see ``handlers.logic.health``)."""
    return {ENV_ALB_TARGET_GROUP_ARN: target_group_arn}


def _parent(opts: pulumi.ResourceOptions) -> pulumi.Resource:
    if opts.parent is None:
        raise ValueError("the ALB front door needs its regional component as parent")
    return opts.parent
