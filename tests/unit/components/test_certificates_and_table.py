"""ACM certificates and their deduplicated validation records; the global table."""

from __future__ import annotations

from collections import Counter

from multi_region_api.components.naming import regional_hostname
from multi_region_api.components.table_schema import PARTITION_KEY, STREAM_VIEW_TYPE, TTL_ATTRIBUTE

from tests.unit.components.support import ACCOUNT


def test_each_region_has_a_certificate_for_the_shared_and_regional_names(any_graph) -> None:
    _, _, graph, settings = any_graph
    for region in settings.regions:
        cert = graph.named(f"api-{region}-certificate").plain_inputs
        assert cert["domainName"] == settings.domain_name
        assert cert["subjectAlternativeNames"] == [regional_hostname(region, settings.domain_name)]
        assert cert["validationMethod"] == "DNS"


def test_validation_records_are_unique_and_never_co_owned(updated) -> None:
    graph, settings = updated
    records = [r for r in graph.of_type("aws:route53/record:Record") if "cert-validation" in r.name]
    names = [r.plain_inputs["name"] for r in records]
    assert len(records) == 1 + len(settings.regions)
    assert Counter(names).most_common(1)[0][1] == 1, names
    for record in records:
        inputs = record.plain_inputs
        assert "allowOverwrite" not in inputs or inputs["allowOverwrite"] is False
        assert inputs["type"] == "CNAME"
        assert inputs["zoneId"] == settings.hosted_zone_id
        assert inputs["records"][0].endswith(".acm-validations.aws.")


def test_every_validation_waits_for_every_name_on_its_certificate(updated) -> None:
    graph, settings = updated
    fqdn_by_record_name = {
        r.plain_inputs["name"]: r.state["fqdn"]
        for r in graph.of_type("aws:route53/record:Record")
        if "cert-validation" in r.name
    }
    for region in settings.regions:
        cert = graph.named(f"api-{region}-certificate")
        validation = graph.named(f"api-{region}-certificate-validation").plain_inputs
        expected = sorted(
            fqdn_by_record_name[o["resourceRecordName"]]
            for o in cert.state["domainValidationOptions"]
        )
        assert len(expected) == 2
        assert sorted(validation["validationRecordFqdns"]) == expected
        assert validation["certificateArn"] == cert.state["arn"]
        assert f":acm:{region}:{ACCOUNT}:" in cert.state["arn"]


def test_table_lives_in_the_home_region_with_exactly_the_peer_replicas(any_graph) -> None:
    _, _, graph, settings = any_graph
    table = graph.named("api-table")
    assert graph.aws_providers()[table.provider_urn] == settings.home_region
    inputs = table.plain_inputs
    assert [r["regionName"] for r in inputs["replicas"]] == sorted(
        set(settings.regions) - {settings.home_region}
    )
    for replica in inputs["replicas"]:
        assert replica["pointInTimeRecovery"] is True
        assert replica["deletionProtectionEnabled"] is True
        assert replica["propagateTags"] is True
    assert inputs["pointInTimeRecovery"] == {"enabled": True}
    assert inputs["deletionProtectionEnabled"] is True
    assert inputs["streamEnabled"] is True
    assert inputs["streamViewType"] == STREAM_VIEW_TYPE
    assert inputs["billingMode"] == "PAY_PER_REQUEST"
    assert inputs["hashKey"] == PARTITION_KEY
    assert inputs["attributes"] == [{"name": PARTITION_KEY, "type": "S"}]
    assert inputs["ttl"] == {"attributeName": TTL_ATTRIBUTE, "enabled": True}


def test_a_different_home_region_moves_the_table_and_its_replicas(stack_args_with) -> None:
    graph = stack_args_with(home_region="us-west-2")
    table = graph.named("api-table")
    assert graph.aws_providers()[table.provider_urn] == "us-west-2"
    assert [r["regionName"] for r in table.plain_inputs["replicas"]] == ["us-east-1"]
