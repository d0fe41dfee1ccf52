"""The health-check alarms: quiet on creation, loud when a region fails or the metric stops."""

from __future__ import annotations


def test_health_alarms_stay_quiet_until_the_first_datapoint(updated) -> None:
    """Missing data is ``missing`` (never ``breaching``): a new alarm stays INSUFFICIENT_DATA
    until Route 53 reports, then OK; a metric that stops later still notifies."""
    graph, settings = updated
    (topic,) = graph.of_type("aws:sns/topic:Topic")
    alarms = graph.of_type("aws:cloudwatch/metricAlarm:MetricAlarm")
    assert len(alarms) == len(settings.regions)
    for alarm in alarms:
        inputs = alarm.plain_inputs
        assert inputs["treatMissingData"] == "missing"
        assert inputs["namespace"] == "AWS/Route53"
        assert inputs["metricName"] == "HealthCheckStatus"
        assert (inputs["statistic"], inputs["threshold"]) == ("Minimum", 1)
        assert inputs["comparisonOperator"] == "LessThanThreshold"
        assert inputs["evaluationPeriods"] == 1
        arn = topic.state["arn"]
        assert inputs["alarmActions"] == inputs["okActions"] == [arn]
        assert inputs["insufficientDataActions"] == [arn]
