"""The minimal network an internet-facing ALB needs, for regions whose user brings none.

Two public subnets in the first two Availability Zones of the region by name (an ALB needs two;
Local Zones and Wavelength Zones are left out: ALB Lambda targets and Global Accelerator endpoints
do not support them, and an opted-in Local Zone such as ``us-west-2-lax-1a`` sorts before
``us-west-2a``), an internet gateway and one route table with IPv4 and IPv6 default routes.
Dual-stack: the VPC gets an Amazon-provided IPv6 /56 and each subnet a /64 of it, so the ALB
answers AAAA like the API Gateway custom domains do. No NAT gateway and no endpoints: nothing here
bills by the hour (a public IPv4 address of the ALB does, and is counted with the ALB).
"""

from __future__ import annotations

import functools
import ipaddress
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field

import pulumi
import pulumi_aws as aws
from multi_region_api.handlers.contract import FrontDoor

from .args import ApiSettings
from .computed import output_of, required

VPC_CIDR = "10.0.0.0/16"
SUBNET_CIDRS = ("10.0.0.0/20", "10.0.16.0/20")
# DescribeAvailabilityZones' ``zone-type`` filter: regular zones only, never local or wavelength.
ZONE_TYPE_FILTER = aws.GetAvailabilityZonesFilterArgs(
    name="zone-type", values=["availability-zone"]
)


def ipv6_subnet(vpc_block: str, index: int) -> str:
    """The ``index``-th /64 of the VPC's IPv6 block."""
    network = ipaddress.IPv6Network(vpc_block)
    return str(next(itertools.islice(network.subnets(new_prefix=64), index, None)))


def _nth_ipv6(what: str, index: int, vpc_block: str | None) -> str:
    return ipv6_subnet(required(vpc_block, what), index)


def _nth_zone(index: int, names: list[str] | None) -> str:
    return sorted(required(names, "the getAvailabilityZones data source's names"))[index]


@dataclass(frozen=True)
class Network:
    vpc_id: pulumi.Output[str]
    subnet_ids: list[pulumi.Output[str]]
    dual_stack: bool
    internet_routes: Sequence[pulumi.Resource] = field(default=())
    """What makes the subnets public (default routes to the attached gateway and the subnets'
    route table associations): ELB refuses an internet-facing load balancer in a VPC without
    an attached internet gateway, so the load balancer waits for these."""


def answers_ipv6(settings: ApiSettings, region: str) -> bool:
    """Whether the region's entry point is dual-stack: API Gateway custom domains and an ALB in
    the network made here are; an ALB in the user's network (``alb_networks``) is IPv4 only."""
    return not (settings.front_door is FrontDoor.ALB and region in settings.alb_networks)


def user_network(vpc_id: str, subnet_ids: tuple[str, ...]) -> Network:
    """The user's VPC and subnets, used as given. IPv4 only: whether those subnets carry IPv6
    is not known before deployment, and a dual-stack ALB in IPv4-only subnets fails to create.
    No ``internet_routes``: the user's gateway and routes exist before this program runs and are
    not its resources, so there is nothing to wait for (a VPC without a gateway is ELB's error)."""
    return Network(
        vpc_id=pulumi.Output.from_input(vpc_id),
        subnet_ids=[pulumi.Output.from_input(s) for s in subnet_ids],
        dual_stack=False,
    )


def public_network(
    prefix: str, *, tags: dict[str, str], parent: pulumi.Resource, opts: pulumi.ResourceOptions
) -> Network:
    """A dual-stack VPC with two public subnets; ``opts`` must carry the region's provider."""
    vpc = aws.ec2.Vpc(
        f"{prefix}-vpc",
        cidr_block=VPC_CIDR,
        assign_generated_ipv6_cidr_block=True,
        enable_dns_hostnames=True,
        enable_dns_support=True,
        tags={**tags, "Name": f"{prefix}-vpc"},
        opts=opts,
    )
    gateway = aws.ec2.InternetGateway(
        f"{prefix}-igw", vpc_id=vpc.id, tags={**tags, "Name": f"{prefix}-igw"}, opts=opts
    )
    routes = aws.ec2.RouteTable(
        f"{prefix}-public-routes",
        vpc_id=vpc.id,
        tags={**tags, "Name": f"{prefix}-public"},
        opts=opts,
    )
    ipv4 = aws.ec2.Route(
        f"{prefix}-default-ipv4",
        route_table_id=routes.id,
        destination_cidr_block="0.0.0.0/0",
        gateway_id=gateway.id,
        opts=opts,
    )
    ipv6 = aws.ec2.Route(
        f"{prefix}-default-ipv6",
        route_table_id=routes.id,
        destination_ipv6_cidr_block="::/0",
        gateway_id=gateway.id,
        opts=opts,
    )
    zones = aws.get_availability_zones_output(
        state="available",
        filters=[ZONE_TYPE_FILTER],
        opts=pulumi.InvokeOutputOptions(parent=parent),
    )
    internet_routes: list[pulumi.Resource] = [ipv4, ipv6]
    subnet_ids: list[pulumi.Output[str]] = []
    for index, cidr in enumerate(SUBNET_CIDRS):
        subnet = aws.ec2.Subnet(
            f"{prefix}-public-{index}",
            vpc_id=vpc.id,
            cidr_block=cidr,
            ipv6_cidr_block=vpc.ipv6_cidr_block.apply(
                functools.partial(_nth_ipv6, output_of(vpc, "ipv6CidrBlock"), index)
            ),
            assign_ipv6_address_on_creation=True,
            # An ALB needs its subnets in different zones: the first two by name, so the choice
            # does not move when EC2 lists the zones in another order.
            availability_zone=zones.names.apply(functools.partial(_nth_zone, index)),
            tags={**tags, "Name": f"{prefix}-public-{index}"},
            opts=opts,
        )
        association = aws.ec2.RouteTableAssociation(
            f"{prefix}-public-{index}-routes",
            subnet_id=subnet.id,
            route_table_id=routes.id,
            opts=opts,
        )
        internet_routes.append(association)
        subnet_ids.append(subnet.id)
    return Network(
        vpc_id=vpc.id, subnet_ids=subnet_ids, dual_stack=True, internet_routes=internet_routes
    )
