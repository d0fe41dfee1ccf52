"""The Food-for-Thought page in headless Chromium against the local runtime: browse, add to the
catalog, order, fail the home region through the admin API, watch the page move to the other
region within the local failover model's time, update the order in its home region, restore.

Screenshots of every step go to ``build/artifacts/page/``. Outside CI the test skips with one
line naming what to install; in CI (``CI=true``) it installs Chromium itself.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from multi_region_api.local_runtime.browser import CHROMIUM, FLAGS, in_ci, missing
from multi_region_api.local_runtime.supervisor import LocalRuntime

from tests.e2e.runtime_support import ROOT

HOME, OTHER = "us-east-1", "us-west-2"
ARTIFACTS = ROOT / "build" / "artifacts" / "page"
POLL_SECONDS = 1.0  # the page's poll of the shared name (app.js POLL_MS)

_why_not = missing()
if _why_not and in_ci():
    pytest.fail(f"CI must run the browser test; it {_why_not}", pytrace=False)
pytestmark = pytest.mark.skipif(_why_not is not None, reason=_why_not or "")


def failover_bound(runtime: LocalRuntime) -> float:
    """The local failover model (threshold x interval, no DNS caches) plus one probe, one poll
    of the page and scheduling slack."""
    plan = runtime.plan
    return plan.interval_seconds * (plan.failure_threshold + 1) + POLL_SECONDS + 2.0


def _expected_lag_probe_miss(message: Any) -> bool:
    """The lag probe reads its item through another region until replication delivers it: the
    404s before that are the measurement (Chromium logs every failed fetch as an error)."""
    url = str((message.location or {}).get("url", ""))
    return message.text.startswith("Failed to load resource") and "/items/lag-probe-" in url


@pytest.fixture(scope="module")
def page(runtime: LocalRuntime) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=str(CHROMIUM), args=list(FLAGS))
        tab = browser.new_page(viewport={"width": 1200, "height": 1000})
        tab.errors = []
        tab.on("pageerror", lambda error: tab.errors.append(str(error)))
        tab.on(
            "console",
            lambda message: (
                message.type == "error"
                and not _expected_lag_probe_miss(message)
                and tab.errors.append(message.text)
            ),
        )
        tab.set_default_timeout(10_000)
        yield tab
        browser.close()


def shot(page: Any, name: str) -> Path:
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def admin(runtime: LocalRuntime, action: str) -> None:
    answer = requests.post(
        f"{runtime.plan.global_url}/_local/regions/{HOME}/{action}", json={}, timeout=30
    )
    assert answer.status_code == 200, answer.text


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

    admin(runtime, "fail")
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

    admin(runtime, "restore")
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
    admin(runtime, "kill")
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

    admin(runtime, "start")
    expect(page.locator(f"#region-{HOME} td").nth(1)).to_have_text("up")
    expect(page.locator("#served")).to_have_text(HOME, timeout=bound * 1000)
    order.get_by_role("button", name="shipped").click()
    expect(page.locator("#order-result")).to_have_text(f"updated in its home region {HOME}")
    shot(page, "7-home-back")
