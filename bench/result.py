"""One benchmark measurement, optionally against a baseline from the same run."""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import dataclass
from time import perf_counter


@dataclass(frozen=True)
class Result:
    name: str
    value: float
    unit: str
    baseline: float | None = None
    baseline_name: str | None = None
    target_ratio: float | None = None

    @property
    def ratio(self) -> float | None:
        return self.value / self.baseline if self.baseline else None

    def __str__(self) -> str:
        text = f"{self.name}: {self.value:.4g} {self.unit}"
        if self.ratio is not None:
            text += f" = {self.ratio:.2f}x {self.baseline_name} ({self.baseline:.4g} {self.unit})"
            if self.target_ratio is not None:
                verdict = "ok" if self.ratio <= self.target_ratio else "OVER TARGET"
                text += f" [target <= {self.target_ratio}x: {verdict}]"
        return text


def median_seconds(fn: Callable[[], object], repeat: int) -> float:
    """Median wall time of ``repeat`` calls of ``fn``."""
    times = []
    for _ in range(repeat):
        start = perf_counter()
        fn()
        times.append(perf_counter() - start)
    return statistics.median(times)
