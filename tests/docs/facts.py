"""Counts, prices and times in the docs, produced by the code they describe.

A page holds a generated region between ``<!-- facts:NAME -->`` and ``<!-- /facts:NAME -->`` (a
block) or ``<!-- fact:NAME -->`` and ``<!-- /fact -->`` (a value inside a sentence). ``make
docs-facts`` (``python -m tests.docs.facts``) rewrites every region from the code;
``tests/unit/docs/test_facts.py`` fails while a committed page differs from what it writes.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import re
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

from multi_region_api.components import lambda_size
from multi_region_api.components.args import ApiSettings, resolve_args
from multi_region_api.components.estimates import prices
from multi_region_api.components.estimates.cost import (
    CostAssumptions,
    checker_requests_per_month,
    component_profile,
    stack_cost,
)
from multi_region_api.components.estimates.failover import FailoverEstimate, failover_estimate
from multi_region_api.handlers import guards
from multi_region_api.ops.__main__ import main as ops_main
from multi_region_api.ops.cost_table import front_door_table
from multi_region_api.ops.stack_settings import load_settings

from tests.docs.blocks import pages
from tests.unit.components.support import build_graph, stack_args

ROOT = Path(__file__).resolve().parents[2]
_BLOCK = re.compile(
    r"(?<!`)(?P<open><!-- facts:(?P<name>[\w.-]+) -->\n)(?P<body>.*?)"
    r"(?P<close><!-- /facts:(?P=name) -->)",
    re.S,
)
_INLINE = re.compile(
    r"(?<!`)(?P<open><!-- fact:(?P<name>[\w.-]+) -->)(?P<body>.*?)(?P<close><!-- /fact -->)"
)
FRONT_DOORS: dict[str, dict[str, Any]] = {
    "rest": {"front_door": "rest"},
    "http": {"front_door": "http"},
    "alb": {"front_door": "alb"},
    "alb + Global Accelerator": {"front_door": "alb", "global_accelerator": True},
}


def _command(*argv: str) -> str:
    """What ``multi-region-api ARGV`` prints, run in-process from the repository root."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = ops_main(["--project-dir", str(ROOT), *argv])
    if code != 0:
        raise RuntimeError(f"multi-region-api {' '.join(argv)} exited {code}")
    return out.getvalue().rstrip("\n")


def _text(body: str) -> str:
    return f"```text\n{body}\n```"


@cache
def _count(stack: str, door: str) -> int:
    args = {**stack_args(stack), **FRONT_DOORS[door]}
    return len(build_graph(args).resources)  # type: ignore[arg-type]


def resource_counts() -> str:
    """The us stack's graph with each front door (the eu stack has the same shape)."""
    rows = [
        "| stack | " + " | ".join(f"`{d}`" if " " not in d else d for d in FRONT_DOORS) + " |",
        "|---|" + "---:|" * len(FRONT_DOORS),
    ]
    rows.append("| `us` | " + " | ".join(str(_count("us", d)) for d in FRONT_DOORS) + " |")
    return "\n".join(rows)


@cache
def resources_per_region() -> str:
    """Resource types of the us stack (rest) per region and per stack: the graph with one region
    more, minus the graph as it is, is what a region adds."""
    args = stack_args("us")
    two = Counter(r.type for r in build_graph(args).resources)
    three = Counter(
        r.type for r in build_graph({**args, "regions": [*args["regions"], "us-east-2"]}).resources
    )
    per_region = three - two
    fixed = two.copy()
    for typ, n in per_region.items():
        fixed[typ] -= 2 * n
    rows = ["| resource type | per region | once per stack |", "|---|---:|---:|"]
    for typ in sorted(set(two) | set(three)):
        rows.append(f"| `{typ}` | {per_region[typ]} | {fixed[typ]} |")
    rows.append(f"| **total** | **{sum(per_region.values())}** | **{sum(fixed.values())}** |")
    return "\n".join(rows)


def _usd(value: float) -> str:
    return f"${value:,.2f}"


def _hours() -> int:
    return CostAssumptions().days_per_month * 24


def _us(interval_seconds: int | None = None) -> ApiSettings:
    """The us stack's settings, with another health-check interval if given."""
    settings = resolve_args(stack_args("us"))
    if interval_seconds is None:
        return settings
    check = replace(settings.health_check, interval_seconds=interval_seconds)
    return replace(settings, health_check=check)


def _us_failover(interval_seconds: int | None = None) -> FailoverEstimate:
    return failover_estimate(_us(interval_seconds))


def _us_region_cost(interval_seconds: int | None = None) -> float:
    return stack_cost(_us(interval_seconds), assumptions=CostAssumptions()).regions[0].usd


def _checker_requests_million() -> str:
    settings = _us()
    requests = checker_requests_per_month(component_profile(settings), CostAssumptions())
    return f"{requests / 1e6:.2f} million"


PAGE_FILES = ROOT / "examples" / "food_for_thought" / "food_for_thought" / "static"


def _page_kb(compress: bool) -> str:
    """The example's page (HTML, script, styles) in KB, as served or gzipped."""
    files = [f.read_bytes() for f in sorted(PAGE_FILES.iterdir()) if f.is_file()]
    size = sum(len(gzip.compress(b, mtime=0) if compress else b) for b in files)
    return f"{size / 1000:.0f} KB"


BLOCKS: dict[str, Callable[[], str]] = {
    "cost": lambda: _text(_command("cost", "--stack", "all")),
    "failover-time": lambda: _text(_command("failover-time", "--stack", "all")),
    "front-doors-us": lambda: _text(
        front_door_table("us", load_settings("us", ROOT), CostAssumptions())
    ),
    "resource-counts": resource_counts,
    "resources-per-region": resources_per_region,
}
INLINE: dict[str, Callable[[], str]] = {
    "price.rest-per-million": lambda: _usd(prices.APIGW_REST_REQUEST.usd * 1e6),
    "price.http-per-million": lambda: _usd(prices.APIGW_HTTP_REQUEST.usd * 1e6),
    "price.alb-month": lambda: _usd(prices.ALB_HOUR.usd * _hours()),
    "price.alb-ipv4-month": lambda: _usd(
        prices.PUBLIC_IPV4_HOUR.usd * CostAssumptions().alb_availability_zones * _hours()
    ),
    "price.accelerator-month": lambda: _usd(prices.ACCELERATOR_HOUR.usd * _hours()),
    "price.accelerator-gb": lambda: f"${prices.ACCELERATOR_DT_PREMIUM_GB.usd:.3f}",
    "price.region-switch-plan": lambda: _usd(prices.REGION_SWITCH_PLAN.usd),
    "price.fast-interval-extra": lambda: _usd(_us_region_cost(10) - _us_region_cost()),
    "cost.checker-requests": _checker_requests_million,
    "lambda.zipped-limit": lambda: f"{lambda_size.ZIPPED_LIMIT / 2**20:.0f} MB",
    "lambda.unzipped-limit": lambda: f"{lambda_size.UNZIPPED_LIMIT / 2**20:.0f} MB",
    "lambda.layer-unzipped": lambda: f"{lambda_size.layer_unzipped_bytes() / 1e6:.1f} MB",
    "page.size": lambda: _page_kb(compress=False),
    "page.gzipped": lambda: _page_kb(compress=True),
    "limit.body": lambda: f"{guards.MAX_BODY_BYTES // 1024} KiB",
    "limit.headers": lambda: f"{guards.MAX_HEADER_BYTES // 1024} KiB",
    "limit.json-depth": lambda: str(guards.MAX_JSON_DEPTH),
    "failover.us-detection": lambda: f"{_us_failover().detection_worst_seconds} s",
    "failover.us-worst-fast": lambda: f"{_us_failover(interval_seconds=10).worst_case_seconds} s",
}


def render(text: str) -> str:
    """``text`` with every generated region rewritten from the code."""

    def block(m: re.Match[str]) -> str:
        return f"{m['open']}{BLOCKS[m['name']]()}\n{m['close']}"

    def inline(m: re.Match[str]) -> str:
        return f"{m['open']}{INLINE[m['name']]()}{m['close']}"

    return _INLINE.sub(inline, _BLOCK.sub(block, text))


def names_used() -> set[str]:
    found: set[str] = set()
    for page in pages():
        text = page.read_text()
        found |= {m["name"] for m in _BLOCK.finditer(text)}
        found |= {m["name"] for m in _INLINE.finditer(text)}
    return found


def stale_pages() -> list[Path]:
    return [p for p in pages() if render(p.read_text()) != p.read_text()]


def main() -> int:
    for page in pages():
        text = page.read_text()
        new = render(text)
        if new != text:
            page.write_text(new)
            print(f"rewrote {page.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
