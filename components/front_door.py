"""The seam between a region's entry point and everything that routes traffic to it.

Certificates, DNS records and health checks only need each name's alias target; the dashboard
only needs the entry point's metrics. A REST API (``rest_api.py``), an HTTP API (``http_api.py``)
or an Application Load Balancer (``alb.py``) provide them; ``build_front_door`` picks the one the
stack's ``front_door`` names and grants it the right to invoke the dispatcher function.

**Switching doors on a live stack.** To or from ``alb`` is one ``pulumi up``: the records move to
the new target in place, then the old door goes. Between ``rest`` and ``http`` it is a two-step
through ``alb``: API Gateway keeps one custom-domain namespace per region for REST (v1) and HTTP
(v2) APIs, each door's domains are resources of its own API version, and Pulumi creates the new
domain while the old one still holds the name, which API Gateway refuses. One domain resource for
both doors would avoid it (a v2 API mapping can map a REST stage onto a regional custom domain),
but every deployed stack of one door would then hit this very collision once, on upgrade, and
deleting a domain first leaves the API's names without TLS for minutes. The component cannot see
the previous door in its arguments, so ``front_door_guard.py`` keeps it in a dynamic resource whose
``check`` the engine calls with the old and new door: the switch is refused at preview, naming the
two-step. ``tests/matrix/test_switch_safety.py`` pins that it would collide, that the guard
refuses it, and that each step of the two-step neither collides nor is refused.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import pulumi
import pulumi_aws as aws
from multi_region_api.handlers.contract import FrontDoor as FrontDoorKind

from .args import ApiSettings


@dataclass(frozen=True)
class CustomDomainTarget:
    """What a Route 53 alias record points at: a custom domain's or a load balancer's name."""

    hostname: str
    regional_domain_name: pulumi.Output[str]
    regional_zone_id: pulumi.Output[str]


@dataclass(frozen=True)
class FrontDoorMetrics:
    """What the dashboard plots for one region's entry point: plain values, resolved."""

    label: str
    namespace: str
    dimensions: tuple[str, ...]
    """Alternating dimension names and values, as CloudWatch dashboard metric arrays take them."""
    client_errors: str
    server_errors: str
    latency: str
    entry_errors: tuple[str, ...] = ()
    """Server errors the entry point answers itself, plotted next to ``server_errors``: an ALB
    turns a Lambda error, timeout or throttle into its own 502/503/504, never a target 5xx."""


class DoorResources(Protocol):
    """A regional entry point in front of the dispatcher function."""

    def add_custom_domain(
        self, suffix: str, hostname: str, certificate_arn: pulumi.Input[str]
    ) -> CustomDomainTarget:
        """Serve the API on ``hostname`` (TLS with ``certificate_arn``) under the base path."""
        ...


@dataclass(frozen=True)
class BuiltFrontDoor:
    door: DoorResources
    metrics: pulumi.Output[FrontDoorMetrics]


def rest_metrics(api_name: str, stage_name: str) -> FrontDoorMetrics:
    return FrontDoorMetrics(
        label="API Gateway REST",
        namespace="AWS/ApiGateway",
        dimensions=("ApiName", api_name, "Stage", stage_name),
        client_errors="4XXError",
        server_errors="5XXError",
        latency="Latency",
    )


def build_front_door(
    prefix: str,
    region: str,
    settings: ApiSettings,
    *,
    function: aws.lambda_.Function,
    access_log_group: aws.cloudwatch.LogGroup | None,
    tags: dict[str, str],
    opts: pulumi.ResourceOptions,
    stage_depends_on: Sequence[pulumi.Resource] = (),
    target_group: aws.lb.TargetGroup | None = None,
) -> BuiltFrontDoor:
    """The stack's front door for one region, allowed to invoke ``function`` and nothing more.

    ``opts`` carries the regional component as parent (and so its provider); resources keep the
    names they had before front doors were selectable, so a REST stack's URNs never change.
    """
    kind = settings.front_door
    if kind is FrontDoorKind.ALB:
        from .alb import AlbFrontDoor

        if target_group is None:
            raise ValueError("the alb front door needs its target group (alb_target_group)")
        alb = AlbFrontDoor(
            prefix,
            region,
            settings,
            function=function,
            target_group=target_group,
            tags=tags,
            opts=opts,
        )
        return BuiltFrontDoor(alb, alb.metrics)

    if access_log_group is None:
        raise ValueError(f"the {kind.value} front door needs an access log group")
    execution_arn: pulumi.Output[str]
    door: DoorResources
    if kind is FrontDoorKind.HTTP:
        from .http_api import HttpApiFrontDoor

        http = HttpApiFrontDoor(
            prefix,
            function=function,
            access_log_group=access_log_group,
            base_path=settings.base_path,
            tags=tags,
            opts=opts,
        )
        door, execution_arn, metrics = http, http.execution_arn, http.metrics
    else:
        from .rest_api import RestApiFrontDoor

        rest = RestApiFrontDoor(
            prefix,
            function=function,
            access_log_group=access_log_group,
            base_path=settings.base_path,
            tags=tags,
            opts=opts,
            stage_depends_on=stage_depends_on,
        )
        door, execution_arn = rest, rest.execution_arn
        metrics = pulumi.Output.all(rest.api_name, rest.stage_name).apply(
            lambda v: rest_metrics(v[0], v[1])
        )
    aws.lambda_.Permission(
        f"{prefix}-invoke-permission",
        action="lambda:InvokeFunction",
        function=function.name,
        principal="apigateway.amazonaws.com",
        # Any stage, method and path of this API only.
        source_arn=execution_arn.apply(lambda arn: f"{arn}/*/*"),
        opts=opts,
    )
    return BuiltFrontDoor(door, metrics)
