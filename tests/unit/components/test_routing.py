"""Health checks, latency and regional alias records, and the health-check alarms."""

from __future__ import annotations

from multi_region_api.components.naming import health_resource_path, regional_hostname
from pulumi.runtime import rpc

from tests.unit.components.support import API_GATEWAY_ZONE_IDS, Graph, Registered, plain


def secret_value(graph: Graph) -> str:
    return graph.named("api-health-check-secret").state["result"]


def test_health_check_targets_the_regional_name_with_the_secret_path(updated) -> None:
    graph, settings = updated
    checks = graph.of_type("aws:route53/healthCheck:HealthCheck")
    assert len(checks) == len(settings.regions)
    for region in settings.regions:
        check = graph.named(f"api-{region}-health-check")
        inputs = check.plain_inputs
        assert inputs["fqdn"] == regional_hostname(region, settings.domain_name)
        assert inputs["fqdn"] != settings.domain_name
        assert "execute-api" not in inputs["fqdn"]
        assert inputs["type"] == "HTTPS"
        assert inputs["port"] == 443
        assert inputs["enableSni"] is True
        assert rpc.is_rpc_secret(check.inputs["resourcePath"])
        assert inputs["resourcePath"] == health_resource_path(
            settings.base_path, secret_value(graph)
        )
        assert inputs["requestInterval"] == settings.health_check.interval_seconds
        assert inputs["failureThreshold"] == settings.health_check.failure_threshold
        assert inputs["regions"] == list(settings.health_check.regions)
        assert inputs["tags"]["region"] == region
        assert inputs["tags"]["component"] == "api"


def test_base_path_is_in_the_health_check_path(stack_args_with) -> None:
    graph = stack_args_with(base_path="v1")
    check = graph.named("api-us-west-2-health-check")
    assert check.plain_inputs["resourcePath"].startswith("/v1/health?healthCheckerId=")
    mappings = graph.of_type("aws:apigateway/basePathMapping:BasePathMapping")
    assert {m.plain_inputs["basePath"] for m in mappings} == {"v1"}


def domain(graph: Graph, region: str, suffix: str) -> Registered:
    return graph.named(f"api-{region}-{suffix}")


def test_latency_records_alias_the_regions_custom_domain_with_its_health_check(updated) -> None:
    graph, settings = updated
    for region in settings.regions:
        target = domain(graph, region, "domain")
        assert target.plain_inputs["domainName"] == settings.domain_name
        check_id = graph.named(f"api-{region}-health-check").urn
        for record_type in ("a", "aaaa"):
            record = graph.named(f"api-{region}-latency-{record_type}").plain_inputs
            assert record["type"] == record_type.upper()
            assert record["name"] == f"latency.{settings.domain_name}"
            assert record["zoneId"] == settings.hosted_zone_id
            assert record["setIdentifier"] == region
            assert record["latencyRoutingPolicies"] == [{"region": region}]
            assert record["healthCheckId"] == graph.by_urn(check_id).state_id
            assert record["aliases"] == [
                {
                    "name": target.state["regionalDomainName"],
                    "zoneId": API_GATEWAY_ZONE_IDS[region],
                    "evaluateTargetHealth": True,
                }
            ]
            assert "records" not in record  # an alias, never a CNAME to a URL


def test_regional_names_have_simple_alias_records(updated) -> None:
    graph, settings = updated
    for region in settings.regions:
        target = domain(graph, region, "regional-domain")
        assert target.plain_inputs["domainName"] == regional_hostname(region, settings.domain_name)
        for record_type in ("a", "aaaa"):
            record = graph.named(f"api-{region}-regional-{record_type}").plain_inputs
            assert record["name"] == regional_hostname(region, settings.domain_name)
            assert record["type"] == record_type.upper()
            assert "setIdentifier" not in record
            assert "healthCheckId" not in record
            assert record["aliases"][0]["name"] == target.state["regionalDomainName"]
            assert record["aliases"][0]["zoneId"] == API_GATEWAY_ZONE_IDS[region]


def test_custom_domains_are_regional_dualstack_tls12_with_the_validated_certificate(
    updated,
) -> None:
    graph, settings = updated
    for region in settings.regions:
        validation = graph.named(f"api-{region}-certificate-validation")
        for suffix in ("domain", "regional-domain"):
            inputs = domain(graph, region, suffix).plain_inputs
            assert inputs["securityPolicy"] == "TLS_1_2"
            assert inputs["endpointConfiguration"] == {
                "types": "REGIONAL",
                "ipAddressType": "dualstack",
            }
            assert inputs["regionalCertificateArn"] == validation.state["certificateArn"]
            mapping = graph.named(f"api-{region}-{suffix}-mapping")
            assert mapping.delete_before_replace
            assert mapping.plain_inputs["domainName"] == inputs["domainName"]
            assert mapping.plain_inputs["restApi"] == graph.named(f"api-{region}-rest-api").state_id
            assert "basePath" not in mapping.plain_inputs  # the stack files set no base path


def test_each_health_check_has_an_alarm_to_the_topic(updated) -> None:
    graph, settings = updated
    topic = graph.named("api-health-alarms")
    for region in settings.regions:
        alarm = graph.named(f"api-{region}-health-alarm").plain_inputs
        check = graph.named(f"api-{region}-health-check")
        assert alarm["namespace"] == "AWS/Route53"
        assert alarm["metricName"] == "HealthCheckStatus"
        assert alarm["dimensions"] == {"HealthCheckId": check.state_id}
        assert alarm["statistic"] == "Minimum"
        assert alarm["comparisonOperator"] == "LessThanThreshold"
        assert alarm["threshold"] == 1
        assert alarm["alarmActions"] == [topic.state["arn"]]
    assert not graph.of_type("aws:sns/topicSubscription:TopicSubscription")


def test_outputs_name_every_region(updated) -> None:
    graph, settings = updated
    assert graph.outputs["url"] == f"https://{settings.domain_name}"
    assert graph.outputs["regional_urls"] == {
        r: f"https://{regional_hostname(r, settings.domain_name)}" for r in settings.regions
    }
    assert graph.outputs["health_check_ids"] == {
        r: graph.named(f"api-{r}-health-check").state_id for r in settings.regions
    }
    assert graph.outputs["function_names"] == {
        r: graph.named(f"api-{r}-function").state["name"] for r in settings.regions
    }
    assert graph.outputs["table_name"] == graph.named("api-table").state["name"]
    assert plain(graph.outputs) == graph.outputs
