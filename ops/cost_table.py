"""The cost command's output: a Markdown table per stack, this stack next to published examples."""

from __future__ import annotations

from dataclasses import replace

from multi_region_api.components.args import ApiSettings
from multi_region_api.components.estimates.cost import (
    CostAssumptions,
    StackCost,
    front_door_costs,
    published_examples_cost,
    stack_cost,
)
from multi_region_api.components.estimates.failover import failover_estimate


def _usd(value: float, decimals: int = 3) -> str:
    return f"${value:,.{decimals}f}"


def _profile(cost: StackCost) -> str:
    p = cost.profile
    features = ", ".join(p.optional_features) or "no optional features"
    return f"{p.checker_regions} checker regions, {p.interval_seconds} s, {features}"


def cost_table(stack: str, settings: ApiSettings, assumptions: CostAssumptions) -> str:
    ours = stack_cost(settings, assumptions=assumptions)
    published = published_examples_cost(settings, assumptions=assumptions)
    first_ours, first_published = ours.regions[0], published.regions[0]
    ours_by_item = {line.item: line.usd for line in first_ours.lines}
    published_by_item = {line.item: line.usd for line in first_published.lines}
    items = list(published_by_item) + [i for i in ours_by_item if i not in published_by_item]
    n = len(settings.regions)
    ours_stack = {line.item: line.usd for line in ours.stack_lines}
    published_stack = {line.item: line.usd for line in published.stack_lines}
    rows = [
        f"### stack `{stack}`: {', '.join(settings.regions)} (home {settings.home_region})",
        "",
        f"- this stack: {_profile(ours)}",
        f"- published examples: {_profile(published)}",
        "",
        "| monthly, USD | this stack | published examples |",
        "|---|---:|---:|",
        *(
            f"| {item} | {_usd(ours_by_item.get(item, 0))} "
            f"| {_usd(published_by_item.get(item, 0))} |"
            for item in items
        ),
        f"| **per region** | **{_usd(first_ours.usd, 2)}** | **{_usd(first_published.usd, 2)}** |",
        f"| x {n} regions | {_usd(first_ours.usd * n, 2)} | {_usd(first_published.usd * n, 2)} |",
        *(
            f"| {item} (per stack) | {_usd(ours_stack.get(item, 0), 2)} "
            f"| {_usd(published_stack.get(item, 0), 2)} |"
            for item in {**published_stack, **ours_stack}
        ),
        f"| **stack total** | **{_usd(ours.usd, 2)}** | **{_usd(published.usd, 2)}** |",
        "",
        f"This stack costs {ours.usd / published.usd:.2f}x the published-examples configuration "
        f"({_usd(abs(published.usd - ours.usd), 2)} a month "
        f"{'less' if ours.usd <= published.usd else 'more'}).",
    ]
    return "\n".join(rows)


def front_door_table(stack: str, settings: ApiSettings, assumptions: CostAssumptions) -> str:
    """Each front door side by side: always-on cost per region and per stack, the ratio to the
    published-examples configuration, and the worst-case failover time."""
    published = published_examples_cost(settings, assumptions=assumptions)
    per_region_published = published.regions[0].usd
    rows = [
        f"#### stack `{stack}`: front doors side by side",
        "",
        "| front door | per region | per stack | x published examples (per region) "
        "| worst-case failover |",
        "|---|---:|---:|---:|---:|",
    ]
    for label, cost in front_door_costs(settings, assumptions).items():
        accelerated = "Global Accelerator" in label
        estimate = failover_estimate(replace(settings, global_accelerator=accelerated))
        rows.append(
            f"| {label} | {_usd(cost.regions[0].usd, 2)} | {_usd(cost.usd, 2)} "
            f"| {cost.regions[0].usd / per_region_published:.2f} "
            f"| {estimate.worst_case_seconds} s |"
        )
    rows.append(
        f"| published examples (REST) | {_usd(per_region_published, 2)} "
        f"| {_usd(published.usd, 2)} | 1.00 | |"
    )
    return "\n".join(rows)
