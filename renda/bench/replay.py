"""Replay: rebuild every county read model from the stored events of all three tiers (`StoreSource`).

Baseline in the same run: SELECT the same stored rows in store order with psycopg and decode each with
the platform's registry (`EventRegistry.decode`: JSON, upcasting, validation into the event classes).

The events are a city's year of work: stations set up with their activity days, two activity days a
month at every station with deputies checking in and voters' opinions (some solved on the spot, some
referred to the township), the townships' referrals opened, routed and answered, and the county's
deputies, handling units and suggestions (submitted, reviewed, registered, assigned). They are built
through the platform's event classes and go into three fresh PostgreSQL stores (station, township,
county; dropped afterwards): each store's recorder creates its table, the rows `EventStore.append`
would hand it are copied in with COPY (appending through the recorder took about a quarter of a
millisecond an event here: minutes for a million), and each store is read back through `EventStore`
before anything is measured.

Each measurement runs in a fresh process, so its peak memory (the RSS high-water mark) is its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from renda.bench.databases import create_database, drop_database
from renda.bench.figure import Figure
from renda.bench.generation import Generated, generate
from renda.bench.replay_passes import Measured, in_own_process
from renda.bench.store_copy import STORES


@dataclass
class ReplayRun:
    generated: Generated
    baseline: Measured
    replay: Measured
    on_read_models: list[Figure] = field(default_factory=list)
    """What `then` measured on the rebuilt read models before the databases were dropped."""


def replay_run(
    *, admin_url: str, events: int, then: Callable[[dict[str, str]], list[Figure]] | None = None
) -> ReplayRun:
    """Generate the events into fresh databases, measure the baseline and the replay, drop the databases.

    `then`, if given, measures something more on the rebuilt read models (given the stores' URLs) first.
    """
    names: list[str] = []
    try:
        urls: dict[str, str] = {}
        for store in STORES:
            name, urls[store] = create_database(admin_url)
            names.append(name)
        generated = generate(urls, events=events)
        baseline = in_own_process("baseline", urls)
        replay = in_own_process("replay", urls)
        more = then(urls) if then is not None else []
    finally:
        for name in names:
            drop_database(admin_url, name)
    return ReplayRun(generated=generated, baseline=baseline, replay=replay, on_read_models=more)


def figures(run: ReplayRun) -> list[Figure]:
    replay, baseline = run.replay, run.baseline
    label = (
        f"replay: rebuild the county read models from {run.generated.events:,} events"
        f" ({len(replay.applied)} read models, {replay.seconds:,.0f} s; baseline {baseline.seconds:,.0f} s)"
    )
    baseline_name = "SELECT + registry decode of the same stored events (psycopg)"
    return [
        Figure(label, replay.rate, baseline_name, baseline.rate, "events/s", "≥ 0.3×"),
        Figure(label + ", peak memory", replay.peak_kib / 1024, baseline_name, baseline.peak_kib / 1024, "MiB", "—"),
    ]


def describe(run: ReplayRun) -> str:
    """The run in a few lines: what was stored, both passes' figures, each read model's applied count."""
    g, b, r = run.generated, run.baseline, run.replay
    stores = ", ".join(f"{name} {count:,}" for name, count in g.by_store.items())
    ratio = r.rate / b.rate if b.rate else 0.0
    lines = [f"stored {g.events:,} events ({stores}) for {g.stations:,} stations in {g.seconds:,.1f} s"]
    for label, m in (
        ("baseline (SELECT + registry decode)", b),
        (f"replay ({len(r.applied)} county read models from the three stores)", r),
    ):
        lines.append(
            f"{label}: {m.events:,} events in {m.seconds:,.1f} s = {m.rate:,.0f} events/s,"
            f" peak RSS {m.peak_kib / 1024:,.0f} MiB"
        )
    lines.append(f"ratio {ratio:.3f}× (target ≥ 0.3×)")
    lines.append("applied: " + ", ".join(f"{name} {count:,}" for name, count in r.applied.items()))
    return "\n".join(lines)


def replay_rebuild(
    *,
    admin_url: str,
    events: int,
    report: Callable[[str], None] | None = None,
    then: Callable[[dict[str, str]], list[Figure]] | None = None,
) -> list[Figure]:
    run = replay_run(admin_url=admin_url, events=events, then=then)
    if report is not None:
        report(describe(run))
    return figures(run) + run.on_read_models
