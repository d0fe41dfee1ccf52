"""The Food-for-Thought page: its weight, and how fast a real browser shows a failover.

- page weight: the HTML, script and styles the browser downloads (raw and gzip), no baseline;
- time to failover in the page: from the admin API's ``fail`` call returning to headless
  Chromium's "Served by" label naming the other region, median of a few drills, against the
  local failover model's worst case (threshold x interval at the local scale; no DNS caches
  locally). The page polls once a second, which is most of the difference.

Skipped (no results) when Chromium or the playwright package is missing, with the reason.
"""

from __future__ import annotations

import gzip
import importlib
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

import requests
from multi_region_api.components.stack_config import load_stack_settings
from multi_region_api.local_runtime.browser import CHROMIUM, FLAGS, missing
from multi_region_api.local_runtime.supervisor import LocalRuntime, free_plan

from bench.result import Result

if TYPE_CHECKING:
    from playwright.sync_api import Page

ROOT = Path(__file__).resolve().parents[1]
SCALE = 0.05
DRILLS = 3
HOME, OTHER = "us-east-1", "us-west-2"
LIMIT_SECONDS = 30.0
TARGET_RATIO = 1.5
"""The model plus the page's 1 s poll and a probe's scheduling, at a 4.5 s model."""


def _weight() -> list[Result]:
    app = load_stack_settings("us", ROOT).settings.app
    assert app is not None, "the us stack serves the example application"
    sys.path.insert(0, str(app.path))  # as the archive's root is on Lambda
    page = importlib.import_module("food_for_thought.routes.page")
    files = [page.STATIC / name for name in (page.PAGE, *page.ASSETS)]
    raw = sum(len(f.read_bytes()) for f in files)
    packed = sum(len(gzip.compress(f.read_bytes(), 9)) for f in files)
    return [
        Result("page weight (html+js+css)", raw, "bytes"),
        Result("page weight gzip", packed, "bytes"),
    ]


def _served(page: Page, region: str) -> float:
    """Seconds until the page's "Served by" label says ``region`` (``expect`` polls through
    the DevTools protocol: the page's CSP forbids the eval that ``wait_for_function`` needs)."""
    from playwright.sync_api import expect

    started = time.monotonic()
    expect(page.locator("#served")).to_have_text(region, timeout=LIMIT_SECONDS * 1000)
    return time.monotonic() - started


def _failover() -> list[Result]:
    from playwright.sync_api import sync_playwright

    with (
        tempfile.TemporaryDirectory() as logs,
        LocalRuntime(free_plan("us", scale=SCALE, project_dir=ROOT), Path(logs)) as runtime,
        sync_playwright() as driver,
    ):
        plan = runtime.plan
        admin = f"{plan.global_url}/_local/regions/{HOME}"
        browser = driver.chromium.launch(executable_path=str(CHROMIUM), args=list(FLAGS))
        page = browser.new_page()
        page.goto(f"{plan.global_url}/")
        times = []
        for _ in range(DRILLS):
            _served(page, HOME)
            requests.post(f"{admin}/fail", json={}, timeout=30).raise_for_status()
            times.append(_served(page, OTHER))
            requests.post(f"{admin}/restore", json={}, timeout=30).raise_for_status()
        browser.close()
        model = plan.interval_seconds * plan.failure_threshold
    return [
        Result(
            "failover shown in the page (headless Chromium)",
            statistics.median(times),
            "s",
            baseline=model,
            baseline_name="local failover model (threshold x interval)",
            target_ratio=TARGET_RATIO,
        )
    ]


def run() -> list[Result]:
    results = _weight()
    reason = missing()
    if reason:
        print(f"  skipped the browser benchmark: {reason}")
        return results
    return results + _failover()
