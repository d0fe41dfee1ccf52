"""Headless Chromium for the page tests: find it (or install it in CI), open a tab that records
the page's errors, drive the local runtime's drill, take screenshots."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import requests
from multi_region_api.local_runtime.admin import STATUS_PATH
from multi_region_api.local_runtime.browser import CHROMIUM, FLAGS, in_ci, missing

if TYPE_CHECKING:
    from multi_region_api.local_runtime.supervisor import LocalRuntime
    from playwright.sync_api import Page

ARTIFACTS = Path(__file__).resolve().parents[2] / "build" / "artifacts" / "page"
POLL_SECONDS = 1.0  # the page's poll of the shared name (app.js POLL_MS)
PROBE_SECONDS = 2.0  # its probe of each region and of the router's status (app.js PROBE_MS)


def needs_browser() -> pytest.MarkDecorator:
    """A page-test module's mark: outside CI it skips with one line naming what to install; in CI
    (``CI=true``) a missing browser fails the run, because a skipped page test hides a broken
    page."""
    why_not = missing()
    if why_not and in_ci():
        pytest.fail(f"CI must run the browser test; it {why_not}", pytrace=False)
    return pytest.mark.skipif(why_not is not None, reason=why_not or "")


def expected_miss(message: Any) -> bool:
    """A failed fetch the page makes on purpose (Chromium logs each one as an error): the lag
    probe reads its item through another region until replication delivers it, and the page
    asks once for the router's status where nothing answers it (a regional name, AWS)."""
    url = str((message.location or {}).get("url", ""))
    on_purpose = "/items/lag-probe-" in url or url.endswith(STATUS_PATH)
    return message.text.startswith("Failed to load resource") and on_purpose


@contextmanager
def chromium_tab() -> Iterator[Page]:
    """One tab in headless Chromium; ``tab.errors`` collects its script and console errors."""
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=str(CHROMIUM), args=list(FLAGS))
        tab: Any = browser.new_page(viewport={"width": 1200, "height": 1000})
        tab.errors = []
        tab.on("pageerror", lambda error: tab.errors.append(str(error)))
        tab.on(
            "console",
            lambda message: (
                message.type == "error"
                and not expected_miss(message)
                and tab.errors.append(message.text)
            ),
        )
        tab.set_default_timeout(10_000)
        try:
            yield tab
        finally:
            browser.close()


def shot(page: Page, name: str) -> Path:
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def drill(runtime: LocalRuntime, region: str, action: str) -> None:
    """One admin action (fail, restore, kill, start) on ``region``, as ``drill`` sends it."""
    answer = requests.post(
        f"{runtime.plan.global_url}/_local/regions/{region}/{action}", json={}, timeout=30
    )
    assert answer.status_code == 200, answer.text


def failover_bound(runtime: LocalRuntime) -> float:
    """The local failover model (threshold x interval, no DNS caches) plus one probe, one poll
    of the page and scheduling slack."""
    plan = runtime.plan
    return plan.interval_seconds * (plan.failure_threshold + 1) + POLL_SECONDS + 2.0
