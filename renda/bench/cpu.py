"""CPU use of the processes under measurement, of PostgreSQL and of the machine, read from /proc."""

from __future__ import annotations

import os
from pathlib import Path


def _stat(pid: int) -> list[str]:
    """Fields 3… of /proc/<pid>/stat (after the command name)."""
    return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()


def _postgres_seconds() -> float:
    """CPU seconds of the PostgreSQL server: its processes now, and the backends that have exited."""
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if (entry / "comm").read_text().strip() != "postgres":
                continue
            fields = _stat(int(entry.name))
            parent = (Path("/proc") / fields[1] / "comm").read_text().strip()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
        if parent != "postgres":  # the postmaster: add its children that have exited
            total += int(fields[13]) + int(fields[14])
    return total / os.sysconf("SC_CLK_TCK")


def cpu_reading(pids: dict[str, int]) -> dict[str, float]:
    """CPU seconds so far of each process, of PostgreSQL, and (in clock ticks) busy/total of the machine."""
    ticks = os.sysconf("SC_CLK_TCK")
    seconds = {label: (int(_stat(pid)[11]) + int(_stat(pid)[12])) / ticks for label, pid in pids.items()}
    seconds["postgres"] = _postgres_seconds()
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    seconds["machine busy"] = sum(values) - values[3] - values[4]
    seconds["machine total"] = sum(values)
    return seconds


def core_shares(before: dict[str, float], after: dict[str, float], elapsed: float) -> dict[str, float]:
    """Share of one core each process used between two `cpu_reading`s; the machine's share of all cores."""
    shares = {label: (after[label] - before[label]) / elapsed for label in before if not label.startswith("machine")}
    busy = (after["machine busy"] - before["machine busy"]) / max(1.0, after["machine total"] - before["machine total"])
    # What the machine did besides this run (another benchmark, say) makes the figures noisy.
    shares["other processes"] = max(0.0, busy * (os.cpu_count() or 1) - sum(shares.values()))
    shares["machine (all cores)"] = busy
    return shares


def describe_shares(shares: dict[str, float]) -> str:
    return ", ".join(f"{label} {share:.0%}" for label, share in shares.items())
