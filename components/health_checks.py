"""Route 53 health checks on each region's own name, and an alarm per check.

A check targets ``<region>.<domain>``, never the shared latency name (that would test whichever
region is nearest to each checker) and never the execute-api host (disabled, and it would skip the
custom domain and certificate). The secret travels in the resource path, so the path is a secret.
HTTPS checks do not validate certificates, which is why the handler checks the secret instead.
Route 53 publishes ``HealthCheckStatus`` only in us-east-1, so the alarms and topic live there.
"""

from __future__ import annotations

import pulumi
import pulumi_aws as aws

from .args import ApiSettings
from .naming import child_name, health_resource_path, regional_hostname

HEALTH_CHECK_TYPE = "HTTPS"  # status code only: the handler's answer carries the verdict
HTTPS_PORT = 443
ALARM_PERIOD_SECONDS = 60
# What a Route 53 health check of the stack is for, in its ``role`` tag. Ops tools (drill, verify)
# find a region's endpoint check by the ``stack``, ``region`` and ``role`` tags; the calculated
# check a Region switch plan adds per region carries the same region but another role.
ROLE_TAG = "role"
ENDPOINT_ROLE = "endpoint"
ROUTING_ROLE = "routing"


def health_check_tags(
    tags: dict[str, str], name: str, region: str, role: str, label: str
) -> dict[str, str]:
    """The tags of a region's health check; ``label`` ends its ``Name``."""
    return {**tags, "region": region, ROLE_TAG: role, "Name": child_name(name, region, label)}


def health_check(
    name: str,
    region: str,
    settings: ApiSettings,
    *,
    secret: pulumi.Output[str],
    tags: dict[str, str],
    opts: pulumi.ResourceOptions,
) -> aws.route53.HealthCheck:
    checks = settings.health_check
    path = secret.apply(lambda value: health_resource_path(settings.base_path, value))
    resource_path: pulumi.Output[str] = pulumi.Output.secret(path)
    return aws.route53.HealthCheck(
        child_name(name, region, "health-check"),
        type=HEALTH_CHECK_TYPE,
        port=HTTPS_PORT,
        fqdn=regional_hostname(region, settings.domain_name),
        resource_path=resource_path,
        request_interval=checks.interval_seconds,
        failure_threshold=checks.failure_threshold,
        regions=list(checks.regions),
        enable_sni=True,
        tags=health_check_tags(tags, name, region, ENDPOINT_ROLE, "health"),
        opts=opts,
    )


def alarm_topic(
    name: str, settings: ApiSettings, *, tags: dict[str, str], opts: pulumi.ResourceOptions
) -> aws.sns.Topic:
    topic = aws.sns.Topic(f"{name}-health-alarms", tags=tags, opts=opts)
    if settings.alarm_email:
        aws.sns.TopicSubscription(
            f"{name}-health-alarms-email",
            topic=topic.arn,
            protocol="email",
            endpoint=settings.alarm_email,
            opts=opts,
        )
    return topic


def health_alarm(
    name: str,
    region: str,
    *,
    check: aws.route53.HealthCheck,
    topic: aws.sns.Topic,
    tags: dict[str, str],
    opts: pulumi.ResourceOptions,
) -> aws.cloudwatch.MetricAlarm:
    """Alarm when any minute reports the region unhealthy (``HealthCheckStatus`` minimum < 1).

    Quiet on creation. A new alarm starts in ``INSUFFICIENT_DATA`` and CloudWatch runs actions
    only on a state change (https://docs.aws.amazon.com/autoscaling/application/userguide/
    cloudwatch-alarm-notifications.html). Route 53 publishes the metric once the checkers have
    reported, a minute or two after the check is created; with missing data treated as
    ``breaching`` that gap became ``ALARM`` and an email for every region on every first ``up``.
    With ``missing`` (the alarm leaves ``INSUFFICIENT_DATA`` only on real datapoints) the first
    datapoint moves it to ``OK`` (healthy) or ``ALARM`` (a region really down from the start).
    A metric that stops later is still reported: the move back to ``INSUFFICIENT_DATA`` runs
    ``insufficient_data_actions``. One period suffices: the status already waited out the
    health check's failure threshold, so a second period would only delay the page.
    """
    return aws.cloudwatch.MetricAlarm(
        child_name(name, region, "health-alarm"),
        alarm_description=f"Route 53 health check for {region} reports the region unhealthy",
        namespace="AWS/Route53",
        metric_name="HealthCheckStatus",
        dimensions={"HealthCheckId": check.id},
        statistic="Minimum",
        period=ALARM_PERIOD_SECONDS,
        evaluation_periods=1,
        threshold=1,
        comparison_operator="LessThanThreshold",
        treat_missing_data="missing",
        alarm_actions=[topic.arn],
        ok_actions=[topic.arn],
        insufficient_data_actions=[topic.arn],
        tags={**tags, "region": region},
        opts=opts,
    )
