"""Everything one region runs, as a child component on that region's provider.

IAM role and policy, log groups, the dispatcher function, the API front door, the Lambda
permission and the two custom domains. The component is complete after its constructor: the
certificate and its validation (which need the global validation records) are built before it and
only the validated certificate ARN comes in. Names start with ``<component>-<region>`` so they
never depend on the region's position in the list.
"""

from __future__ import annotations

import pulumi
import pulumi_aws as aws
from multi_region_api.handlers.contract import HANDLER
from multi_region_api.handlers.contract import FrontDoor as FrontDoorKind

from .alb import alb_environment, alb_target_group
from .args import ApiSettings
from .environment import handler_environment
from .front_door import CustomDomainTarget, DoorResources, build_front_door
from .function_sizing import FUNCTION_MEMORY_MB, FUNCTION_TIMEOUT_SECONDS
from .iam import api_gateway_logging_account, function_role
from .lambda_package import LambdaCode
from .lambda_runtime import LAMBDA_ARCHITECTURE, LAMBDA_RUNTIME, powertools_layer_arn
from .naming import regional_hostname

REGIONAL_API_TYPE = "multi-region-api:index:RegionalApi"


def regional_api_name(name: str, region: str) -> str:
    return f"{name}-{region}"


class RegionalApi(pulumi.ComponentResource):
    """One region of the API. Create with ``providers=[<that region's provider>]``."""

    function_name: pulumi.Output[str]
    shared_domain: CustomDomainTarget
    regional_domain: CustomDomainTarget

    def __init__(
        self,
        name: str,
        region: str,
        settings: ApiSettings,
        *,
        table_arn: pulumi.Output[str],
        table_name: pulumi.Output[str],
        health_check_secret: pulumi.Output[str],
        certificate_arn: pulumi.Input[str],
        code: LambdaCode,
        tags: dict[str, str],
        manage_api_gateway_account: bool,
        opts: pulumi.ResourceOptions,
    ) -> None:
        prefix = regional_api_name(name, region)
        super().__init__(REGIONAL_API_TYPE, prefix, None, opts)
        self.region = region
        self._tags = {**tags, "region": region}
        child = pulumi.ResourceOptions(parent=self)

        log_group = aws.cloudwatch.LogGroup(
            f"{prefix}-function-logs",
            retention_in_days=settings.log_retention_days,
            tags=self._tags,
            opts=child,
        )
        # API Gateway access logs (an ALB logs to S3 only, so it has none).
        access_log_group = (
            aws.cloudwatch.LogGroup(
                f"{prefix}-access-logs",
                retention_in_days=settings.log_retention_days,
                tags=self._tags,
                opts=child,
            )
            if settings.front_door is not FrontDoorKind.ALB
            else None
        )
        app = settings.app
        role, policies = function_role(
            prefix,
            region,
            table_arn=table_arn,
            log_group_arn=log_group.arn,
            tags=self._tags,
            opts=child,
            indexes=[index.name for index in app.indexes] if app else (),
            app_statements=app.policy_statements if app else (),
        )
        # The ALB's target group comes first: the function's environment names it.
        target_group = (
            alb_target_group(
                prefix,
                region,
                settings,
                health_check_secret=health_check_secret,
                tags=self._tags,
                opts=child,
            )
            if settings.front_door is FrontDoorKind.ALB
            else None
        )
        target_group_arn = target_group.arn if target_group else pulumi.Output.from_input("")
        variables = pulumi.Output.all(table_name, health_check_secret, target_group_arn).apply(
            lambda values: {
                **handler_environment(
                    settings, region=region, table_name=values[0], health_check_secret=values[1]
                ),
                **(alb_environment(values[2]) if values[2] else {}),
            }
        )
        environment: pulumi.Output[dict[str, str]] = pulumi.Output.secret(variables)
        self.function = aws.lambda_.Function(
            f"{prefix}-function",
            runtime=LAMBDA_RUNTIME,
            architectures=[LAMBDA_ARCHITECTURE],
            handler=HANDLER,
            code=code.archive,
            role=role.arn,
            memory_size=FUNCTION_MEMORY_MB,
            timeout=FUNCTION_TIMEOUT_SECONDS,
            layers=[powertools_layer_arn(region)],
            tracing_config=aws.lambda_.FunctionTracingConfigArgs(mode="Active"),
            logging_config=aws.lambda_.FunctionLoggingConfigArgs(
                log_format="Text", log_group=log_group.name
            ),
            environment=aws.lambda_.FunctionEnvironmentArgs(variables=environment),
            tags=self._tags,
            opts=pulumi.ResourceOptions.merge(
                child, pulumi.ResourceOptions(depends_on=[*policies, log_group])
            ),
        )
        self.function_name = self.function.name

        stage_depends_on: list[pulumi.Resource] = []
        if manage_api_gateway_account and settings.front_door is FrontDoorKind.REST:
            # Only REST stages log through the account-wide role; HTTP APIs use a linked role.
            stage_depends_on.append(
                api_gateway_logging_account(prefix, tags=self._tags, opts=child)
            )
        built = build_front_door(
            prefix,
            region,
            settings,
            function=self.function,
            access_log_group=access_log_group,
            tags=self._tags,
            opts=child,
            stage_depends_on=stage_depends_on,
            target_group=target_group,
        )
        self.front_door: DoorResources = built.door
        self.front_door_metrics = built.metrics
        self.shared_domain = self.front_door.add_custom_domain(
            "domain", settings.domain_name, certificate_arn
        )
        self.regional_domain = self.front_door.add_custom_domain(
            "regional-domain", regional_hostname(region, settings.domain_name), certificate_arn
        )
        self.register_outputs({"function_name": self.function_name})
