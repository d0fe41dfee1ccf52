"""A regional HTTP API (API Gateway v2) that proxies every request to the dispatcher function.

One ``$default`` route with a Lambda proxy integration (payload format 2.0) and a ``$default``
stage with auto-deploy: unlike a REST API there is no deployment to trigger, every change goes
live. The execute-api endpoint is disabled, so traffic only arrives through the custom domains
that Route 53 health-checks. HTTP APIs cost $1.00 per million requests against REST's $3.50.
"""

from __future__ import annotations

import json

import pulumi
import pulumi_aws as aws

from .front_door import CustomDomainTarget, FrontDoorMetrics
from .rest_api import THROTTLING_BURST_LIMIT, THROTTLING_RATE_LIMIT, TLS_POLICY

STAGE_NAME = "$default"
ROUTE_KEY = "$default"
PAYLOAD_FORMAT_VERSION = "2.0"
# HTTP APIs have their own context variables ($context.path has no REST equivalent of resource).
ACCESS_LOG_FORMAT = json.dumps(
    {
        "requestId": "$context.requestId",
        "ip": "$context.identity.sourceIp",
        "requestTime": "$context.requestTime",
        "httpMethod": "$context.httpMethod",
        "path": "$context.path",
        "routeKey": "$context.routeKey",
        "domainName": "$context.domainName",
        "status": "$context.status",
        "protocol": "$context.protocol",
        "responseLength": "$context.responseLength",
        "responseLatency": "$context.responseLatency",
        "integrationLatency": "$context.integrationLatency",
        "integrationStatus": "$context.integrationStatus",
        "integrationError": "$context.integrationErrorMessage",
    },
    sort_keys=True,
)


def http_metrics(api_id: str) -> FrontDoorMetrics:
    """HTTP APIs publish ``4xx``/``5xx``/``Latency`` by ``ApiId`` and ``Stage``."""
    return FrontDoorMetrics(
        label="API Gateway HTTP",
        namespace="AWS/ApiGateway",
        dimensions=("ApiId", api_id, "Stage", STAGE_NAME),
        client_errors="4xx",
        server_errors="5xx",
        latency="Latency",
    )


class HttpApiFrontDoor:
    """HTTP API, ``$default`` route and integration, auto-deployed ``$default`` stage."""

    def __init__(
        self,
        resource_prefix: str,
        *,
        function: aws.lambda_.Function,
        access_log_group: aws.cloudwatch.LogGroup,
        base_path: str,
        tags: dict[str, str],
        opts: pulumi.ResourceOptions,
    ) -> None:
        self._prefix = resource_prefix
        self._base_path = base_path
        self._tags = tags
        self._opts = opts
        self.api = aws.apigatewayv2.Api(
            f"{resource_prefix}-http-api",
            protocol_type="HTTP",
            description="multi-region-api dispatcher (reached only through its custom domains)",
            disable_execute_api_endpoint=True,
            tags=tags,
            opts=opts,
        )
        integration = aws.apigatewayv2.Integration(
            f"{resource_prefix}-http-integration",
            api_id=self.api.id,
            integration_type="AWS_PROXY",
            integration_method="POST",
            integration_uri=function.invoke_arn,
            payload_format_version=PAYLOAD_FORMAT_VERSION,
            opts=opts,
        )
        self.route = aws.apigatewayv2.Route(
            f"{resource_prefix}-http-route",
            api_id=self.api.id,
            route_key=ROUTE_KEY,
            target=integration.id.apply(lambda i: f"integrations/{i}"),
            opts=opts,
        )
        self.stage = aws.apigatewayv2.Stage(
            f"{resource_prefix}-http-stage",
            api_id=self.api.id,
            name=STAGE_NAME,
            auto_deploy=True,
            access_log_settings=aws.apigatewayv2.StageAccessLogSettingsArgs(
                destination_arn=access_log_group.arn, format=ACCESS_LOG_FORMAT
            ),
            default_route_settings=aws.apigatewayv2.StageDefaultRouteSettingsArgs(
                detailed_metrics_enabled=True,
                throttling_rate_limit=THROTTLING_RATE_LIMIT,
                throttling_burst_limit=THROTTLING_BURST_LIMIT,
            ),
            tags=tags,
            # The stage must exist after the route, or auto-deploy publishes an empty API first.
            opts=pulumi.ResourceOptions.merge(
                opts, pulumi.ResourceOptions(depends_on=[self.route])
            ),
        )
        self.execution_arn: pulumi.Output[str] = self.api.execution_arn
        self.metrics: pulumi.Output[FrontDoorMetrics] = self.api.id.apply(http_metrics)

    def add_custom_domain(
        self, suffix: str, hostname: str, certificate_arn: pulumi.Input[str]
    ) -> CustomDomainTarget:
        domain = aws.apigatewayv2.DomainName(
            f"{self._prefix}-{suffix}",
            domain_name=hostname,
            domain_name_configuration=aws.apigatewayv2.DomainNameDomainNameConfigurationArgs(
                certificate_arn=certificate_arn,
                endpoint_type="REGIONAL",
                security_policy=TLS_POLICY,
                ip_address_type="dualstack",
            ),
            tags=self._tags,
            opts=self._opts,
        )
        aws.apigatewayv2.ApiMapping(
            f"{self._prefix}-{suffix}-mapping",
            api_id=self.api.id,
            domain_name=domain.domain_name,
            stage=self.stage.name,
            api_mapping_key=self._base_path or None,
            opts=pulumi.ResourceOptions.merge(
                self._opts, pulumi.ResourceOptions(delete_before_replace=True)
            ),
        )
        configuration = domain.domain_name_configuration
        return CustomDomainTarget(
            hostname=hostname,
            regional_domain_name=configuration.apply(lambda c: c.target_domain_name or ""),
            regional_zone_id=configuration.apply(lambda c: c.hosted_zone_id or ""),
        )
