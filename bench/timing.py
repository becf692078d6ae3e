"""Interleaved runs of a case and its floor, and their summary."""

from __future__ import annotations

import statistics
from collections.abc import Callable
from typing import Any


def interleave(case: Callable[[], float | list[float]], floor: Callable[[], float | list[float]], runs: int,
               *, warmup: int = 1) -> tuple[list[float], list[float]]:
    """Run case and floor alternately (after ``warmup`` unrecorded rounds); milliseconds each."""
    case_ms: list[float] = []
    floor_ms: list[float] = []
    for i in range(warmup + runs):
        a, b = case(), floor()
        if i >= warmup:
            case_ms += a if isinstance(a, list) else [a]
            floor_ms += b if isinstance(b, list) else [b]
    return case_ms, floor_ms


def summary(case_ms: list[float], floor_ms: list[float] | None, *, target: dict[str, Any] | None = None,
            **extra: Any) -> dict[str, Any]:
    """median/min of the case, the floor's median, the ratio, and whether the target holds.

    ``target`` may hold ``ratio_max`` (case median / floor median), ``ms_max`` (case
    median) and ``mib_max``; every given bound must hold for ``pass``.
    """
    out: dict[str, Any] = {
        "median_ms": round(statistics.median(case_ms), 2),
        "min_ms": round(min(case_ms), 2),
        "runs": len(case_ms),
    }
    if floor_ms:
        out["floor_median_ms"] = round(statistics.median(floor_ms), 2)
        out["floor_min_ms"] = round(min(floor_ms), 2)
        out["ratio"] = round(statistics.median(case_ms) / max(statistics.median(floor_ms), 1e-9), 3)
    out.update(extra)
    if target:
        out["target"] = target
        checks = []
        if "ratio_max" in target and "ratio" in out:
            checks.append(out["ratio"] <= target["ratio_max"])
        if "ms_max" in target:
            checks.append(out["median_ms"] <= target["ms_max"])
        out["pass"] = all(checks)
    return out
