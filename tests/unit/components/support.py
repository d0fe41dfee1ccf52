"""Build the component's resource graph under Pulumi mocks and record every registration.

The mocks answer like AWS would for one account: ARNs carry the resource's region (taken from its
provider) and account, API Gateway custom domains get the real regional hosted zone ids, and ACM
gives the same validation record for the same name in every region. In preview mode a new
resource's computed outputs are unknown, as in ``pulumi preview``.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import runpy
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pulumi
from multi_region_api.components import MultiRegionApi, MultiRegionApiArgs
from multi_region_api.components.stack_config import (
    load_stack_settings,
    read_stack_file,
    stack_file,
)
from multi_region_api.handlers import contract
from pulumi.runtime import rpc
from pulumi.runtime.mocks import MockMonitor
from pulumi.runtime.stack import Stack

ROOT = Path(__file__).resolve().parents[3]
PROJECT = contract.SERVICE_NAME
ACCOUNT = "123456789012"
# API Gateway regional endpoints' Route 53 hosted zone ids (AWS General Reference).
API_GATEWAY_ZONE_IDS = {
    "us-east-1": "Z1UJRXOUMOOFQ8",
    "us-east-2": "ZOJJZC49E0EPZ",
    "us-west-1": "Z2MUQ32089INYE",
    "us-west-2": "Z2OJLYMUO9EFXC",
    "eu-west-1": "ZLY8HYME6SFDD",
    "eu-west-2": "ZJ5UAJN8Y3Z2Q",
    "eu-west-3": "Z3KY65QIEKYHQQ",
    "eu-central-1": "Z1U9ULNL0V5AJ3",
    "eu-north-1": "Z3UWIKFBOOGXPP",
    "ap-southeast-1": "ZL327KTPIQFUL",
    "ap-southeast-2": "Z2RPCDW04V8134",
    "ap-northeast-1": "Z1YSHQZHG15GKL",
    "ap-northeast-2": "Z20JF4UZKIW1U8",
    "ap-south-1": "Z3VO1THU9YC4UR",
    "ca-central-1": "Z19DQILCV0OWEC",
    "sa-east-1": "ZCMLWB8V5SYIT",
}
# Pulumi autonames these properties ``<logical name>-<7 hex digits>`` when they are not given.
AUTONAMED = {
    "aws:iam/role:Role": "name",
    "aws:iam/rolePolicy:RolePolicy": "name",
    "aws:lambda/function:Function": "name",
    "aws:lambda/permission:Permission": "statementId",
    "aws:cloudwatch/logGroup:LogGroup": "name",
    "aws:cloudwatch/metricAlarm:MetricAlarm": "name",
    "aws:apigateway/restApi:RestApi": "name",
    "aws:sns/topic:Topic": "name",
    "aws:dynamodb/table:Table": "name",
    "aws:lb/loadBalancer:LoadBalancer": "name",
    "aws:lb/targetGroup:TargetGroup": "name",
    "aws:ec2/securityGroup:SecurityGroup": "name",
    "aws:apigatewayv2/api:Api": "name",
}
# Where pulumi-aws caps the autoname, a logical name too long for it fails the resource like
# Pulumi does ("name '<logical>-' plus 7 random chars is longer than maximum length 32").
AUTONAME_MAX_LENGTH = {
    "aws:lb/loadBalancer:LoadBalancer": 32,
    "aws:lb/targetGroup:TargetGroup": 32,
}
# Application Load Balancers' canonical hosted zone ids (AWS General Reference, ELB endpoints).
ALB_ZONE_IDS = {
    "us-east-1": "Z35SXDOTRQ7X7K",
    "us-east-2": "Z3AADJGX6KTTL2",
    "us-west-1": "Z368ELLRRE2KJ0",
    "us-west-2": "Z1H1FL5HABSF5",
    "eu-west-1": "Z32O12XQLNTSW2",
    "eu-west-2": "ZHURV8PSTC4K8",
    "eu-west-3": "Z3Q77PNBQS71R4",
    "eu-central-1": "Z215JYRZR1TBD5",
    "ap-southeast-1": "Z1LMS91P8CMLE5",
    "ap-southeast-2": "Z1GM3OXH4ZPM65",
    "ap-northeast-1": "Z14GRHDCWA56QT",
    "ap-south-1": "ZP97RAFLXTNZK",
    "ca-central-1": "ZQSVJUPU6J1EY",
    "sa-east-1": "Z2P70J7HTTTPLU",
}
GLOBAL_ACCELERATOR_ZONE_ID = "Z2BJ6XQ5FK7U4H"
# Opted-in Local Zones: DescribeAvailabilityZones lists them with the regular zones, and they sort
# first (``us-west-2-lax-1a`` < ``us-west-2a``) unless the ``zone-type`` filter leaves them out.
LOCAL_ZONES = {"us-east-1": "us-east-1-bos-1a", "us-west-2": "us-west-2-lax-1a"}
STACKS = ("us", "eu")
MODES = ("preview", "update")


def _h(*parts: str, length: int = 10) -> str:
    return hashlib.sha256("/".join(parts).encode()).hexdigest()[:length]


def zone_id(known: Mapping[str, str], region: str) -> str:
    """The region's real zone id; regions outside the table (the longest-name tests) get a
    synthetic one of the same shape."""
    return known.get(region, f"Z{_h(region).upper()}")


def plain(value: Any) -> Any:
    """``value`` with Pulumi's secret wrappers removed (recursively)."""
    if rpc.is_rpc_secret(value):
        return plain(rpc.unwrap_rpc_secret(value))
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, pulumi.AssetArchive):
        return {"archive": {k: plain(v) for k, v in value.assets.items()}}
    if isinstance(value, pulumi.FileAsset):
        return {"file": value.path}
    return value


@dataclass(frozen=True)
class Registered:
    urn: str
    state_id: str
    type: str
    name: str
    parent: str
    provider: str  # "<provider urn>::<id>" or "" (the default provider)
    providers: dict[str, str]
    custom: bool
    delete_before_replace: bool
    inputs: dict[str, Any]  # secrets still wrapped
    state: dict[str, Any]  # what the mocks answered
    alias_parents: list[str]  # the parent URN of each alias (a former place in the tree)
    dependencies: tuple[str, ...] = ()  # urns of depends_on (and input) dependencies
    alias_names: tuple[str, ...] = ()  # the name of each alias given by name (a former name)

    @property
    def plain_inputs(self) -> dict[str, Any]:
        return plain(self.inputs)

    @property
    def provider_urn(self) -> str:
        return self.provider.rsplit("::", 1)[0]


def _availability_zones(region: str, filters: list[dict[str, Any]]) -> list[dict[str, str]]:
    """The region's zones as EC2 describes them, with DescribeAvailabilityZones' filters applied
    (``zone-type``, ``opt-in-status``; a zone matches a filter when any of its values match)."""
    zones = [
        {
            "ZoneName": f"{region}{z}",
            "ZoneType": "availability-zone",
            "OptInStatus": "opt-in-not-required",
        }
        for z in "abc"
    ]
    if region in LOCAL_ZONES:
        zones.append(
            {"ZoneName": LOCAL_ZONES[region], "ZoneType": "local-zone", "OptInStatus": "opted-in"}
        )
    fields = {"zone-type": "ZoneType", "opt-in-status": "OptInStatus", "zone-name": "ZoneName"}
    for given in filters:
        if given["name"] not in fields:
            raise AssertionError(f"getAvailabilityZones filter {given['name']!r} is not mocked")
        zones = [z for z in zones if z[fields[given["name"]]] in given["values"]]
    return zones


class AwsMocks(pulumi.runtime.Mocks):
    def __init__(
        self, *, preview: bool, function_suffix: str = "", arc_checks_per_read: int | None = None
    ) -> None:
        self.preview = preview
        self.function_suffix = function_suffix
        self.arc_checks_per_read = arc_checks_per_read
        """ARC allocates a plan's health checks after CreatePlan returns: the n-th read of them
        sees ``n * arc_checks_per_read`` (None: all at once)."""
        self.arc_reads: dict[str, int] = {}
        self.provider_regions: dict[str, str] = {}
        self.invokes: list[tuple[str, str]] = []
        self.plans: dict[str, dict[str, Any]] = {}
        """ARN -> inputs of every Region switch plan, for its health-check data source."""

    def call(self, args: pulumi.runtime.MockCallArgs) -> dict[str, Any]:
        if args.token == "aws:index/getAvailabilityZones:getAvailabilityZones":
            region = self.provider_regions.get((args.provider or "").rsplit("::", 1)[-1])
            if region is None:
                raise AssertionError("getAvailabilityZones without an explicit regional provider")
            self.invokes.append((args.token, region))
            zones = _availability_zones(region, args.args.get("filters") or [])
            names = [z["ZoneName"] for z in zones]
            return {"names": names, "zoneIds": [_h(n, length=8) for n in names], "id": region}
        if args.token == "aws:arcregionswitch/getRoute53HealthChecks:getRoute53HealthChecks":
            self.invokes.append(
                (
                    args.token,
                    self.provider_regions.get((args.provider or "").rsplit("::", 1)[-1], ""),
                )
            )
            return {
                "planArn": args.args["planArn"],
                **self._arc_health_checks(args.args["planArn"]),
            }
        raise AssertionError(f"unexpected invoke {args.token}")

    def _arc_health_checks(self, plan_arn: str) -> dict[str, Any]:
        """What ARC creates for a plan: one check per region and Route 53 step's record name."""
        plan = self.plans[plan_arn]
        configs = [
            config
            for workflow in plan["workflows"][:1]
            for step in workflow["steps"]
            for config in step.get("route53HealthCheckConfigs", [])
        ]
        checks = [
            {
                "healthCheckId": f"{_h(plan_arn, c['recordName'], region, length=8)}-arc",
                "hostedZoneId": c["hostedZoneId"],
                "recordName": c["recordName"],
                "region": region,
                "status": "healthy",
            }
            for c in configs
            for region in plan["regions"]
        ]
        self.arc_reads[plan_arn] = self.arc_reads.get(plan_arn, 0) + 1
        if self.arc_checks_per_read is not None:
            checks = checks[: self.arc_reads[plan_arn] * self.arc_checks_per_read]
        return {"healthChecks": checks}

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str, dict[str, Any]]:
        inputs = plain(args.inputs)
        resource_id = f"{_h(args.typ, args.name)}"
        if args.typ == "pulumi:providers:aws":
            self.provider_regions[resource_id] = inputs["region"]
            return resource_id, args.inputs
        if self.preview or not args.custom:
            # A new resource's computed outputs are unknown during a preview.
            return "", args.inputs if self.preview else {}
        region = self.provider_regions.get((args.provider or "").rsplit("::", 1)[-1], "")
        named = self._autonamed(args, inputs, resource_id)
        computed = self._computed(args, {**inputs, **named}, resource_id, region)
        return resource_id, {**args.inputs, **named, **computed}

    def _autonamed(
        self, args: pulumi.runtime.MockResourceArgs, inputs: dict[str, Any], rid: str
    ) -> dict[str, Any]:
        """The name Pulumi would give the resource: the given one, or ``<name>-<7 hex>``."""
        prop = AUTONAMED.get(args.typ)
        if prop is None:
            return {}
        if inputs.get(prop):
            return {prop: inputs[prop]}
        longest = AUTONAME_MAX_LENGTH.get(args.typ)
        if longest is not None and len(args.name) + 8 > longest:
            raise ValueError(
                f"could not make instance of {args.typ!r}: name '{args.name}-' plus 7 random "
                f"chars is longer than maximum length {longest}"
            )
        return {prop: f"{args.name}-{rid[:7]}"}

    def _computed(
        self, args: pulumi.runtime.MockResourceArgs, inputs: dict[str, Any], rid: str, region: str
    ) -> dict[str, Any]:
        name = inputs.get("name", "")
        typ = args.typ
        if typ == "aws:lambda/function:Function":
            name = f"{name}{self.function_suffix}"
            arn = f"arn:aws:lambda:{region}:{ACCOUNT}:function:{name}"
            return {
                "name": name,
                "arn": arn,
                "invokeArn": f"arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/"
                f"{arn}/invocations",
            }
        if typ == "aws:apigateway/restApi:RestApi":
            return {
                "name": name,
                "rootResourceId": _h(rid, "root"),
                "executionArn": f"arn:aws:execute-api:{region}:{ACCOUNT}:{rid}",
                "arn": f"arn:aws:apigateway:{region}::/restapis/{rid}",
            }
        if typ == "aws:apigatewayv2/api:Api":
            api_id = rid[:10]
            return {
                "executionArn": f"arn:aws:execute-api:{region}:{ACCOUNT}:{api_id}",
                "arn": f"arn:aws:apigateway:{region}::/apis/{api_id}",
                "apiEndpoint": f"https://{api_id}.execute-api.{region}.amazonaws.com",
            }
        if typ == "aws:apigatewayv2/domainName:DomainName":
            configuration = inputs["domainNameConfiguration"]
            return {
                "arn": f"arn:aws:apigateway:{region}::/domainnames/{inputs['domainName']}",
                "domainNameConfiguration": {
                    **configuration,
                    "targetDomainName": f"d-{rid}.execute-api.{region}.amazonaws.com",
                    "hostedZoneId": zone_id(API_GATEWAY_ZONE_IDS, region),
                },
            }
        if typ == "aws:lb/loadBalancer:LoadBalancer":
            lb_name = name
            suffix = f"app/{lb_name}/{_h(rid, 'lb', length=16)}"
            dualstack = "dualstack." if inputs.get("ipAddressType") == "dualstack" else ""
            return {
                "name": lb_name,
                "arn": f"arn:aws:elasticloadbalancing:{region}:{ACCOUNT}:loadbalancer/{suffix}",
                "arnSuffix": suffix,
                "dnsName": f"{dualstack}{lb_name}-{_h(rid, length=9)}.{region}.elb.amazonaws.com",
                "zoneId": zone_id(ALB_ZONE_IDS, region),
            }
        if typ == "aws:lb/targetGroup:TargetGroup":
            tg = name
            suffix = f"targetgroup/{tg}/{_h(rid, 'tg', length=16)}"
            return {
                "name": tg,
                "arn": f"arn:aws:elasticloadbalancing:{region}:{ACCOUNT}:{suffix}",
                "arnSuffix": suffix,
            }
        if typ == "aws:ec2/vpc:Vpc":
            return {
                "arn": f"arn:aws:ec2:{region}:{ACCOUNT}:vpc/vpc-{rid[:17]}",
                "ipv6CidrBlock": f"2600:1f18:{rid[:4]}:{rid[4:6]}00::/56",
            }
        if typ == "aws:globalaccelerator/accelerator:Accelerator":
            host = f"a{_h(rid, length=16)}"
            dual = inputs.get("ipAddressType") == "DUAL_STACK"
            ip_sets = [{"ipFamily": "IPv4", "ipAddresses": ["75.2.11.29", "99.83.190.102"]}]
            if dual:
                ip_sets.append(
                    {"ipFamily": "IPv6", "ipAddresses": ["2600:9000:a400::1", "2600:9000:a500::1"]}
                )
            return {
                "arn": f"arn:aws:globalaccelerator::{ACCOUNT}:accelerator/{_h(rid, length=36)}",
                "dnsName": f"{host}.awsglobalaccelerator.com",
                "dualStackDnsName": f"{host}.dualstack.awsglobalaccelerator.com" if dual else "",
                "hostedZoneId": GLOBAL_ACCELERATOR_ZONE_ID,
                "ipSets": ip_sets,
            }
        if typ == "aws:apigateway/resource:Resource":
            return {"path": f"/{inputs['pathPart']}"}
        if typ == "aws:apigateway/domainName:DomainName":
            return {
                "regionalDomainName": f"d-{rid}.execute-api.{region}.amazonaws.com",
                "regionalZoneId": zone_id(API_GATEWAY_ZONE_IDS, region),
                "arn": f"arn:aws:apigateway:{region}::/domainnames/{inputs['domainName']}",
            }
        if typ == "aws:acm/certificate:Certificate":
            names = [inputs["domainName"], *inputs.get("subjectAlternativeNames", [])]
            return {
                "arn": f"arn:aws:acm:{region}:{ACCOUNT}:certificate/{rid}",
                # Same account, same name: the same record in every region.
                "domainValidationOptions": [
                    {
                        "domainName": n,
                        "resourceRecordName": f"_{_h(n, length=32)}.{n}.",
                        "resourceRecordType": "CNAME",
                        "resourceRecordValue": f"_{_h('value', n, length=32)}.acm-validations.aws.",
                    }
                    for n in names
                ],
            }
        if typ == "aws:acm/certificateValidation:CertificateValidation":
            return {"certificateArn": inputs["certificateArn"]}
        if typ == "aws:arcregionswitch/plan:Plan":
            arn = f"arn:aws:arc-region-switch::{ACCOUNT}:plan/{name}:{rid[:6]}"
            self.plans[arn] = inputs
            return {"arn": arn, "owner": ACCOUNT}
        if typ == "aws:route53/record:Record":
            return {"fqdn": inputs["name"].rstrip(".")}
        if typ == "aws:route53/healthCheck:HealthCheck":
            return {"arn": f"arn:aws:route53:::healthcheck/{rid}"}
        if typ == "aws:dynamodb/table:Table":
            arn = f"arn:aws:dynamodb:{region}:{ACCOUNT}:table/{name}"
            return {
                "name": name,
                "arn": arn,
                "streamArn": f"{arn}/stream/2025-01-01T00:00:00.000",
                "replicas": [
                    {**r, "arn": f"arn:aws:dynamodb:{r['regionName']}:{ACCOUNT}:table/{name}"}
                    for r in inputs.get("replicas", [])
                ],
            }
        if typ == "aws:cloudwatch/logGroup:LogGroup":
            return {"name": name, "arn": f"arn:aws:logs:{region}:{ACCOUNT}:log-group:{name}"}
        if typ == "aws:iam/role:Role":
            return {"name": name, "arn": f"arn:aws:iam::{ACCOUNT}:role/{name}"}
        if typ == "aws:cloudwatch/metricAlarm:MetricAlarm":
            return {"name": name, "arn": f"arn:aws:cloudwatch:{region}:{ACCOUNT}:alarm:{name}"}
        if typ == "aws:sns/topic:Topic":
            return {"name": name, "arn": f"arn:aws:sns:{region}:{ACCOUNT}:{name}"}
        if typ == "random:index/randomPassword:RandomPassword":
            return {"result": _h("password", args.name, length=32)}
        return {"arn": f"arn:aws:{typ.split(':')[1].split('/')[0]}:{region}:{ACCOUNT}:{rid}"}


class RecordingMonitor(MockMonitor):
    """The mock monitor, also keeping parent, provider and secret markings of each registration."""

    def __init__(self, mocks: AwsMocks) -> None:
        super().__init__(mocks)
        self.aws = mocks
        self.registered: list[Registered] = []

    def RegisterResource(self, request: Any) -> Any:
        response = super().RegisterResource(request)
        if request.type != "pulumi:pulumi:Stack":
            self.registered.append(
                Registered(
                    urn=response.urn,
                    state_id=response.id,
                    type=request.type,
                    name=request.name,
                    parent=request.parent,
                    provider=request.provider,
                    providers=dict(request.providers),
                    custom=request.custom,
                    delete_before_replace=request.deleteBeforeReplace,
                    inputs=rpc.deserialize_properties(request.object, keep_unknowns=True),
                    state=self.resources[response.urn].state,
                    alias_parents=[a.spec.parentUrn for a in request.aliases],
                    dependencies=tuple(request.dependencies),
                    alias_names=tuple(a.spec.name for a in request.aliases if a.spec.name),
                )
            )
        return response


@dataclass
class Graph:
    resources: list[Registered]
    outputs: dict[str, Any]
    secret_outputs: dict[str, bool]
    invokes: list[tuple[str, str]] = field(default_factory=list)
    """(token, region of the provider it went through) of every data-source call."""

    def of_type(self, typ: str) -> list[Registered]:
        return [r for r in self.resources if r.type == typ]

    def named(self, name: str) -> Registered:
        (match,) = [r for r in self.resources if r.name == name]
        return match

    def by_urn(self, urn: str) -> Registered:
        (match,) = [r for r in self.resources if r.urn == urn]
        return match

    def aws_providers(self) -> dict[str, str]:
        """Provider urn -> region."""
        return {
            r.urn: r.plain_inputs["region"]
            for r in self.resources
            if r.type == "pulumi:providers:aws"
        }

    def urns(self) -> set[str]:
        return {r.urn for r in self.resources}


def _settle(
    program: Callable[[], Mapping[str, pulumi.Output[Any]]],
    *,
    stack: str,
    preview: bool,
    function_suffix: str = "",
    arc_checks_per_read: int | None = None,
) -> tuple[RecordingMonitor, dict[str, Any], dict[str, bool]]:
    mocks = AwsMocks(
        preview=preview, function_suffix=function_suffix, arc_checks_per_read=arc_checks_per_read
    )
    monitor = RecordingMonitor(mocks)
    pulumi.runtime.set_mocks(mocks, project=PROJECT, stack=stack, preview=preview, monitor=monitor)
    values: dict[str, Any] = {}
    secrets: dict[str, bool] = {}

    @pulumi.runtime.test
    def run() -> pulumi.Output[None]:
        outputs = program()

        async def settle() -> None:
            for key, exported in outputs.items():
                # ``pulumi.export`` takes plain values too (the cost and failover estimates).
                output = pulumi.Output.from_input(exported)
                values[key] = await output.future()
                secrets[key] = await output.is_secret()

        return pulumi.Output.from_input(asyncio.ensure_future(settle()))

    run()
    return monitor, values, secrets


OUTPUTS = (
    "url",
    "regional_urls",
    "table_name",
    "health_check_ids",
    "function_names",
    "dashboard_url",
    "static_ips",
    "region_switch_plan_arn",
)


def build_graph(
    args: MultiRegionApiArgs,
    *,
    name: str = "api",
    stack: str = "us",
    preview: bool = False,
    function_suffix: str = "",
    make_kwargs: Callable[[], dict[str, Any]] | None = None,
    arc_checks_per_read: int | None = None,
) -> Graph:
    """Construct ``MultiRegionApi("api", args)`` under fresh mocks and wait for every resource.

    ``make_kwargs`` runs inside the mocked program (resources such as providers must be created
    there) and returns extra keyword arguments for the constructor.
    """

    def program() -> dict[str, pulumi.Output[Any]]:
        api = MultiRegionApi(name, args, **(make_kwargs() if make_kwargs else {}))
        return {name: getattr(api, name) for name in OUTPUTS}

    monitor, values, secrets = _settle(
        program,
        stack=stack,
        preview=preview,
        function_suffix=function_suffix,
        arc_checks_per_read=arc_checks_per_read,
    )
    return Graph(
        resources=list(monitor.registered),
        outputs=values,
        secret_outputs=secrets,
        invokes=list(monitor.aws.invokes),
    )


def stack_args(stack: str) -> MultiRegionApiArgs:
    return load_stack_settings(stack, ROOT).args


def config_values(stack: str) -> dict[str, str]:
    """The stack file's ``multi-region-api:*`` config as ``pulumi.Config`` stores it (JSON for
    objects), so the stack program reads it exactly as ``pulumi up`` would."""
    values = read_stack_file(stack_file(stack, ROOT))
    return {
        f"{PROJECT}:{key}": value if isinstance(value, str) else json.dumps(value)
        for key, value in values.items()
    }


def run_stack_program(
    stack: str, *, preview: bool = False, extra_config: Mapping[str, str] | None = None
) -> Graph:
    """Run ``__main__.py`` with the stack file's config, as ``pulumi up --stack <stack>`` would.

    ``extra_config`` values are set as secret config (like ``pulumi config set --secret``).
    ``Graph.outputs`` are the stack's exports.
    """
    extra = {f"{PROJECT}:{key}": value for key, value in (extra_config or {}).items()}
    pulumi.runtime.set_all_config({**config_values(stack), **extra}, secret_keys=list(extra))

    def program() -> dict[str, pulumi.Output[Any]]:
        runpy.run_path(str(ROOT / "__main__.py"), run_name="__main__")
        root = pulumi.runtime.get_root_resource()
        assert isinstance(root, Stack)
        return dict(root.outputs)

    try:
        monitor, values, secrets = _settle(program, stack=stack, preview=preview)
    finally:
        pulumi.runtime.set_all_config({}, secret_keys=[])
    return Graph(resources=list(monitor.registered), outputs=values, secret_outputs=secrets)
