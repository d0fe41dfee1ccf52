"""URNs never depend on list positions: reordering changes nothing, adding a region adds only."""

from __future__ import annotations

from tests.unit.components.conftest import cached_graph
from tests.unit.components.support import Graph, build_graph, stack_args


def snapshot(graph: Graph) -> dict[str, object]:
    return {r.urn: (r.plain_inputs, r.provider_urn, r.parent) for r in graph.resources}


def test_reordering_regions_changes_nothing() -> None:
    args = stack_args("us")
    reordered = build_graph({**args, "regions": list(reversed(args["regions"]))})
    assert snapshot(reordered) == snapshot(cached_graph("us", "update"))
    assert reordered.outputs == cached_graph("us", "update").outputs


def test_adding_a_region_keeps_every_existing_urn_and_provider() -> None:
    args = stack_args("eu")
    before = cached_graph("eu", "update")
    after = build_graph({**args, "regions": [*args["regions"], "eu-west-2"]}, stack="eu")
    assert before.urns() < after.urns()
    added = after.urns() - before.urns()
    assert all("eu-west-2" in urn.rsplit("::", 1)[1] for urn in added), sorted(added)
    for resource in before.resources:
        assert after.by_urn(resource.urn).provider_urn == resource.provider_urn
    table = after.named("api-table").plain_inputs
    assert [r["regionName"] for r in table["replicas"]] == ["eu-central-1", "eu-west-2"]
    # Existing regions' permissions and certificates are untouched.
    for name in ("api-eu-central-1-policy", "api-eu-west-1-certificate", "api-cert-validation"):
        assert after.named(name).plain_inputs == before.named(name).plain_inputs
