"""Pulumi mocks that answer like AWS does for one account, for every resource and data source
``MultiRegionApi`` uses.

ARNs carry the resource's region (taken from its provider, else ``default_region``) and the
account; names Pulumi would autoname are ``<logical name>-<7 hex>`` (a logical name too long for
a load balancer's or target group's 32 characters fails as Pulumi fails it); API Gateway custom
domains and load balancers get the real regional hosted zone ids; ``getAvailabilityZones`` lists an
opted-in Local Zone in us-east-1 and us-west-2 and applies the ``zone-type``, ``opt-in-status`` and
``zone-name`` filters; ACM gives the same validation record for the same name in every region; an
ARC Region switch plan's Route 53 health checks come back from its data source (all at once, or a
few more on each read with ``arc_checks_per_read``, as ARC allocates them after the plan exists).
In preview mode a new resource's computed outputs are unknown, as in ``pulumi preview``.

Resource types the kit does not know (a user's own) get the plain documented behaviour: their
inputs as outputs and an id. Extend the class to answer for them::

    class MyMocks(MultiRegionApiMocks):
        def new_resource(self, args):
            if args.typ == "aws:s3/bucket:Bucket":
                resource_id, state = super().new_resource(args)
                return resource_id, {**state, "arn": f"arn:aws:s3:::{args.name}"}
            return super().new_resource(args)
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from typing import Any

import pulumi
from pulumi.runtime import rpc

ACCOUNT_ID = "123456789012"
DEFAULT_REGION = "us-east-1"
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
# Opted-in Local Zones: DescribeAvailabilityZones lists them with the regular zones, and they sort
# first (``us-west-2-lax-1a`` < ``us-west-2a``) unless the ``zone-type`` filter leaves them out.
LOCAL_ZONES = {"us-east-1": "us-east-1-bos-1a", "us-west-2": "us-west-2-lax-1a"}
# DescribeAvailabilityZones' filters the mocks apply -> the zone's field each one matches.
ZONE_FILTER_FIELDS = {
    "zone-type": "ZoneType",
    "opt-in-status": "OptInStatus",
    "zone-name": "ZoneName",
}
# Every resource type the component creates: these get realistic outputs, any other type its
# inputs (a test fails when the component registers a type missing here).
KNOWN_TYPES = frozenset(
    {
        "aws:acm/certificate:Certificate",
        "aws:acm/certificateValidation:CertificateValidation",
        "aws:apigateway/account:Account",
        "aws:apigateway/basePathMapping:BasePathMapping",
        "aws:apigateway/deployment:Deployment",
        "aws:apigateway/domainName:DomainName",
        "aws:apigateway/integration:Integration",
        "aws:apigateway/method:Method",
        "aws:apigateway/methodSettings:MethodSettings",
        "aws:apigateway/resource:Resource",
        "aws:apigateway/restApi:RestApi",
        "aws:apigateway/stage:Stage",
        "aws:apigatewayv2/api:Api",
        "aws:apigatewayv2/apiMapping:ApiMapping",
        "aws:apigatewayv2/domainName:DomainName",
        "aws:apigatewayv2/integration:Integration",
        "aws:apigatewayv2/route:Route",
        "aws:apigatewayv2/stage:Stage",
        "aws:arcregionswitch/plan:Plan",
        "aws:cloudwatch/dashboard:Dashboard",
        "aws:cloudwatch/logGroup:LogGroup",
        "aws:cloudwatch/metricAlarm:MetricAlarm",
        "aws:dynamodb/table:Table",
        "aws:ec2/internetGateway:InternetGateway",
        "aws:ec2/route:Route",
        "aws:ec2/routeTable:RouteTable",
        "aws:ec2/routeTableAssociation:RouteTableAssociation",
        "aws:ec2/securityGroup:SecurityGroup",
        "aws:ec2/subnet:Subnet",
        "aws:ec2/vpc:Vpc",
        "aws:globalaccelerator/accelerator:Accelerator",
        "aws:globalaccelerator/endpointGroup:EndpointGroup",
        "aws:globalaccelerator/listener:Listener",
        "aws:iam/role:Role",
        "aws:iam/rolePolicy:RolePolicy",
        "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
        "aws:lambda/function:Function",
        "aws:lambda/permission:Permission",
        "aws:lb/listener:Listener",
        "aws:lb/loadBalancer:LoadBalancer",
        "aws:lb/targetGroup:TargetGroup",
        "aws:lb/targetGroupAttachment:TargetGroupAttachment",
        "aws:route53/healthCheck:HealthCheck",
        "aws:route53/record:Record",
        "aws:sns/topic:Topic",
        "aws:sns/topicSubscription:TopicSubscription",
        "random:index/randomPassword:RandomPassword",
    }
)
AWS_PROVIDER = "pulumi:providers:aws"
AVAILABILITY_ZONES = "aws:index/getAvailabilityZones:getAvailabilityZones"
ARC_HEALTH_CHECKS = "aws:arcregionswitch/getRoute53HealthChecks:getRoute53HealthChecks"
CALLER_IDENTITY = "aws:index/getCallerIdentity:getCallerIdentity"
REGION = "aws:index/getRegion:getRegion"
PARTITION = "aws:index/getPartition:getPartition"


def short_hash(*parts: str, length: int = 10) -> str:
    """A stable hex digest of ``parts``: the same resource gets the same ids in every run."""
    return hashlib.sha256("/".join(parts).encode()).hexdigest()[:length]


def zone_id(known: Mapping[str, str], region: str) -> str:
    """The region's published zone id; regions outside the table (the longest-name tests) get a
    synthetic, stable one of the same shape."""
    return known.get(region, f"Z{short_hash(region).upper()}")


def availability_zones(region: str, filters: Sequence[Mapping[str, Any]]) -> list[dict[str, str]]:
    """The region's zones as EC2 describes them (three regular ones, and the opted-in Local Zone
    of ``LOCAL_ZONES``), with DescribeAvailabilityZones' filters applied: a zone matches a filter
    when any of its values match. A filter the mocks do not know is an ``AssertionError`` (an
    unfiltered answer would hide what the program asked for)."""
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
    for given in filters:
        field = ZONE_FILTER_FIELDS.get(given["name"])
        if field is None:
            raise AssertionError(f"getAvailabilityZones filter {given['name']!r} is not mocked")
        zones = [z for z in zones if z[field] in given["values"]]
    return zones


def plain(value: Any) -> Any:
    """``value`` with Pulumi's secret wrappers removed (recursively); assets as small dicts."""
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


def provider_id(reference: str | None) -> str:
    """The id part of a provider reference (``<provider urn>::<id>``); "" for the default one."""
    return (reference or "").rsplit("::", 1)[-1]


class MultiRegionApiMocks(pulumi.runtime.Mocks):
    """Mocks with realistic outputs for every resource type and invoke ``MultiRegionApi`` uses.

    ``preview=True`` leaves a new resource's computed outputs unknown (pass the same value to
    ``pulumi.runtime.set_mocks``, or use :func:`multi_region_api.testing.set_mocks`). Resources
    on the default provider are in ``default_region`` (the stack's ``aws:region``).
    """

    def __init__(
        self,
        *,
        preview: bool = False,
        account_id: str = ACCOUNT_ID,
        default_region: str = DEFAULT_REGION,
        arc_checks_per_read: int | None = None,
    ) -> None:
        self.preview = preview
        self.account_id = account_id
        self.default_region = default_region
        self.arc_checks_per_read = arc_checks_per_read
        """ARC allocates a plan's health checks after CreatePlan returns: the n-th read of them
        sees ``n * arc_checks_per_read`` (None: all at once)."""
        self.arc_reads: dict[str, int] = {}
        """Plan ARN -> how many times its health checks were read."""
        self.provider_regions: dict[str, str] = {}
        """Provider id -> the region of every AWS provider created so far."""
        self.invokes: list[tuple[str, str]] = []
        """(token, region of the provider it went through) of every data-source call."""
        self.plans: dict[str, dict[str, Any]] = {}
        """ARN -> inputs of every Region switch plan, for its health-check data source."""

    def region_of(self, provider: str | None) -> str:
        """The region of the provider a resource or invoke goes through."""
        return self.provider_regions.get(provider_id(provider), self.default_region)

    def resource_id(self, args: pulumi.runtime.MockResourceArgs) -> str:
        """The physical id: stable per type and logical name."""
        return short_hash(args.typ, args.name)

    # -- invokes ---------------------------------------------------------------------------------

    def call(self, args: pulumi.runtime.MockCallArgs) -> dict[str, Any]:  # type: ignore[override]
        """Data sources the component and most programs use; ``{}`` for any other token."""
        region = self.region_of(args.provider)
        self.invokes.append((args.token, region))
        if args.token == AVAILABILITY_ZONES:
            zones = availability_zones(region, args.args.get("filters") or [])
            names = [z["ZoneName"] for z in zones]
            return {
                "names": names,
                "zoneIds": [short_hash(n, length=8) for n in names],
                "id": region,
            }
        if args.token == ARC_HEALTH_CHECKS:
            plan_arn = args.args["planArn"]
            return {"planArn": plan_arn, **self.arc_health_checks(plan_arn)}
        if args.token == CALLER_IDENTITY:
            return {
                "accountId": self.account_id,
                "arn": f"arn:aws:iam::{self.account_id}:user/test",
                "userId": "AIDA" + short_hash("user", length=16).upper(),
                "id": self.account_id,
            }
        if args.token == REGION:
            return {"name": region, "region": region, "id": region}
        if args.token == PARTITION:
            return {"partition": "aws", "dnsSuffix": "amazonaws.com", "id": "aws"}
        return {}

    def arc_health_checks(self, plan_arn: str) -> dict[str, Any]:
        """What ARC creates for a plan: one check per region and Route 53 step's record name
        (the first ``n * arc_checks_per_read`` of them on the n-th read, when that is set)."""
        plan = self.plans.get(plan_arn, {})
        configs = [
            config
            for workflow in plan.get("workflows", [])[:1]
            for step in workflow["steps"]
            for config in step.get("route53HealthCheckConfigs", [])
        ]
        checks = [
            {
                "healthCheckId": short_hash(plan_arn, c["recordName"], region, length=8) + "-arc",
                "hostedZoneId": c["hostedZoneId"],
                "recordName": c["recordName"],
                "region": region,
                "status": "healthy",
            }
            for c in configs
            for region in plan.get("regions", [])
        ]
        self.arc_reads[plan_arn] = self.arc_reads.get(plan_arn, 0) + 1
        if self.arc_checks_per_read is not None:
            checks = checks[: self.arc_reads[plan_arn] * self.arc_checks_per_read]
        return {"healthChecks": checks}

    # -- resources -------------------------------------------------------------------------------

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str, dict[str, Any]]:
        """(id, outputs): realistic outputs for the component's types, inputs for others."""
        inputs = plain(args.inputs)
        resource_id = args.resource_id or self.resource_id(args)
        if args.typ == AWS_PROVIDER:
            self.provider_regions[resource_id] = inputs.get("region") or self.default_region
            return resource_id, args.inputs
        if not args.custom:
            # Components have no id nor outputs of their own.
            return "", args.inputs if self.preview else {}
        if self.preview:
            # A new resource's computed outputs are unknown during a preview.
            return "", args.inputs
        if args.typ not in KNOWN_TYPES:
            return resource_id, args.inputs
        region = self.region_of(args.provider)
        named = self.autonamed(args, inputs, resource_id)
        computed = self.computed(args, {**inputs, **named}, resource_id, region)
        return resource_id, {**args.inputs, **named, **computed}

    def autonamed(
        self, args: pulumi.runtime.MockResourceArgs, inputs: dict[str, Any], resource_id: str
    ) -> dict[str, Any]:
        """The name Pulumi would give the resource: the given one, or ``<name>-<7 hex>``; a
        ``ValueError`` like Pulumi's where that is longer than ``AUTONAME_MAX_LENGTH`` allows."""
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
        return {prop: f"{args.name}-{resource_id[:7]}"}

    def computed(
        self,
        args: pulumi.runtime.MockResourceArgs,
        inputs: dict[str, Any],
        rid: str,
        region: str,
    ) -> dict[str, Any]:
        """The outputs AWS computes for a resource of the component (``inputs`` are plain)."""
        account = self.account_id
        name = inputs.get("name", "")
        typ = args.typ
        if typ == "aws:lambda/function:Function":
            arn = f"arn:aws:lambda:{region}:{account}:function:{name}"
            return {
                "name": name,
                "arn": arn,
                "invokeArn": f"arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/"
                f"{arn}/invocations",
            }
        if typ == "aws:apigateway/restApi:RestApi":
            return {
                "name": name,
                "rootResourceId": short_hash(rid, "root"),
                "executionArn": f"arn:aws:execute-api:{region}:{account}:{rid}",
                "arn": f"arn:aws:apigateway:{region}::/restapis/{rid}",
            }
        if typ == "aws:apigatewayv2/api:Api":
            api_id = rid[:10]
            return {
                "executionArn": f"arn:aws:execute-api:{region}:{account}:{api_id}",
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
        if typ == "aws:apigateway/domainName:DomainName":
            return {
                "regionalDomainName": f"d-{rid}.execute-api.{region}.amazonaws.com",
                "regionalZoneId": zone_id(API_GATEWAY_ZONE_IDS, region),
                "arn": f"arn:aws:apigateway:{region}::/domainnames/{inputs['domainName']}",
            }
        if typ == "aws:apigateway/resource:Resource":
            return {"path": f"/{inputs['pathPart']}"}
        if typ == "aws:lb/loadBalancer:LoadBalancer":
            lb_name = name
            suffix = f"app/{lb_name}/{short_hash(rid, 'lb', length=16)}"
            dualstack = "dualstack." if inputs.get("ipAddressType") == "dualstack" else ""
            return {
                "name": lb_name,
                "arn": f"arn:aws:elasticloadbalancing:{region}:{account}:loadbalancer/{suffix}",
                "arnSuffix": suffix,
                "dnsName": f"{dualstack}{lb_name}-{short_hash(rid, length=9)}"
                f".{region}.elb.amazonaws.com",
                "zoneId": zone_id(ALB_ZONE_IDS, region),
            }
        if typ == "aws:lb/targetGroup:TargetGroup":
            tg = name
            suffix = f"targetgroup/{tg}/{short_hash(rid, 'tg', length=16)}"
            return {
                "name": tg,
                "arn": f"arn:aws:elasticloadbalancing:{region}:{account}:{suffix}",
                "arnSuffix": suffix,
            }
        if typ == "aws:ec2/vpc:Vpc":
            return {
                "arn": f"arn:aws:ec2:{region}:{account}:vpc/vpc-{rid[:17]}",
                "ipv6CidrBlock": f"2600:1f18:{rid[:4]}:{rid[4:6]}00::/56",
            }
        if typ == "aws:globalaccelerator/accelerator:Accelerator":
            host = f"a{short_hash(rid, length=16)}"
            dual = inputs.get("ipAddressType") == "DUAL_STACK"
            ip_sets = [{"ipFamily": "IPv4", "ipAddresses": ["75.2.11.29", "99.83.190.102"]}]
            if dual:
                ip_sets.append(
                    {"ipFamily": "IPv6", "ipAddresses": ["2600:9000:a400::1", "2600:9000:a500::1"]}
                )
            return {
                "arn": f"arn:aws:globalaccelerator::{account}:accelerator/"
                f"{short_hash(rid, length=36)}",
                "dnsName": f"{host}.awsglobalaccelerator.com",
                "dualStackDnsName": f"{host}.dualstack.awsglobalaccelerator.com" if dual else "",
                "hostedZoneId": GLOBAL_ACCELERATOR_ZONE_ID,
                "ipSets": ip_sets,
            }
        if typ == "aws:acm/certificate:Certificate":
            names = [inputs["domainName"], *inputs.get("subjectAlternativeNames", [])]
            return {
                "arn": f"arn:aws:acm:{region}:{account}:certificate/{rid}",
                # Same account, same name: the same record in every region.
                "domainValidationOptions": [
                    {
                        "domainName": n,
                        "resourceRecordName": f"_{short_hash(n, length=32)}.{n}.",
                        "resourceRecordType": "CNAME",
                        "resourceRecordValue": f"_{short_hash('value', n, length=32)}"
                        ".acm-validations.aws.",
                    }
                    for n in names
                ],
            }
        if typ == "aws:acm/certificateValidation:CertificateValidation":
            return {"certificateArn": inputs["certificateArn"]}
        if typ == "aws:arcregionswitch/plan:Plan":
            arn = f"arn:aws:arc-region-switch::{account}:plan/{name}:{rid[:6]}"
            self.plans[arn] = inputs
            return {"arn": arn, "owner": account}
        if typ == "aws:route53/record:Record":
            return {"fqdn": inputs["name"].rstrip(".")}
        if typ == "aws:route53/healthCheck:HealthCheck":
            return {"arn": f"arn:aws:route53:::healthcheck/{rid}"}
        if typ == "aws:dynamodb/table:Table":
            arn = f"arn:aws:dynamodb:{region}:{account}:table/{name}"
            return {
                "name": name,
                "arn": arn,
                "streamArn": f"{arn}/stream/2025-01-01T00:00:00.000",
                "replicas": [
                    {**r, "arn": f"arn:aws:dynamodb:{r['regionName']}:{account}:table/{name}"}
                    for r in inputs.get("replicas", [])
                ],
            }
        if typ == "aws:cloudwatch/logGroup:LogGroup":
            return {"name": name, "arn": f"arn:aws:logs:{region}:{account}:log-group:{name}"}
        if typ == "aws:iam/role:Role":
            return {"name": name, "arn": f"arn:aws:iam::{account}:role/{name}"}
        if typ == "aws:cloudwatch/metricAlarm:MetricAlarm":
            return {"name": name, "arn": f"arn:aws:cloudwatch:{region}:{account}:alarm:{name}"}
        if typ == "aws:sns/topic:Topic":
            return {"name": name, "arn": f"arn:aws:sns:{region}:{account}:{name}"}
        if typ == "random:index/randomPassword:RandomPassword":
            return {"result": short_hash("password", args.name, length=32)}
        service = typ.split(":")[1].split("/")[0]
        return {"arn": f"arn:aws:{service}:{region}:{account}:{rid}"}
