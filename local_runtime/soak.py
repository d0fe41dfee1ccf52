"""A bounded soak of a running local runtime: mixed writes through the global endpoint while
the memory of every child process is sampled. Shared by ``tests/e2e/test_soak.py`` (a short run
in ``make test``) and ``bench/bench_local.py`` (5,000 writes in ``make bench``), so it lives in
neither. HTTP through urllib3, which botocore already brings: no dependency of its own.

The data set stays the same size (a fixed set of item ids, catalog entries and one hit counter),
so memory and latency must stay flat: any growth is history the runtime keeps, not data.
"""

from __future__ import annotations

import json
import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import urllib3

CLIENTS = 4
ITEM_IDS = 100
CATALOG_IDS = 20
WINDOW = 500
"""Requests compared at the start and the end of the run."""


def rss_bytes(pid: int) -> int:
    """Resident set size of ``pid`` (Linux ``/proc``)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise LookupError(f"no VmRSS for pid {pid}")


@dataclass
class SoakResult:
    writes: int
    seconds: float
    latencies_ms: list[float]
    rss_start: dict[str, int]
    rss_end: dict[str, int]
    errors: list[str] = field(default_factory=list)

    window: int = WINDOW

    def p50_ms(self, first: bool) -> float:
        n = self.window
        return statistics.median(self.latencies_ms[:n] if first else self.latencies_ms[-n:])

    @property
    def p50_ratio(self) -> float:
        return self.p50_ms(first=False) / self.p50_ms(first=True)

    def rss_growth(self, name: str) -> float:
        return self.rss_end[name] / self.rss_start[name]


def _write(pool: urllib3.PoolManager, url: str, n: int) -> None:
    kind = n % 3
    body: dict[str, object] | None
    if kind == 0:
        method, target, body = "PUT", f"{url}/items/soak-{n % ITEM_IDS}", {"data": {"n": n}}
    elif kind == 1:
        body = {"name": f"entry {n}", "priceCents": n}
        method, target = "PUT", f"{url}/catalog/soak-{n % CATALOG_IDS}"
    else:
        method, target, body = "POST", f"{url}/hits", None
    answer = pool.request(
        method,
        target,
        body=None if body is None else json.dumps(body),
        headers={"Content-Type": "application/json"} if body is not None else None,
        timeout=urllib3.Timeout(total=30),
        retries=False,
    )
    if answer.status >= 300:
        text = answer.data.decode("utf-8", "replace")[:200]
        raise RuntimeError(f"write {n}: HTTP {answer.status} {text}")


def soak(
    url: str, pids: dict[str, int], writes: int, time_cap: float, window: int = WINDOW
) -> SoakResult:
    """``writes`` mixed writes (items, catalog transactions, hits) from ``CLIENTS`` clients.

    RSS is taken after the first ``window`` writes (everything imported and warm) and at the
    end; the run stops early at ``time_cap`` seconds.
    """
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    counter = iter(range(writes))
    deadline = time.monotonic() + time_cap
    rss_start: dict[str, int] = {}

    def client() -> None:
        pool = urllib3.PoolManager(maxsize=1)
        while time.monotonic() < deadline:
            with lock:
                n = next(counter, None)
            if n is None:
                return
            started = time.perf_counter()
            try:
                _write(pool, url, n)
            except (RuntimeError, urllib3.exceptions.HTTPError) as exc:
                with lock:
                    errors.append(str(exc))
                continue
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                if len(latencies) == window:
                    rss_start.update({name: rss_bytes(pid) for name, pid in pids.items()})

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        for future in [pool.submit(client) for _ in range(CLIENTS)]:
            future.result()
    rss_end = {name: rss_bytes(pid) for name, pid in pids.items()}
    return SoakResult(
        writes=len(latencies),
        seconds=time.monotonic() - started,
        latencies_ms=latencies,
        rss_start=rss_start or dict(rss_end),
        rss_end=rss_end,
        errors=errors,
        window=window,
    )
