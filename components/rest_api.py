"""A regional REST API (API Gateway v1) that proxies every request to the dispatcher function.

The execute-api endpoint is disabled, so traffic only arrives through the custom domains that
Route 53 health-checks. ``Deployment`` carries a trigger hashed from every argument of every
resource path, method and integration (the very dicts the resources are built from), so a change
to any of them, in place or by replacement, creates a new deployment (Pulumi
creates the replacement before deleting the old one and the stage moves over); without it, REST
APIs silently keep serving the old deployment.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from typing import Any

import pulumi
import pulumi_aws as aws

from .front_door import CustomDomainTarget

STAGE_NAME = "live"
THROTTLING_RATE_LIMIT = 1000.0  # steady-state requests per second per region
THROTTLING_BURST_LIMIT = 2000
TLS_POLICY = "TLS_1_2"
ACCESS_LOG_FORMAT = json.dumps(
    {
        "requestId": "$context.requestId",
        "extendedRequestId": "$context.extendedRequestId",
        "ip": "$context.identity.sourceIp",
        "requestTime": "$context.requestTime",
        "httpMethod": "$context.httpMethod",
        "path": "$context.path",
        "domainName": "$context.domainName",
        "status": "$context.status",
        "protocol": "$context.protocol",
        "responseLength": "$context.responseLength",
        "responseLatency": "$context.responseLatency",
        "integrationLatency": "$context.integrationLatency",
        "integrationError": "$context.integration.error",
        "xrayTraceId": "$context.xrayTraceId",
    },
    sort_keys=True,
)


# Every argument of the two methods and their integrations besides the API, resource and function
# (which ``RestApiFrontDoor`` adds); all of it is hashed into the deployment trigger.
METHOD_SETTINGS: dict[str, Any] = {"http_method": "ANY", "authorization": "NONE"}
INTEGRATION_SETTINGS: dict[str, Any] = {"integration_http_method": "POST", "type": "AWS_PROXY"}


def deployment_fingerprint(parts: Sequence[Mapping[str, Any]]) -> str:
    """SHA-256 of everything that shapes the API; the ``redeployment`` trigger."""
    canonical = json.dumps(list(parts), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


class RestApiFrontDoor:
    """REST API, ``ANY /`` and ``ANY /{proxy+}`` proxy integrations, deployment and stage."""

    def __init__(
        self,
        resource_prefix: str,
        *,
        function: aws.lambda_.Function,
        access_log_group: aws.cloudwatch.LogGroup,
        base_path: str,
        tags: dict[str, str],
        opts: pulumi.ResourceOptions,
        stage_depends_on: Sequence[pulumi.Resource] = (),
    ) -> None:
        self._prefix = resource_prefix
        self._base_path = base_path
        self._tags = tags
        self._opts = opts
        self.api = aws.apigateway.RestApi(
            f"{resource_prefix}-rest-api",
            description="multi-region-api dispatcher (reached only through its custom domains)",
            endpoint_configuration=aws.apigateway.RestApiEndpointConfigurationArgs(
                types="REGIONAL"
            ),
            disable_execute_api_endpoint=True,
            tags=tags,
            opts=opts,
        )
        proxy = aws.apigateway.Resource(
            f"{resource_prefix}-proxy-resource",
            rest_api=self.api.id,
            parent_id=self.api.root_resource_id,
            path_part="{proxy+}",
            opts=opts,
        )
        shape: list[pulumi.Output[dict[str, Any]]] = []
        for suffix, resource_id, path in (
            ("root", self.api.root_resource_id, pulumi.Output.from_input("/")),
            ("proxy", proxy.id, proxy.path),
        ):
            method_args: dict[str, Any] = {
                "rest_api": self.api.id,
                "resource_id": resource_id,
                **METHOD_SETTINGS,
            }
            method = aws.apigateway.Method(
                f"{resource_prefix}-{suffix}-method", **method_args, opts=opts
            )
            integration_args: dict[str, Any] = {
                "rest_api": self.api.id,
                "resource_id": resource_id,
                "http_method": method.http_method,
                "uri": function.invoke_arn,
                **INTEGRATION_SETTINGS,
            }
            aws.apigateway.Integration(
                f"{resource_prefix}-{suffix}-integration", **integration_args, opts=opts
            )
            # The same dicts that built the resources: no argument can be left out of the hash.
            shape.append(
                pulumi.Output.from_input(
                    {"path": path, "method": method_args, "integration": integration_args}
                )
            )
        self.redeployment_trigger: pulumi.Output[str] = pulumi.Output.all(*shape).apply(
            deployment_fingerprint
        )
        self.deployment = aws.apigateway.Deployment(
            f"{resource_prefix}-deployment",
            rest_api=self.api.id,
            description="managed by multi-region-api",
            triggers={"redeployment": self.redeployment_trigger},
            opts=opts,
        )
        self.stage = aws.apigateway.Stage(
            f"{resource_prefix}-stage",
            rest_api=self.api.id,
            deployment=self.deployment.id,
            stage_name=STAGE_NAME,
            xray_tracing_enabled=True,
            access_log_settings=aws.apigateway.StageAccessLogSettingsArgs(
                destination_arn=access_log_group.arn, format=ACCESS_LOG_FORMAT
            ),
            tags=tags,
            opts=pulumi.ResourceOptions.merge(
                opts, pulumi.ResourceOptions(depends_on=list(stage_depends_on))
            ),
        )
        self.method_settings = aws.apigateway.MethodSettings(
            f"{resource_prefix}-method-settings",
            rest_api=self.api.id,
            stage_name=self.stage.stage_name,
            method_path="*/*",
            settings=aws.apigateway.MethodSettingsSettingsArgs(
                metrics_enabled=True,
                throttling_rate_limit=THROTTLING_RATE_LIMIT,
                throttling_burst_limit=THROTTLING_BURST_LIMIT,
            ),
            opts=opts,
        )
        self.execution_arn: pulumi.Output[str] = self.api.execution_arn
        self.api_name: pulumi.Output[str] = self.api.name
        self.stage_name: pulumi.Output[str] = self.stage.stage_name

    def add_custom_domain(
        self, suffix: str, hostname: str, certificate_arn: pulumi.Input[str]
    ) -> CustomDomainTarget:
        domain = aws.apigateway.DomainName(
            f"{self._prefix}-{suffix}",
            domain_name=hostname,
            regional_certificate_arn=certificate_arn,
            security_policy=TLS_POLICY,
            endpoint_configuration=aws.apigateway.DomainNameEndpointConfigurationArgs(
                types="REGIONAL", ip_address_type="dualstack"
            ),
            tags=self._tags,
            opts=self._opts,
        )
        aws.apigateway.BasePathMapping(
            f"{self._prefix}-{suffix}-mapping",
            rest_api=self.api.id,
            stage_name=self.stage.stage_name,
            domain_name=domain.domain_name,
            base_path=self._base_path or None,
            # Replacing in place conflicts with the old mapping on the same domain and path.
            opts=pulumi.ResourceOptions.merge(
                self._opts, pulumi.ResourceOptions(delete_before_replace=True)
            ),
        )
        return CustomDomainTarget(
            hostname=hostname,
            regional_domain_name=domain.regional_domain_name,
            regional_zone_id=domain.regional_zone_id,
        )
