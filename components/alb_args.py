"""The ``alb_networks`` argument resolved: the VPC and public subnets a region's ALB uses."""

from dataclasses import dataclass

from .arg_checks import region_keys
from .args_error import ArgsError, reject_unknown
from .args_types import AlbNetworkArgs
from .aws_facts import MIN_ALB_SUBNETS, SUBNET_ID_RE, VPC_ID_RE


@dataclass(frozen=True)
class AlbNetwork:
    vpc_id: str
    subnet_ids: tuple[str, ...]


def _network(where: str, network: object) -> AlbNetwork:
    if not isinstance(network, dict):
        raise ArgsError(where, f"must be a mapping with vpc_id and subnet_ids, got {network!r}")
    reject_unknown(network, AlbNetworkArgs, f"{where}.")
    vpc_id = network.get("vpc_id")
    if not isinstance(vpc_id, str) or not VPC_ID_RE.match(vpc_id):
        raise ArgsError(f"{where}.vpc_id", f"{vpc_id!r} is not a VPC id like vpc-0123abcd")
    subnets = network.get("subnet_ids")
    if isinstance(subnets, str) or not isinstance(subnets, (list, tuple)):
        raise ArgsError(f"{where}.subnet_ids", f"must be a list of subnet ids, got {subnets!r}")
    for subnet in subnets:
        if not isinstance(subnet, str) or not SUBNET_ID_RE.match(subnet):
            raise ArgsError(
                f"{where}.subnet_ids", f"{subnet!r} is not a subnet id like subnet-0123abcd"
            )
    if len(set(subnets)) != len(subnets) or len(subnets) < MIN_ALB_SUBNETS:
        raise ArgsError(
            f"{where}.subnet_ids",
            f"needs at least {MIN_ALB_SUBNETS} distinct subnets in different Availability "
            f"Zones, got {list(subnets)}",
        )
    return AlbNetwork(vpc_id=vpc_id, subnet_ids=tuple(subnets))


def resolve_alb_networks(raw: object, regions: tuple[str, ...]) -> dict[str, AlbNetwork]:
    if raw is None:
        return {}
    given = region_keys("alb_networks", raw, regions, "{vpc_id, subnet_ids}")
    return {region: _network(f"alb_networks.{region}", net) for region, net in given.items()}
