"""Data across regions over HTTP: home-region orders, last-writer-wins items, single-writer
catalog, and hit counters incremented concurrently in both regions."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor

import requests
from multi_region_api.local_runtime.supervisor import LocalRuntime

from tests.e2e.runtime_support import wait_until

HOME, OTHER = "us-east-1", "us-west-2"
REPLICATED_WITHIN = 5.0


def _get(url: str) -> requests.Response:
    return requests.get(url, timeout=5)


def test_order_is_written_only_in_its_home_region(runtime: LocalRuntime) -> None:
    urls = runtime.plan.region_urls
    created = requests.post(
        f"{runtime.plan.global_url}/orders",
        json={"customer": "ada", "lines": [{"sku": "sku-1", "quantity": 2}]},
        timeout=5,
    )
    assert created.status_code == 201, created.text
    order = created.json()
    assert order["homeRegion"] == HOME  # the global endpoint prefers the home region
    assert created.headers["Location"] == f"{urls[HOME]}/orders/{order['id']}"
    assert wait_until(lambda: _get(f"{urls[OTHER]}/orders/{order['id']}").ok, REPLICATED_WITHIN)

    change = {"version": 1, "status": "paid"}
    refused = requests.patch(f"{urls[OTHER]}/orders/{order['id']}", json=change, timeout=5)
    assert refused.status_code == 409
    assert refused.json()["error"] == "wrong_region"
    assert refused.json()["homeUrl"] == urls[HOME]
    assert refused.headers["Location"] == f"{urls[HOME]}/orders/{order['id']}"

    accepted = requests.patch(f"{urls[HOME]}/orders/{order['id']}", json=change, timeout=5)
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["version"] == 2
    assert wait_until(
        lambda: _get(f"{urls[OTHER]}/orders/{order['id']}").json()["status"] == "paid",
        REPLICATED_WITHIN,
    )


def test_items_last_writer_wins_in_both_directions(runtime: LocalRuntime) -> None:
    urls = runtime.plan.region_urls
    for first, last in ((HOME, OTHER), (OTHER, HOME)):
        path = f"/items/lww-{uuid.uuid4().hex[:8]}"
        for region in (first, last):  # back to back: the first write is still replicating
            answer = requests.put(f"{urls[region]}{path}", json={"data": {"by": region}}, timeout=5)
            assert answer.status_code == 200, answer.text

        def settled(path: str = path, last: str = last) -> bool:
            seen = [_get(f"{urls[r]}{path}").json() for r in (HOME, OTHER)]
            return all(s["data"] == {"by": last} and s["updatedRegion"] == last for s in seen)

        assert wait_until(settled, REPLICATED_WITHIN)

        deleted = requests.delete(f"{urls[first]}{path}", timeout=5)
        assert deleted.status_code == 204
        gone = f"{urls[last]}{path}"
        assert wait_until(lambda u=gone: _get(u).status_code == 404, REPLICATED_WITHIN)


def test_catalog_writes_are_refused_outside_the_home_region(runtime: LocalRuntime) -> None:
    urls = runtime.plan.region_urls
    path = f"/catalog/c-{uuid.uuid4().hex[:8]}"
    entry = {"name": "widget", "priceCents": 1200}
    refused = requests.put(f"{urls[OTHER]}{path}", json=entry, timeout=5)
    assert refused.status_code == 409
    assert refused.json()["error"] == "wrong_region"
    assert refused.json()["homeRegion"] == HOME
    assert _get(f"{urls[HOME]}{path}").status_code == 404  # nothing was written anywhere

    assert requests.put(f"{urls[HOME]}{path}", json=entry, timeout=5).status_code == 200
    assert wait_until(lambda: _get(f"{urls[OTHER]}{path}").status_code == 200, REPLICATED_WITHIN)


def test_concurrent_increments_in_both_regions_sum_exactly(runtime: LocalRuntime) -> None:
    urls = runtime.plan.region_urls
    before = _get(f"{urls[HOME]}/hits").json()["total"]
    requests_per_region = 150

    def hit(n: int) -> int:
        region = HOME if n % 2 else OTHER
        return requests.post(f"{urls[region]}/hits", timeout=10).status_code

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(hit, range(2 * requests_per_region)))
    assert statuses == [200] * (2 * requests_per_region)
    expected = before + 2 * requests_per_region
    for region in (HOME, OTHER):
        assert wait_until(
            lambda r=region: _get(f"{urls[r]}/hits").json()["total"] == expected,
            REPLICATED_WITHIN,
        ), (region, _get(f"{urls[region]}/hits").json(), expected)
