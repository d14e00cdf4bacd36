"""One measured figure beside its baseline, and the percentile the latency figures are read at."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Figure:
    name: str
    ours: float
    baseline_name: str
    baseline: float
    unit: str
    target: str

    @property
    def ratio(self) -> float:
        return self.ours / self.baseline if self.baseline else 0.0


def percentile(values: list[float], share: float) -> float:
    """The value below which `share` of the values fall (the nearest rank, from below)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]
