"""The Food-for-Thought page in headless Chromium against the local runtime: browse, add to the
catalog, order, fail the home region through the admin API, watch the page move to the other
region within the local failover model's time, update the order in its home region, restore.

Screenshots of every step go to ``build/artifacts/page/``. Outside CI the test skips with one
line naming what to install; in CI (``CI=true``) it installs Chromium itself.
"""

from __future__ import annotations

import time
from typing import Any

from multi_region_api.local_runtime.supervisor import LocalRuntime

from tests.e2e.page_browser import drill, failover_bound, needs_browser, shot

HOME, OTHER = "us-east-1", "us-west-2"

pytestmark = needs_browser()


def test_the_page_fails_over_and_back(runtime: LocalRuntime, page: Any) -> None:
    from playwright.sync_api import expect

    home_url = runtime.plan.region_urls[HOME]
    patches: list[str] = []
    page.on("request", lambda r: r.method == "PATCH" and patches.append(r.url))

    page.goto(f"{runtime.plan.global_url}/")
    expect(page.locator("#served")).to_have_text(HOME)
    expect(page.locator("#home")).to_have_text(HOME)
    expect(page.locator("#hits")).to_have_text("1")
    expect(page.locator(f"#region-{OTHER} td").nth(1)).to_have_text("up")
    shot(page, "1-browse")

    page.fill("#entry [name=id]", "soup")
    page.fill("#entry [name=name]", "Lentil soup")
    page.fill("#entry [name=price]", "4.50")
    page.click("#entry button")
    expect(page.locator("#entry-result")).to_have_text(f"saved in {HOME}")
    expect(page.locator("#catalog")).to_contain_text("Lentil soup")
    expect(page.locator("#lag")).to_contain_text("ms", timeout=15_000)

    page.fill("#order [name=customer]", "Ana")
    page.select_option("#sku", "soup")
    page.click("#order button")
    order = page.locator("#orders li").first
    expect(order).to_contain_text(f"open v1 · home {HOME}")
    shot(page, "2-ordered")

    drill(runtime, HOME, "fail")
    failed_at = time.monotonic()
    bound = failover_bound(runtime)
    expect(page.locator("#served")).to_have_text(OTHER, timeout=bound * 1000)
    took = time.monotonic() - failed_at
    assert took <= bound, f"the page showed {OTHER} after {took:.1f} s (bound {bound:.1f} s)"
    expect(page.locator("#banner")).to_contain_text(f"Home region {HOME} is out of rotation")
    expect(page.locator("#switches")).to_contain_text(f"{HOME} → {OTHER}")
    shot(page, "3-failed-over")

    order.get_by_role("button", name="re-read").click()
    expect(page.locator("#order-result")).to_have_text(f"read from {OTHER}: open v1")
    order.get_by_role("button", name="paid").click()
    expect(page.locator("#order-result")).to_have_text(f"updated in its home region {HOME}")
    expect(order).to_contain_text(f"paid v2 · home {HOME}")
    assert patches, "the page sent no PATCH"
    assert all(url.startswith(f"{home_url}/orders/") for url in patches), patches
    shot(page, "4-order-updated-at-home")

    drill(runtime, HOME, "restore")
    expect(page.locator("#served")).to_have_text(HOME, timeout=bound * 1000)
    expect(page.locator("#banner")).to_be_hidden()
    expect(page.locator("#switches")).to_contain_text(f"{OTHER} → {HOME}")
    shot(page, "5-restored")
    assert page.errors == [], page.errors


def test_while_the_home_region_is_down_the_page_says_so(runtime: LocalRuntime, page: Any) -> None:
    """SIGKILL the home region: its row shows down, the banner says so, the order stays
    readable through the other region and its change waits for home; then start it again."""
    from playwright.sync_api import expect

    bound = failover_bound(runtime)
    order = page.locator("#orders li").first
    drill(runtime, HOME, "kill")
    expect(page.locator(f"#region-{HOME} td").nth(1)).to_have_text("down")
    expect(page.locator("#banner")).to_contain_text(f"Home region {HOME} is down")
    expect(page.locator("#served")).to_have_text(OTHER, timeout=bound * 1000)
    order.get_by_role("button", name="re-read").click()
    expect(page.locator("#order-result")).to_have_text(f"read from {OTHER}: paid v2")
    order.get_by_role("button", name="shipped").click()
    expect(page.locator("#order-result")).to_have_text(
        f"home region {HOME} does not answer: this change waits for it"
    )
    expect(order).to_contain_text("paid v2")
    shot(page, "6-home-down")

    drill(runtime, HOME, "start")
    expect(page.locator(f"#region-{HOME} td").nth(1)).to_have_text("up")
    expect(page.locator("#served")).to_have_text(HOME, timeout=bound * 1000)
    order.get_by_role("button", name="shipped").click()
    expect(page.locator("#order-result")).to_have_text(f"updated in its home region {HOME}")
    shot(page, "7-home-back")
