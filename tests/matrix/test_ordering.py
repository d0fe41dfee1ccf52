"""The orderings AWS requires, read from the dependencies the program declares (explicit
``depends_on`` and the inputs that carry another resource's outputs), for every combination.

Pulumi creates a resource as soon as everything it depends on exists, in parallel otherwise: an
order that is not a declared dependency is a race the first ``pulumi up`` may lose.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

import pytest

from tests.matrix.combinations import COMBINATIONS, PREVIEWED, Combination, graph
from tests.unit.components.support import Graph, Registered, plain

RECORD = "aws:route53/record:Record"
VALIDATION = "aws:acm/certificateValidation:CertificateValidation"


class Ordering:
    """Transitive dependencies and regions of one graph."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.by_urn = {r.urn: r for r in graph.resources}
        self.regions = graph.aws_providers()

    @cache  # noqa: B019 - one Ordering per graph, kept as long as the graph
    def after(self, urn: str) -> frozenset[str]:
        """Every resource ``urn`` waits for, directly or through others."""
        found: set[str] = set()
        for dependency in self.by_urn[urn].dependencies:
            found |= {dependency, *self.after(dependency)}
        return frozenset(found)

    def region(self, resource: Registered) -> str:
        return self.regions.get(resource.provider_urn, "")

    def waits_for(self, resource: Registered, other: Registered) -> bool:
        return other.urn in self.after(resource.urn)


@cache
def ordering(combination: Combination) -> Ordering:
    return Ordering(graph(combination))


def by_door(*doors: str) -> list[Combination]:
    return [c for c in COMBINATIONS if c.front_door in doors]


IDS = {"ids": lambda c: c.id}


@pytest.mark.parametrize("combination", by_door("alb", "alb+accelerator"), **IDS)
def test_an_internet_facing_alb_waits_for_its_gateways_route(combination: Combination) -> None:
    """ELB refuses an internet-facing load balancer in a VPC without an internet gateway."""
    order = ordering(combination)
    for alb in order.graph.of_type("aws:lb/loadBalancer:LoadBalancer"):
        assert alb.plain_inputs.get("internal") is False
        routes = [
            r
            for r in order.graph.of_type("aws:ec2/route:Route")
            if order.region(r) == order.region(alb)
            and r.plain_inputs.get("destinationCidrBlock") == "0.0.0.0/0"
        ]
        assert routes, f"no default route in {order.region(alb)}"
        assert any(order.waits_for(alb, route) for route in routes), alb.name


@pytest.mark.parametrize("combination", by_door("alb", "alb+accelerator"), **IDS)
def test_a_target_registers_after_elb_may_invoke_the_function(combination: Combination) -> None:
    order = ordering(combination)
    attachments = order.graph.of_type("aws:lb/targetGroupAttachment:TargetGroupAttachment")
    assert attachments
    for attachment in attachments:
        (permission,) = [
            p
            for p in order.graph.of_type("aws:lambda/permission:Permission")
            if p.plain_inputs["principal"] == "elasticloadbalancing.amazonaws.com"
            and p.state["sourceArn"] == attachment.state["targetGroupArn"]
        ]
        assert order.waits_for(attachment, permission), attachment.name


def certificate_users(graph: Graph) -> Iterator[tuple[Registered, str]]:
    """(resource, certificate ARN) of every listener and custom domain that serves TLS."""
    for resource in graph.resources:
        state = plain(resource.state)
        if resource.type == "aws:lb/listener:Listener" and state.get("certificateArn"):
            yield resource, state["certificateArn"]
        elif resource.type == "aws:apigateway/domainName:DomainName":
            yield resource, state["regionalCertificateArn"]
        elif resource.type == "aws:apigatewayv2/domainName:DomainName":
            yield resource, state["domainNameConfiguration"]["certificateArn"]


@pytest.mark.parametrize("combination", COMBINATIONS, **IDS)
def test_tls_is_served_only_once_the_certificate_is_validated(combination: Combination) -> None:
    """A certificate that ACM has not issued yet fails the listener or the custom domain."""
    order = ordering(combination)
    validations = {v.state["certificateArn"]: v for v in order.graph.of_type(VALIDATION)}
    users = list(certificate_users(order.graph))
    # two custom domains per region, or an ALB's one HTTPS listener
    assert len(users) >= len(combination.regions)
    for user, certificate_arn in users:
        assert order.waits_for(user, validations[certificate_arn]), user.name


def alias_targets(graph: Graph) -> dict[str, Registered]:
    """DNS name -> the AWS resource that answers it (custom domain, load balancer, accelerator)."""
    targets: dict[str, Registered] = {}
    for resource in graph.resources:
        state = plain(resource.state)
        names = {
            "aws:apigateway/domainName:DomainName": [state.get("regionalDomainName")],
            "aws:apigatewayv2/domainName:DomainName": [
                (state.get("domainNameConfiguration") or {}).get("targetDomainName")
            ],
            "aws:lb/loadBalancer:LoadBalancer": [state.get("dnsName")],
            "aws:globalaccelerator/accelerator:Accelerator": [
                state.get("dnsName"),
                state.get("dualStackDnsName"),
            ],
        }.get(resource.type, [])
        targets |= {name: resource for name in names if name}
    return targets


@pytest.mark.parametrize("combination", COMBINATIONS, **IDS)
def test_an_alias_is_created_after_what_it_points_at(combination: Combination) -> None:
    """Route 53 refuses an alias to a name in the zone that has no record of that type yet, and
    an alias to an AWS resource whose DNS name does not exist yet."""
    order = ordering(combination)
    targets = alias_targets(order.graph)
    records = order.graph.of_type(RECORD)
    aliases = 0
    for record in records:
        inputs = record.plain_inputs
        for alias in inputs.get("aliases") or []:
            aliases += 1
            name = plain(record.state)["aliases"][0]["name"].rstrip(".")
            in_zone = [
                r
                for r in records
                if r.plain_inputs["name"] == name and r.plain_inputs["type"] == inputs["type"]
            ]
            if in_zone:
                assert alias["zoneId"] == inputs["zoneId"], record.name
                for target in in_zone:
                    assert order.waits_for(record, target), (record.name, target.name)
            else:
                assert name in targets, f"{record.name} aliases {name}, which nothing creates"
                assert order.waits_for(record, targets[name]), record.name
    assert aliases >= 2 * len(combination.regions)  # at least the regional names' A and AAAA


@pytest.mark.parametrize("combination", PREVIEWED, **IDS)
def test_a_preview_declares_the_same_resources_in_the_same_order(combination: Combination) -> None:
    """With every computed output unknown the program builds the same resources, and never
    declares an order the update does not. (The update may declare more: a data source's result,
    such as the Region switch plan's health checks, carries its dependencies only once known.)"""
    preview = {r.urn: set(r.dependencies) for r in graph(combination, "preview").resources}
    update = {r.urn: set(r.dependencies) for r in graph(combination).resources}
    assert set(preview) == set(update)
    for urn, dependencies in preview.items():
        assert dependencies <= update[urn], urn
