"""Propagation: a station's command accepted → visible in the county roll-up's source rows.

The platform runs as in production (`renda run`): every service's relay and projections are their own
OS processes (`renda relay <service>`, `renda project <service>`), on fresh PostgreSQL databases and a
broker of this run. This process is only the load generator and the watcher.

1. Opinions are recorded at the station, untimed, and the workers catch up with them.
2. The station refers them to its township at a fixed open-loop rate (one station event each). A
   referral is timed from its command returning (committed to the station's store) until
   - the county sees it: the opinion's row in the county's `station_work` read model, which the
     roll-up sums, shows it referred (station relay → broker → county projection: one hop);
   - the township's inbox has it (station relay → township intake → township store → township relay
     → inbox projection: two hops).
   One query per read model and poll asks which of the referrals not yet seen are there now.

Baseline in the same run, once the workers have stopped: the broker's own produce → consume latency
for the same messages (the stored referral events) at the same rate, with our producer and consumer
settings.
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg

from renda.bench.broker_latency import broker_latency
from renda.bench.cpu import core_shares, cpu_reading, describe_shares
from renda.bench.databases import create_database, drop_database
from renda.bench.figure import Figure, percentile
from renda.bench.open_loop import open_loop
from renda.bench.station_setup import prepare_station
from renda.bench.watcher import Watcher, watching
from renda.bench.worker_processes import (
    WORKERS,
    Worker,
    expected_partitions,
    projection_states,
    spawn,
    stop_workers,
    wait_until,
)
from renda.broker import free_port, start_broker, stop_process
from renda.services import SERVICES
from shared.messaging.kafka import KafkaConfig
from shared.runtime import ServiceRuntime
from shared.settings import PlatformSettings

TARGET = "p99 ≤ 1 s"

COUNTY_SEEN = "SELECT opinion_id FROM station_work_opinions WHERE status = 'referred' AND opinion_id = ANY(%s)"
INBOX_SEEN = "SELECT opinion_id FROM township_referrals WHERE opinion_id = ANY(%s)"


@dataclass
class PropagationRun:
    """What one run measured, in seconds."""

    opinions: int
    rate: float
    achieved_rate: float
    county: list[float]
    """Referral accepted → referred in the county's station_work opinions (the roll-up's source rows)."""
    inbox: list[float]
    """Referral accepted → in the township's inbox."""
    baseline: list[float]
    """Broker produce → consume of the same messages at the same rate."""
    cpu: dict[str, float] = field(default_factory=dict)
    """Share of one core each process used while the referrals were timed."""
    worker_pids: list[int] = field(default_factory=list)
    databases: list[str] = field(default_factory=list)


def propagation_run(
    *,
    admin_url: str,
    opinions: int,
    rate: float,
    log_dir: Path,
    redis_url: str | None = None,
    warm_up: int = 50,
    clients: int = 16,
    report: Callable[[str], None] | None = None,
) -> PropagationRun:
    from services.station.adapters.reads import SqlStationReads
    from services.station.application.commands import COMMAND_HANDLERS, RecordOpinion, ReferToTownship
    from services.station.application.context import StationContext
    from shared.application import utc_now
    from shared.privacy import ContactSealer

    say = report or (lambda _line: None)
    log_dir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    broker = start_broker(port=port, log_path=log_dir / "bench-propagation-broker.log")
    bootstrap = f"127.0.0.1:{port}"
    names: list[str] = []
    workers: list[Worker] = []
    runtimes: dict[str, ServiceRuntime] = {}
    try:
        urls: dict[str, str] = {}
        for service in SERVICES:
            name, url = create_database(admin_url)
            names.append(name)
            urls[service] = url
        station_id = uuid.UUID(prepare_station(urls["station"])[0])
        # What every worker reads from its environment, as `renda run` sets it; the rest as this process has it.
        env = {key: value for key, value in os.environ.items() if key != "RENDA_REDIS_URL"}
        env["RENDA_KAFKA_BOOTSTRAP"] = bootstrap
        platform: dict[str, Any] = {"kafka_bootstrap": bootstrap, "redis_url": None}
        if redis_url is not None:
            namespace = f"bench-{uuid.uuid4().hex[:8]}"
            env |= {"RENDA_REDIS_URL": redis_url, "RENDA_REDIS_NAMESPACE": namespace}
            platform |= {"redis_url": redis_url, "redis_namespace": namespace}
        for service, url in urls.items():
            env[f"RENDA_{service.upper()}_EVENT_STORE_URL"] = url
            env[f"RENDA_{service.upper()}_DATABASE_URL"] = url
            settings_cls = type(SERVICES[service].build_runtime().settings)
            settings = settings_cls(event_store_url=url, database_url=url, platform=PlatformSettings(**platform))
            runtimes[service] = SERVICES[service].build_runtime(settings)
        # As `renda run` does before it starts any worker: tables, projection versions, topics.
        for runtime in runtimes.values():
            for runner in runtime.runners():
                runner.prepare()
        for service in SERVICES:
            for command in WORKERS:
                workers.append(spawn(f"{service}-{command}", [command, service], env=env, log_dir=log_dir))
        expected = {service: expected_partitions(runtime) for service, runtime in runtimes.items()}

        def assigned() -> bool:
            for service, partitions in expected.items():
                states = projection_states(urls[service])
                if any(states.get(name, (0, 0))[0] < count for name, count in partitions.items()):
                    return False
            return True

        started = time.perf_counter()
        wait_until(assigned, timeout=180, what="every projection's consumer group assigned", workers=workers)
        say(f"propagation: {len(workers)} worker processes ready in {time.perf_counter() - started:.1f} s")
        pids = {worker.label: worker.process.pid for worker in workers}
        pids |= {"broker": broker.pid, "bench (load, watchers)": os.getpid()}
        before, started = cpu_reading(pids), time.perf_counter()
        time.sleep(5)
        say(
            "propagation: CPU idle (share of one core): "
            + describe_shares(core_shares(before, cpu_reading(pids), time.perf_counter() - started))
        )

        station = runtimes["station"]
        terminal = StationContext(
            commands=station.commands,
            reads=SqlStationReads(station.engine),
            sealer=ContactSealer.from_setting(station.settings.platform.contact_key),
            actor="bench",
            now=utc_now(),
            terminal_station_id=station_id,
        )

        recorded: list[uuid.UUID] = [uuid.UUID(int=0)] * (warm_up + opinions)

        def record(index: int) -> None:
            opinion = RecordOpinion(
                command_id=uuid.uuid4(),
                category="城乡建设",
                content=f"第{index}号意见：村道破损，雨天积水，请求修缮",
                place="东门路",
                voter_name="张三",
                voter_phone="13812345678",
            )
            recorded[index] = COMMAND_HANDLERS.dispatch(opinion, terminal).aggregate_id

        started = time.perf_counter()
        open_loop(len(recorded), record, rate=None, clients=clients)
        say(f"propagation: {len(recorded)} opinions recorded in {time.perf_counter() - started:.1f} s")

        def caught_up() -> bool:
            return all(lag == 0 for url in urls.values() for _, lag in projection_states(url).values())

        # Every projection has the opinions; the next figures see only the referrals.
        with psycopg.connect(urls["county"], autocommit=True) as connection:
            wait_until(
                lambda: connection.execute("SELECT count(*) FROM station_work_opinions").fetchone() == (len(recorded),),
                timeout=600,
                what="the county has every opinion",
                workers=workers,
            )
        wait_until(caught_up, timeout=600, what="every projection caught up", workers=workers, interval=1.0)
        time.sleep(1.5)  # positions are saved about once a second: be sure the lag read is current
        wait_until(caught_up, timeout=600, what="every projection caught up", workers=workers, interval=1.0)

        def refer(opinion_ids: list[uuid.UUID], watchers: list[Watcher]) -> float:
            """Refer at `rate` per second, open loop; the rate achieved."""

            def one(index: int) -> None:
                referral = ReferToTownship(command_id=uuid.uuid4(), opinion_id=opinion_ids[index])
                COMMAND_HANDLERS.dispatch(referral, terminal)
                accepted = time.perf_counter()
                for watcher in watchers:
                    watcher.expect(opinion_ids[index], accepted)

            return open_loop(len(opinion_ids), one, rate=rate, clients=clients)

        def all_seen(watchers: list[Watcher], count: int) -> Callable[[], bool]:
            return lambda: all(len(w.seen) == count and w.waiting == 0 for w in watchers)

        warm = [Watcher(urls["county"], COUNTY_SEEN), Watcher(urls["township"], INBOX_SEEN)]
        with watching(warm):
            refer(recorded[:warm_up], warm)
            wait_until(all_seen(warm, warm_up), timeout=120, what="the warm-up referrals", workers=workers)

        timed = recorded[warm_up:]
        position = station.store.position()
        watchers = [Watcher(urls["county"], COUNTY_SEEN), Watcher(urls["township"], INBOX_SEEN)]
        say(f"propagation: workers caught up; timing {len(timed)} referrals at {rate:g}/s")
        before, begun = cpu_reading(pids), time.perf_counter()
        with watching(watchers):
            achieved = refer(timed, watchers)
            say(f"propagation: {len(timed)} referrals at {achieved:.1f}/s (asked {rate:g}/s)")
            try:
                wait_until(
                    all_seen(watchers, len(timed)),
                    timeout=max(120.0, 10 * len(timed) / rate),
                    what="every timed referral in the county and the township inbox",
                    workers=workers,
                )
            except TimeoutError as error:
                seen = f"seen {len(watchers[0].seen)} and {len(watchers[1].seen)} of {len(timed)}"
                raise TimeoutError(f"{error} ({seen})") from None
        cpu = core_shares(before, cpu_reading(pids), time.perf_counter() - begun)
        say("propagation: CPU while timed (share of one core): " + describe_shares(cpu))
        county, inbox = watchers[0].seen, watchers[1].seen
        referrals = [
            note
            for note in station.store.notifications(after=position, limit=len(timed) * 2)
            if note.event_type == "OpinionReferred"
        ]
        stop_workers(workers)
        baseline = broker_latency(KafkaConfig(bootstrap_servers=bootstrap), referrals, rate=rate)
    finally:
        stop_workers(workers)
        for runtime in runtimes.values():
            runtime.close()
        stop_process(broker)
        for name in names:
            drop_database(admin_url, name)
    if len(baseline) < len(referrals):
        raise RuntimeError(f"the broker delivered only {len(baseline)} of {len(referrals)} baseline messages")
    return PropagationRun(
        opinions=len(timed),
        rate=rate,
        achieved_rate=achieved,
        county=[county[opinion_id] for opinion_id in timed],
        inbox=[inbox[opinion_id] for opinion_id in timed],
        baseline=baseline,
        cpu=cpu,
        worker_pids=[worker.process.pid for worker in workers],
        databases=names,
    )


def figures(run: PropagationRun) -> list[Figure]:
    def ms(values: list[float], share: float) -> float:
        return percentile(values, share) * 1000

    at = f"{run.opinions} referrals at {run.rate:g}/s"
    if run.achieved_rate < 0.95 * run.rate:
        at += f" (achieved {run.achieved_rate:.0f}/s)"
    county = f"propagation: station referral accepted → county roll-up rows (station_work), {at}"
    inbox = f"propagation: station referral accepted → township inbox (two hops), {at}"
    base = "broker produce → consume, same messages and rate"
    return [
        Figure(f"{county} (p50)", ms(run.county, 0.5), f"{base} (p50)", ms(run.baseline, 0.5), "ms", TARGET),
        Figure(f"{county} (p99)", ms(run.county, 0.99), f"{base} (p99)", ms(run.baseline, 0.99), "ms", TARGET),
        Figure(f"{inbox} (p50)", ms(run.inbox, 0.5), f"{base} (p50)", ms(run.baseline, 0.5), "ms", "—"),
        Figure(f"{inbox} (p99)", ms(run.inbox, 0.99), f"{base} (p99)", ms(run.baseline, 0.99), "ms", "—"),
    ]


def referral_propagation(
    *,
    admin_url: str,
    opinions: int,
    rate: float,
    log_dir: Path,
    redis_url: str | None = None,
    report: Callable[[str], None] | None = None,
) -> list[Figure]:
    """The propagation figures (issue row 3): county roll-up rows and township inbox, beside the broker."""
    run = propagation_run(
        admin_url=admin_url, opinions=opinions, rate=rate, log_dir=log_dir, redis_url=redis_url, report=report
    )
    return figures(run)
