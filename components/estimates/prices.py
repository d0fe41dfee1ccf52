"""List prices the cost model uses, each with its source and the date it was read.

All prices are USD, on-demand, US East (N. Virginia), no free tier (free tiers are shared across
an account, so an always-on cost must not hide behind them). The model applies them to every
region: the eu regions list the same or slightly higher prices, so the eu figures are a floor.

Where the AWS pricing page itself was not in the stored copy, the figure is the one that stored
pages quoting that pricing page agree on; the citation says so.
"""

from __future__ import annotations

from dataclasses import dataclass

READ_ON = "as stored, read 2026-11-22"


@dataclass(frozen=True)
class Price:
    usd: float
    unit: str
    source: str
    read: str = READ_ON


# Route 53 health checks (https://aws.amazon.com/route53/pricing/, "Health checks"). The pricing
# page was not stored; the figures are those the stored copies quoting it agree on
# (e.g. wewantcode.com lesson 7-84, oneuptime.com 2026-02-12). An "AWS endpoint" is an AWS
# resource in (or linked to) the health check's account; the docs
# (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/health-checks-creating-values.html)
# point at the pricing page for the definition and nothing stored says that an API Gateway
# custom domain checked by name qualifies, so the model defaults to non-AWS pricing.
HEALTH_CHECK_AWS = Price(
    0.50, "health check-month", "https://aws.amazon.com/route53/pricing/ (secondary copies)"
)
HEALTH_CHECK_NON_AWS = Price(
    0.75, "health check-month", "https://aws.amazon.com/route53/pricing/ (secondary copies)"
)
# Each optional feature (HTTPS, string matching, fast 10 s interval, latency measurement).
HEALTH_CHECK_FEATURE_AWS = Price(
    1.00, "feature-month", "https://aws.amazon.com/route53/pricing/ (secondary copies)"
)
HEALTH_CHECK_FEATURE_NON_AWS = Price(
    2.00, "feature-month", "https://aws.amazon.com/route53/pricing/ (secondary copies)"
)

# API Gateway REST APIs, first 333 million requests a month
# (https://aws.amazon.com/api-gateway/pricing/; the tier table is quoted in
# https://docs.aws.amazon.com/whitepapers/latest/best-practices-api-gateway-private-apis-integration/cost-optimization.html).
APIGW_REST_REQUEST = Price(3.50 / 1e6, "request", "https://aws.amazon.com/api-gateway/pricing/")

# Lambda duration by architecture (the model prices ``lambda_runtime.LAMBDA_ARCHITECTURE``), first
# tier: 6 billion GB-seconds a month for x86_64, 7.5 billion for arm64
# (https://aws.amazon.com/lambda/pricing/).
LAMBDA_REQUEST = Price(0.20 / 1e6, "request", "https://aws.amazon.com/lambda/pricing/")
LAMBDA_GB_SECOND: dict[str, Price] = {
    "arm64": Price(0.0000133334, "GB-second", "https://aws.amazon.com/lambda/pricing/"),
    "x86_64": Price(0.0000166667, "GB-second", "https://aws.amazon.com/lambda/pricing/"),
}

# DynamoDB on-demand, Standard table class, after the 1 Nov 2024 price cut; replicated writes of
# global tables are priced like single-region writes since then
# (https://aws.amazon.com/dynamodb/pricing/on-demand/).
DYNAMODB_WRITE_UNIT = Price(
    0.625 / 1e6, "write request unit", "https://aws.amazon.com/dynamodb/pricing/on-demand/"
)
DYNAMODB_READ_UNIT = Price(
    0.125 / 1e6, "read request unit", "https://aws.amazon.com/dynamodb/pricing/on-demand/"
)
DYNAMODB_REPLICATED_WRITE_UNIT = Price(
    0.625 / 1e6,
    "replicated write request unit",
    "https://aws.amazon.com/dynamodb/pricing/on-demand/",
)

# CloudWatch (https://aws.amazon.com/cloudwatch/pricing/): standard-resolution alarm, custom
# metric (first 10,000), log ingestion (standard class), dashboard (beyond the 3 free ones).
CLOUDWATCH_ALARM = Price(0.10, "alarm-month", "https://aws.amazon.com/cloudwatch/pricing/")
CLOUDWATCH_CUSTOM_METRIC = Price(0.30, "metric-month", "https://aws.amazon.com/cloudwatch/pricing/")
CLOUDWATCH_LOG_INGEST_GB = Price(0.50, "GB ingested", "https://aws.amazon.com/cloudwatch/pricing/")
CLOUDWATCH_DASHBOARD = Price(3.00, "dashboard-month", "https://aws.amazon.com/cloudwatch/pricing/")

# API Gateway HTTP APIs, first 300 million requests a month (https://aws.amazon.com/api-gateway/pricing/,
# "HTTP APIs"; the issue quotes the same $1.00 against REST's $3.50).
APIGW_HTTP_REQUEST = Price(1.00 / 1e6, "request", "https://aws.amazon.com/api-gateway/pricing/")

# Application Load Balancer, US East (N. Virginia) (https://aws.amazon.com/elasticloadbalancing/pricing/;
# the page was not stored; the figures are those stored copies quoting it agree on, e.g.
# handbook.vantage.sh/aws/services/elb-pricing). One LCU: 25 new connections/s, 3,000 active
# connections/min, 0.4 GB/h processed for Lambda targets, 1,000 rule evaluations/s.
ALB_HOUR = Price(
    0.0225, "ALB-hour", "https://aws.amazon.com/elasticloadbalancing/pricing/ (secondary copies)"
)
ALB_LCU_HOUR = Price(
    0.008, "LCU-hour", "https://aws.amazon.com/elasticloadbalancing/pricing/ (secondary copies)"
)
# Public IPv4 addresses, in use or idle, since 1 Feb 2024 (https://aws.amazon.com/vpc/pricing/,
# "Public IPv4 addresses"): an internet-facing ALB holds one per Availability Zone.
PUBLIC_IPV4_HOUR = Price(0.005, "IPv4 address-hour", "https://aws.amazon.com/vpc/pricing/")

# Global Accelerator (https://aws.amazon.com/global-accelerator/pricing/): a fixed fee per
# accelerator-hour and the DT-Premium per GB in the dominant direction (North America and Europe
# sources to NA/EU edges; APAC and other pairs cost more).
ACCELERATOR_HOUR = Price(
    0.025, "accelerator-hour", "https://aws.amazon.com/global-accelerator/pricing/"
)
ACCELERATOR_DT_PREMIUM_GB = Price(
    0.015, "GB (dominant direction)", "https://aws.amazon.com/global-accelerator/pricing/"
)

# ARC Region switch (https://aws.amazon.com/application-recovery-controller/pricing/): a fee per
# plan and month. Neither the pricing page nor a copy quoting it was stored; the figure is the
# one AWS announced with the feature, as recalled: check it before relying on it.
REGION_SWITCH_PLAN = Price(
    70.00,
    "plan-month",
    "https://aws.amazon.com/application-recovery-controller/pricing/ (not stored: unverified)",
)
