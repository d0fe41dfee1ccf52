"""What the page says it does not know yet, and what the router believes, in headless Chromium
against a fresh local runtime of its own.

A fresh page shows a sentence for each empty list and for the replication lag it has not measured
(its probe's write is held back), then a number once the write replicates. A region failed
through the drill reads "out of rotation: failed by a drill" in the router column while its
``/hello`` still answers. On a regional name, where nothing answers for the router (as on AWS),
the column says "unknown" and the page asks only once.
"""

from __future__ import annotations

import re
from typing import Any

import requests
from multi_region_api.local_runtime.admin import STATUS_PATH
from multi_region_api.local_runtime.supervisor import LocalRuntime

from tests.e2e.page_browser import (
    PROBE_SECONDS,
    drill,
    failover_bound,
    needs_browser,
    shot,
)

HOME, OTHER = "us-east-1", "us-west-2"
LAG_PROBE = "**/items/lag-probe-*"
LAG_SECONDS = 5.0  # the page measures lag this often (app.js LAG_MS)

pytestmark = needs_browser()


def row(page: Any, region: str) -> Any:
    return page.locator(f"#region-{region}")


def hello_cell(page: Any, region: str) -> Any:
    return row(page, region).locator("td").nth(1)


def router_cell(page: Any, region: str) -> Any:
    return row(page, region).locator("td").nth(3)


def test_a_fresh_page_explains_empty_lists_and_the_lag_it_has_not_measured(
    runtime: LocalRuntime, page: Any
) -> None:
    from playwright.sync_api import expect

    page.route(LAG_PROBE, lambda route: route.abort())
    page.goto(f"{runtime.plan.global_url}/")
    expect(page.locator("#served")).to_have_text(HOME)
    expect(page.locator("#switches-empty")).to_have_text(
        f"None since this page opened: the shared name has answered from {HOME} throughout."
    )
    expect(page.locator("#switches li")).to_have_count(0)
    expect(page.locator("#catalog-empty")).to_be_visible()
    expect(page.locator("#catalog-empty")).to_contain_text("The catalog is empty")
    expect(page.locator("table:has(#catalog)")).to_be_hidden()
    expect(page.locator("#sku option")).to_have_text(["add a catalog entry first"])
    expect(page.locator("#orders-empty")).to_be_visible()
    expect(page.locator("#orders-empty")).to_contain_text("No orders from this page yet")
    for region in (HOME, OTHER):
        expect(router_cell(page, region)).to_have_text("in rotation")

    # The probe's write never lands: no number, and the line says why.
    wait = (2 * LAG_SECONDS + PROBE_SECONDS) * 1000
    expect(page.locator("#lag-how")).to_have_text(
        f"(the probe's write through {HOME} got no answer)", timeout=wait
    )
    expect(page.locator("#lag")).to_have_text("no measurement yet")
    assert "?" not in page.locator("#lag").inner_text()
    shot(page, "states-1-fresh")

    page.unroute(LAG_PROBE)
    expect(page.locator("#lag")).to_have_text(re.compile(r"^\d+ ms$"), timeout=wait)
    expect(page.locator("#lag-how")).to_have_text(f"(written in {HOME}, read in {OTHER})")

    page.fill("#entry [name=id]", "tea")
    page.fill("#entry [name=name]", "Mint tea")
    page.fill("#entry [name=price]", "2.00")
    page.click("#entry button")
    expect(page.locator("#catalog")).to_contain_text("Mint tea")
    expect(page.locator("#catalog-empty")).to_be_hidden()
    page.fill("#order [name=customer]", "Bo")
    page.select_option("#sku", "tea")
    page.click("#order button")
    expect(page.locator("#orders li")).to_have_count(1)
    expect(page.locator("#orders-empty")).to_be_hidden()
    shot(page, "states-2-lists")
    assert page.errors == [], page.errors


def test_a_region_failed_by_the_drill_is_out_of_rotation_while_its_hello_answers(
    runtime: LocalRuntime, page: Any
) -> None:
    from playwright.sync_api import expect

    bound = (failover_bound(runtime) + PROBE_SECONDS) * 1000
    drill(runtime, HOME, "fail")
    expect(router_cell(page, HOME)).to_contain_text(
        "out of rotation: failed by a drill", timeout=bound
    )
    expect(router_cell(page, HOME)).to_contain_text("FORCE_FAIL is set")
    expect(row(page, HOME)).to_have_class(re.compile(r"\bout\b"))
    hello = requests.get(f"{runtime.plan.region_urls[HOME]}/hello", timeout=5)
    assert hello.status_code == 200, "the drill must leave /hello answering"
    expect(hello_cell(page, HOME)).to_have_text("up")
    expect(router_cell(page, OTHER)).to_have_text("in rotation")
    expect(page.locator("#banner")).to_contain_text(
        f"Home region {HOME} is out of rotation (failed by a drill)"
    )
    expect(page.locator("#switches li")).to_have_count(1, timeout=bound)
    expect(page.locator("#switches-empty")).to_be_hidden()
    shot(page, "states-3-drill")

    drill(runtime, HOME, "restore")
    expect(router_cell(page, HOME)).to_have_text("in rotation", timeout=bound)
    expect(row(page, HOME)).not_to_have_class(re.compile(r"\bout\b"))
    expect(page.locator("#banner")).to_be_hidden(timeout=bound)
    assert page.errors == [], page.errors


def test_where_no_router_answers_the_router_column_says_unknown(
    runtime: LocalRuntime, page: Any
) -> None:
    """A regional name has no router behind it, like AWS (Route 53's verdict is not readable
    from a page): "unknown", never an "in rotation" inferred from ``/hello``."""
    from playwright.sync_api import expect

    asked: list[str] = []
    page.on("request", lambda r: r.url.endswith(STATUS_PATH) and asked.append(r.url))
    page.goto(f"{runtime.plan.region_urls[HOME]}/")
    for region in (HOME, OTHER):
        expect(hello_cell(page, region)).to_have_text("up")
        expect(router_cell(page, region)).to_have_text(
            "unknown (the router's view is not visible to this page)"
        )
    page.wait_for_timeout(2 * PROBE_SECONDS * 1000)
    assert len(asked) == 1, asked
    expect(page.locator("#regions")).not_to_contain_text("rotation")
    shot(page, "states-4-no-router")
    assert page.errors == [], page.errors
