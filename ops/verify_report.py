"""The rows ``verify`` prints: one per promise and target, and the exit code they add up to."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

EXIT_OK = 0
EXIT_FAILED = 1


class Outcome(StrEnum):
    PASS = "pass"  # noqa: S105 - a result, not a password
    FAIL = "FAIL"  # upper case so a failure stands out in a long table
    SKIP = "skipped"


@dataclass(frozen=True)
class Row:
    check: str
    target: str
    outcome: Outcome
    detail: str = ""


def passed(check: str, target: str, detail: str = "") -> Row:
    return Row(check, target, Outcome.PASS, detail)


def failed(check: str, target: str, detail: str) -> Row:
    return Row(check, target, Outcome.FAIL, detail)


def skipped(check: str, target: str, detail: str) -> Row:
    return Row(check, target, Outcome.SKIP, detail)


def judged(check: str, target: str, ok: bool, detail: str) -> Row:
    return Row(check, target, Outcome.PASS if ok else Outcome.FAIL, detail)


def render(rows: Sequence[Row]) -> str:
    """A plain-text table (check, target, result, detail) and a one-line summary."""
    header = ("check", "target", "result", "detail")
    cells = [header, *((r.check, r.target, str(r.outcome), r.detail) for r in rows)]
    widths = [max(len(line[i]) for line in cells) for i in range(3)]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(line[:3], widths, strict=True))
        + f"  {line[3]}"
        for line in cells
    ]
    lines.insert(1, "  ".join("-" * width for width in widths) + "  " + "-" * len(header[3]))
    return "\n".join(line.rstrip() for line in [*lines, summary(rows)])


def summary(rows: Iterable[Row]) -> str:
    counts = {outcome: 0 for outcome in Outcome}
    for row in rows:
        counts[row.outcome] += 1
    verdict = "FAILED" if counts[Outcome.FAIL] else "all promises hold"
    return (
        f"{verdict}: {counts[Outcome.PASS]} passed, {counts[Outcome.FAIL]} failed, "
        f"{counts[Outcome.SKIP]} skipped"
    )


def exit_code(rows: Iterable[Row]) -> int:
    return EXIT_FAILED if any(r.outcome is Outcome.FAIL for r in rows) else EXIT_OK
