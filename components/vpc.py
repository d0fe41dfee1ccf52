"""The minimal network an internet-facing ALB needs, for regions whose user brings none.

Two public subnets in the first two available Availability Zones of the region (an ALB needs
two), an internet gateway and one route table with IPv4 and IPv6 default routes. Dual-stack: the
VPC gets an Amazon-provided IPv6 /56 and each subnet a /64 of it, so the ALB answers AAAA like the
API Gateway custom domains do. No NAT gateway and no endpoints: nothing here bills by the hour
(a public IPv4 address of the ALB does, and is counted with the ALB).
"""

from __future__ import annotations

import functools
import ipaddress
import itertools
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from .computed import output_of, required

VPC_CIDR = "10.0.0.0/16"
SUBNET_CIDRS = ("10.0.0.0/20", "10.0.16.0/20")


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


def user_network(vpc_id: str, subnet_ids: tuple[str, ...]) -> Network:
    """The user's VPC and subnets, used as given. IPv4 only: whether those subnets carry IPv6
    is not known before deployment, and a dual-stack ALB in IPv4-only subnets fails to create."""
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
    aws.ec2.Route(
        f"{prefix}-default-ipv4",
        route_table_id=routes.id,
        destination_cidr_block="0.0.0.0/0",
        gateway_id=gateway.id,
        opts=opts,
    )
    aws.ec2.Route(
        f"{prefix}-default-ipv6",
        route_table_id=routes.id,
        destination_ipv6_cidr_block="::/0",
        gateway_id=gateway.id,
        opts=opts,
    )
    zones = aws.get_availability_zones_output(
        state="available", opts=pulumi.InvokeOutputOptions(parent=parent)
    )
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
            # An ALB needs its subnets in different zones: the first two the region offers.
            availability_zone=zones.names.apply(functools.partial(_nth_zone, index)),
            tags={**tags, "Name": f"{prefix}-public-{index}"},
            opts=opts,
        )
        aws.ec2.RouteTableAssociation(
            f"{prefix}-public-{index}-routes",
            subnet_id=subnet.id,
            route_table_id=routes.id,
            opts=opts,
        )
        subnet_ids.append(subnet.id)
    return Network(vpc_id=vpc.id, subnet_ids=subnet_ids, dual_stack=True)
