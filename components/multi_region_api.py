"""``MultiRegionApi``: the same serverless API active-active in several AWS regions.

No ``from __future__ import annotations`` here: Pulumi's component provider host reads the
``args`` annotation and the class-level output annotations at runtime to infer the schema.
"""

import typing
from collections.abc import Mapping

import pulumi
import pulumi_aws as aws

from . import discovery
from .alb import AlbFrontDoor
from .args import ApiSettings, MultiRegionApiArgs, resolve_args
from .aws_limits import check_health_check_secret, check_physical_names, dashboard_name
from .certificates import validated_certificates
from .dashboard import create_dashboard
from .dns import RegionEndpoint, regional_records, routed_records
from .global_accelerator import Accelerator, accelerator_records, global_accelerator
from .global_table import global_table
from .health_check_secret import health_check_secret
from .health_checks import alarm_topic, health_alarm, health_check
from .iam import check_app_policy_size
from .lambda_package import lambda_code
from .naming import base_url, regional_urls
from .providers import make_providers
from .region_switch import RegionSwitchPlan, region_switch_plan
from .regional_api import REGIONAL_API_TYPE, RegionalApi, regional_api_name
from .stack_config import camel_case
from .vpc import answers_ipv6

COMPONENT_TYPE = "multi-region-api:index:MultiRegionApi"
ROOT_STACK_TYPE = "pulumi:pulumi:Stack"


def _checked_secret(given: pulumi.Input[str] | None, base_path: str) -> pulumi.Input[str] | None:
    """A plain secret is checked now; one from config (an ``Output``) as soon as it resolves,
    which ``pulumi preview`` already does, so neither waits for ``up``."""
    if given is None:
        return None
    if isinstance(given, str):
        return check_health_check_secret(given, base_path)
    secret: pulumi.Output[str] = pulumi.Output.from_input(given)
    return secret.apply(lambda value: check_health_check_secret(value, base_path))


class MultiRegionApi(pulumi.ComponentResource):
    """An active-active serverless API in several AWS regions behind one latency-routed name,
    with a DynamoDB global table and Route 53 health checks that pull a failed region out of DNS."""

    url: pulumi.Output[str]
    """``https://<domain_name>[/<base_path>]``: the nearest healthy region."""
    regional_urls: pulumi.Output[dict[str, str]]
    """Region -> ``https://<region>.<domain_name>[/<base_path>]``."""
    table_name: pulumi.Output[str]
    """Name of the DynamoDB global table (the same in every region)."""
    health_check_ids: pulumi.Output[dict[str, str]]
    """Region -> Route 53 health check id."""
    function_names: pulumi.Output[dict[str, str]]
    """Region -> Lambda function name."""
    dashboard_url: pulumi.Output[str]
    """Console URL of the CloudWatch dashboard (home region) with a row per region."""
    static_ips: pulumi.Output[list[str]]
    """The Global Accelerator's static anycast IPs (empty without one)."""
    region_switch_plan_arn: pulumi.Output[str]
    """ARN of the ARC Region switch plan (empty without ``region_switch``), e.g. to make it a
    child of a parent plan."""

    def _regional_api_urn(self, regional_name: str) -> pulumi.Output[str]:
        """The URN a ``RegionalApi`` child named ``regional_name`` has (or will have).

        ``urn:pulumi:<stack>::<project>::<parent types>$<type>::<name>``, built from this
        component's URN; the engine never lists the root stack's type among the parent types.
        """

        def child(parent: str) -> str:
            stack, project, types, _ = parent.split("::", 3)
            types = types.removeprefix(f"{ROOT_STACK_TYPE}$")
            return f"{stack}::{project}::{types}${REGIONAL_API_TYPE}::{regional_name}"

        return self.urn.apply(child)

    def __init__(
        self,
        name: str,
        args: MultiRegionApiArgs,
        opts: pulumi.ResourceOptions | None = None,
        *,
        providers: Mapping[str, aws.Provider] | None = None,
    ) -> None:
        """``providers`` maps a region (or ``"global"`` for us-east-1 Route 53 resources, or
        ``"accelerator"`` for the us-west-2 Global Accelerator API) to the caller's provider, e.g.
        for another account; missing ones are created."""
        settings = resolve_args(args)
        discovery.record(name, args, settings)
        check_physical_names(name, settings, project=pulumi.get_project(), stack=pulumi.get_stack())
        if settings.app is not None:
            check_app_policy_size(
                settings.app.policy_statements, [index.name for index in settings.app.indexes]
            )
        # Built before anything is registered: a collision or an oversized archive is an
        # ArgsError like any other bad argument.
        code = lambda_code(settings.app)
        given_secret = _checked_secret(args.get("health_check_secret"), settings.base_path)
        super().__init__(COMPONENT_TYPE, name, None, opts)
        self.settings: ApiSettings = settings
        tags = {**settings.tags, "stack": pulumi.get_stack(), "component": name}

        made = make_providers(name, settings, self, providers)
        on_global = pulumi.ResourceOptions(parent=self, provider=made.global_)
        secret = health_check_secret(name, given_secret, self)
        table = global_table(
            f"{name}-table",
            settings,
            tags=tags,
            opts=pulumi.ResourceOptions(parent=self, provider=made.regional[settings.home_region]),
        )

        regions = sorted(settings.regions)
        certificate_arns = validated_certificates(
            name,
            settings,
            tags=tags,
            parent=self,
            regional=made.regional,
            on_global=on_global,
            aliases_for=lambda region: [
                pulumi.Alias(parent=self._regional_api_urn(regional_api_name(name, region)))
            ],
        )
        apis = {
            region: RegionalApi(
                name,
                region,
                settings,
                table_arn=table.arn,
                table_name=table.name,
                health_check_secret=secret,
                certificate_arn=certificate_arns[region],
                code=code,
                tags=tags,
                manage_api_gateway_account=settings.manage_api_gateway_account,
                opts=pulumi.ResourceOptions(parent=self, providers=[made.regional[region]]),
            )
            for region in regions
        }

        accelerator: Accelerator | None = None
        if settings.global_accelerator:
            albs = {r: api.front_door for r, api in apis.items()}
            if made.accelerator is None or not all(
                isinstance(alb, AlbFrontDoor) for alb in albs.values()
            ):
                raise ValueError("global_accelerator needs the alb front door in every region")
            accelerator = global_accelerator(
                name,
                settings,
                {r: alb for r, alb in albs.items() if isinstance(alb, AlbFrontDoor)},
                tags=tags,
                opts=pulumi.ResourceOptions(parent=self, provider=made.accelerator),
            )
            accelerator_records(
                name,
                hosted_zone_id=settings.hosted_zone_id,
                hostname=settings.domain_name,
                accelerator=accelerator,
                opts=on_global,
            )

        topic = alarm_topic(name, settings, tags=tags, opts=on_global)
        checks: dict[str, aws.route53.HealthCheck] = {}
        alarms: dict[str, aws.cloudwatch.MetricAlarm] = {}
        for region, api in apis.items():
            checks[region] = health_check(
                name, region, settings, secret=secret, tags=tags, opts=on_global
            )
            alarms[region] = health_alarm(
                name, region, check=checks[region], topic=topic, tags=tags, opts=on_global
            )
            regional_records(
                name,
                region,
                hosted_zone_id=settings.hosted_zone_id,
                target=api.regional_domain,
                dual_stack=answers_ipv6(settings, region),
                opts=on_global,
            )
        switch: RegionSwitchPlan | None = None
        if settings.region_switch:  # args refuse it with an accelerator
            switch = region_switch_plan(
                name, settings, endpoint_checks=checks, alarms=alarms, tags=tags, opts=on_global
            )
        if accelerator is None:  # else the shared name is the accelerator's
            record_checks = {r: c.id for r, c in checks.items()}
            if switch is not None:
                record_checks = switch.routing_check_ids
            routed_records(
                name,
                domain_name=settings.domain_name,
                hosted_zone_id=settings.hosted_zone_id,
                endpoints={
                    r: RegionEndpoint(api.shared_domain, record_checks[r])
                    for r, api in apis.items()
                },
                routing=settings.routing,
                dual_stack=all(answers_ipv6(settings, r) for r in regions),
                opts=on_global,
            )

        _, self.dashboard_url = create_dashboard(
            f"{name}-dashboard",
            dashboard_name=dashboard_name(pulumi.get_project(), pulumi.get_stack(), name),
            home_region=settings.home_region,
            function_names=pulumi.Output.all(**{r: api.function_name for r, api in apis.items()}),
            front_doors=pulumi.Output.all(**{r: api.front_door_metrics for r, api in apis.items()}),
            accelerator=accelerator.metrics if accelerator else None,
            health_check_ids=pulumi.Output.all(**{r: c.id for r, c in checks.items()}),
            table_name=table.name,
            opts=pulumi.ResourceOptions(parent=self, provider=made.regional[settings.home_region]),
        )

        self.url = pulumi.Output.from_input(base_url(settings.domain_name, settings.base_path))
        self.regional_urls = pulumi.Output.from_input(
            regional_urls(settings.regions, settings.domain_name, settings.base_path)
        )
        self.table_name = table.name
        self.health_check_ids = pulumi.Output.all(
            **{region: check.id for region, check in checks.items()}
        )
        self.function_names = pulumi.Output.all(
            **{region: api.function_name for region, api in apis.items()}
        )
        self.static_ips = accelerator.static_ips if accelerator else pulumi.Output.from_input([])
        self.region_switch_plan_arn = switch.plan.arn if switch else pulumi.Output.from_input("")
        self.register_outputs({name: getattr(self, name) for name in OUTPUTS})


def _is_output(hint: object) -> bool:
    origin: object = typing.get_origin(hint)
    return origin is pulumi.Output


OUTPUTS: tuple[str, ...] = tuple(
    name for name, hint in MultiRegionApi.__annotations__.items() if _is_output(hint)
)
"""The component's outputs, in declaration order: its ``pulumi.Output`` annotations, which the
component provider also reads for the schema. Everything else that lists outputs derives from
this (``register_outputs``, the stack program's exports, ops, tests)."""
STACK_OUTPUTS: dict[str, str] = {name: camel_case(name) for name in OUTPUTS}
"""Output -> its name as the stack program exports it (``pulumi stack output --json``)."""
