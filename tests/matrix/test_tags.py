"""Every resource type any combination tags has its documented tag limit in
``aws_limits.TAGGED_RESOURCES`` and stays within it, so the one count check covers them all."""

from __future__ import annotations

import pytest
from multi_region_api.components.aws_limits import COMPONENT_TAGS, TAGGED_RESOURCES

from tests.matrix.combinations import COMBINATIONS, Combination, graph


@pytest.mark.parametrize("combination", COMBINATIONS, ids=lambda c: c.id)
def test_every_tagged_resource_has_a_tag_limit_and_fits_it(combination: Combination) -> None:
    for resource in graph(combination).resources:
        tags = resource.plain_inputs.get("tags")
        if not tags:
            continue
        assert resource.type in TAGGED_RESOURCES, f"{resource.type}: look up its tag limit"
        assert len(tags) <= TAGGED_RESOURCES[resource.type][1], resource.name
        assert set(tags) - set(COMPONENT_TAGS) <= set(combination.args().get("tags", {})), tags
