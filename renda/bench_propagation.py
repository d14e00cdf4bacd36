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
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg

from renda.bench import Figure, _create_database, _drop_database, _prepare_station
from renda.broker import free_port, start_broker, stop_process
from renda.services import SERVICES
from shared.messaging.kafka import KafkaConfig, ensure_topics, make_group_consumer, make_producer
from shared.runtime import ServiceRuntime
from shared.settings import PlatformSettings

TARGET = "p99 ≤ 1 s"
WORKERS = ("relay", "project")
"""The worker commands `renda run` starts for every service (beside `serve`, which this load does not use)."""

COUNTY_SEEN = "SELECT opinion_id FROM station_work_opinions WHERE status = 'referred' AND opinion_id = ANY(%s)"
INBOX_SEEN = "SELECT opinion_id FROM township_referrals WHERE opinion_id = ANY(%s)"


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


@dataclass
class Worker:
    label: str
    process: subprocess.Popen[bytes]


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


def _cpu(pids: dict[str, int]) -> dict[str, float]:
    """CPU seconds so far of each process, of PostgreSQL, and (in clock ticks) busy/total of the machine."""
    ticks = os.sysconf("SC_CLK_TCK")
    seconds = {label: (int(_stat(pid)[11]) + int(_stat(pid)[12])) / ticks for label, pid in pids.items()}
    seconds["postgres"] = _postgres_seconds()
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    seconds["machine busy"] = sum(values) - values[3] - values[4]
    seconds["machine total"] = sum(values)
    return seconds


def _shares(before: dict[str, float], after: dict[str, float], elapsed: float) -> dict[str, float]:
    """Share of one core each process used between two `_cpu` readings; the machine's share of all cores."""
    shares = {label: (after[label] - before[label]) / elapsed for label in before if not label.startswith("machine")}
    busy = (after["machine busy"] - before["machine busy"]) / max(1.0, after["machine total"] - before["machine total"])
    # What the machine did besides this run (another benchmark, say) makes the figures noisy.
    shares["other processes"] = max(0.0, busy * (os.cpu_count() or 1) - sum(shares.values()))
    shares["machine (all cores)"] = busy
    return shares


def _describe(shares: dict[str, float]) -> str:
    return ", ".join(f"{label} {share:.0%}" for label, share in shares.items())


def _spawn(label: str, args: list[str], *, env: dict[str, str], log_dir: Path) -> Worker:
    log = open(log_dir / f"bench-propagation-{label}.log", "wb")  # noqa: SIM115 — the child writes to it until it exits
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "renda.cli", *args], env=env, stdout=log, stderr=subprocess.STDOUT
        )
    finally:
        log.close()  # the child has its own descriptor
    return Worker(label, process)


def _stop(workers: list[Worker]) -> None:
    """SIGINT to every worker (they finish their batch and exit), then wait; SIGKILL what does not stop."""
    for worker in workers:
        if worker.process.poll() is None:
            worker.process.send_signal(signal.SIGINT)
    for worker in workers:
        stop_process(worker.process, timeout=30)


def _expected_partitions(runtime: ServiceRuntime) -> dict[str, int]:
    partitions = runtime.settings.platform.kafka_partitions
    return {projection.name: len(projection.topics) * partitions for projection in runtime.projections}


def _states(url: str) -> dict[str, tuple[int, int]]:
    """Each projection's (assigned partitions, lag), as its worker last saved them."""
    import json

    with psycopg.connect(url, autocommit=True) as connection:
        rows = connection.execute("SELECT projection, offsets, highwater FROM projection_state").fetchall()
    states = {}
    for name, offsets_text, highwater_text in rows:
        offsets, highwater = json.loads(offsets_text), json.loads(highwater_text)
        lag = sum(max(0, mark - offsets.get(p, 0)) for p, mark in highwater.items())
        states[name] = (len(offsets), lag)
    return states


def _wait_until(
    check: Callable[[], bool], *, timeout: float, what: str, workers: list[Worker], interval: float = 0.2
) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        for worker in workers:
            if worker.process.poll() is not None:
                raise RuntimeError(f"{worker.label} exited with {worker.process.returncode} while waiting for {what}")
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what}: not within {timeout:.0f} s")
        time.sleep(interval)


def _open_loop(count: int, act: Callable[[int], None], *, rate: float | None, clients: int) -> float:
    """`act(0)` … `act(count - 1)`, the i-th started at i / rate seconds (as fast as possible without a
    rate) by whichever of `clients` threads is free, so one slow command does not hold back the next;
    the rate achieved. The first error is raised once every thread has stopped."""
    lock = threading.Lock()
    taken = 0
    errors: list[BaseException] = []
    begun = time.perf_counter()

    def client() -> None:
        nonlocal taken
        while not errors:
            with lock:
                index = taken
                if index >= count:
                    return
                taken += 1
            if rate is not None:
                time.sleep(max(0.0, begun + index / rate - time.perf_counter()))
            try:
                act(index)
            except BaseException as error:  # noqa: BLE001 — raised below, in the caller's thread
                errors.append(error)

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return count / (time.perf_counter() - begun)


class Watcher:
    """Polls one read model for the referrals not seen there yet: one query per poll, whatever the backlog."""

    def __init__(self, url: str, query: str) -> None:
        self._url = url
        self._query = query
        self._pending: dict[uuid.UUID, float] = {}
        self._lock = threading.Lock()
        self.seen: dict[uuid.UUID, float] = {}
        """Opinion id → seconds from its referral accepted until first seen."""

    def expect(self, opinion_id: uuid.UUID, accepted: float) -> None:
        with self._lock:
            self._pending[opinion_id] = accepted

    @property
    def waiting(self) -> int:
        return len(self._pending)

    def run(self, stop: threading.Event, *, interval: float = 0.05) -> None:
        """Poll every `interval`, or less often while many are outstanding (then their latencies are long
        too): a latency is read at most 50 ms late, or about 2% of it, and the watcher's own load on the
        machine it measures stays small and flat."""
        with psycopg.connect(self._url, autocommit=True) as connection:
            while not stop.is_set():
                with self._lock:
                    ids = list(self._pending)
                if ids:
                    # The snapshot is taken when the query starts: whatever it sees had committed by then.
                    asked = time.perf_counter()
                    found = connection.execute(self._query, [ids]).fetchall()
                    with self._lock:
                        for (opinion_id,) in found:
                            self.seen[opinion_id] = asked - self._pending.pop(opinion_id)
                stop.wait(max(interval, len(ids) / 10_000))


@contextmanager
def _watching(watchers: list[Watcher]) -> Iterator[None]:
    stop = threading.Event()
    threads = [threading.Thread(target=w.run, args=(stop,), daemon=True) for w in watchers]
    for thread in threads:
        thread.start()
    try:
        yield
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=10)


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
    from services.station.application import terminal
    from shared.events.catalog.station import OpinionChannel
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
            name, url = _create_database(admin_url)
            names.append(name)
            urls[service] = url
        station_id = uuid.UUID(_prepare_station(urls["station"])[0])
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
                workers.append(_spawn(f"{service}-{command}", [command, service], env=env, log_dir=log_dir))
        expected = {service: _expected_partitions(runtime) for service, runtime in runtimes.items()}

        def assigned() -> bool:
            for service, partitions in expected.items():
                states = _states(urls[service])
                if any(states.get(name, (0, 0))[0] < count for name, count in partitions.items()):
                    return False
            return True

        started = time.perf_counter()
        _wait_until(assigned, timeout=180, what="every projection's consumer group assigned", workers=workers)
        say(f"propagation: {len(workers)} worker processes ready in {time.perf_counter() - started:.1f} s")
        pids = {worker.label: worker.process.pid for worker in workers}
        pids |= {"broker": broker.pid, "bench (load, watchers)": os.getpid()}
        before, started = _cpu(pids), time.perf_counter()
        time.sleep(5)
        say(
            "propagation: CPU idle (share of one core): "
            + _describe(_shares(before, _cpu(pids), time.perf_counter() - started))
        )

        station = runtimes["station"]
        reads = SqlStationReads(station.engine)
        sealer = ContactSealer.from_setting(station.settings.platform.contact_key)
        common: dict[str, Any] = {"actor": "bench", "station_id": station_id, "occurred_at": None}

        recorded: list[uuid.UUID] = [uuid.UUID(int=0)] * (warm_up + opinions)

        def record(index: int) -> None:
            recorded[index] = terminal.record_opinion(
                station.commands,
                reads,
                sealer,
                **common,
                command_id=uuid.uuid4(),
                reception_id=None,
                deputy_id=None,
                channel=OpinionChannel.RECEPTION,
                category="城乡建设",
                content=f"第{index}号意见：村道破损，雨天积水，请求修缮",
                place="东门路",
                voter_name="张三",
                voter_phone="13812345678",
            ).aggregate_id

        started = time.perf_counter()
        _open_loop(len(recorded), record, rate=None, clients=clients)
        say(f"propagation: {len(recorded)} opinions recorded in {time.perf_counter() - started:.1f} s")

        def caught_up() -> bool:
            return all(lag == 0 for url in urls.values() for _, lag in _states(url).values())

        # Every projection has the opinions; the next figures see only the referrals.
        with psycopg.connect(urls["county"], autocommit=True) as connection:
            _wait_until(
                lambda: connection.execute("SELECT count(*) FROM station_work_opinions").fetchone() == (len(recorded),),
                timeout=600,
                what="the county has every opinion",
                workers=workers,
            )
        _wait_until(caught_up, timeout=600, what="every projection caught up", workers=workers, interval=1.0)
        time.sleep(1.5)  # positions are saved about once a second: be sure the lag read is current
        _wait_until(caught_up, timeout=600, what="every projection caught up", workers=workers, interval=1.0)

        def refer(opinion_ids: list[uuid.UUID], watchers: list[Watcher]) -> float:
            """Refer at `rate` per second, open loop; the rate achieved."""

            def one(index: int) -> None:
                terminal.refer_to_township(
                    station.commands, reads, **common, opinion_id=opinion_ids[index], command_id=uuid.uuid4()
                )
                accepted = time.perf_counter()
                for watcher in watchers:
                    watcher.expect(opinion_ids[index], accepted)

            return _open_loop(len(opinion_ids), one, rate=rate, clients=clients)

        def all_seen(watchers: list[Watcher], count: int) -> Callable[[], bool]:
            return lambda: all(len(w.seen) == count and w.waiting == 0 for w in watchers)

        warm = [Watcher(urls["county"], COUNTY_SEEN), Watcher(urls["township"], INBOX_SEEN)]
        with _watching(warm):
            refer(recorded[:warm_up], warm)
            _wait_until(all_seen(warm, warm_up), timeout=120, what="the warm-up referrals", workers=workers)

        timed = recorded[warm_up:]
        position = station.store.position()
        watchers = [Watcher(urls["county"], COUNTY_SEEN), Watcher(urls["township"], INBOX_SEEN)]
        say(f"propagation: workers caught up; timing {len(timed)} referrals at {rate:g}/s")
        before, begun = _cpu(pids), time.perf_counter()
        with _watching(watchers):
            achieved = refer(timed, watchers)
            say(f"propagation: {len(timed)} referrals at {achieved:.1f}/s (asked {rate:g}/s)")
            try:
                _wait_until(
                    all_seen(watchers, len(timed)),
                    timeout=max(120.0, 10 * len(timed) / rate),
                    what="every timed referral in the county and the township inbox",
                    workers=workers,
                )
            except TimeoutError as error:
                seen = f"seen {len(watchers[0].seen)} and {len(watchers[1].seen)} of {len(timed)}"
                raise TimeoutError(f"{error} ({seen})") from None
        cpu = _shares(before, _cpu(pids), time.perf_counter() - begun)
        say("propagation: CPU while timed (share of one core): " + _describe(cpu))
        county, inbox = watchers[0].seen, watchers[1].seen
        referrals = [
            note
            for note in station.store.notifications(after=position, limit=len(timed) * 2)
            if note.event_type == "OpinionReferred"
        ]
        _stop(workers)
        baseline = _broker_latency(KafkaConfig(bootstrap_servers=bootstrap), referrals, rate=rate)
    finally:
        _stop(workers)
        for runtime in runtimes.values():
            runtime.close()
        stop_process(broker)
        for name in names:
            _drop_database(admin_url, name)
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
        return _percentile(values, share) * 1000

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


def _broker_latency(config: KafkaConfig, messages: list[Any], *, rate: float) -> list[float]:
    """Produce the stored events to a fresh topic at `rate` with our producer, each sent at once (as the
    relay flushes each batch); a group consumer with our settings, polling in its own thread, notes
    when each arrives."""
    topic = f"bench.latency.{uuid.uuid4().hex[:8]}"
    ensure_topics(config, [topic])
    consumer = make_group_consumer(config, group_id=f"bench-{uuid.uuid4().hex[:6]}", topics=[topic])
    while not consumer.assignment():
        consumer.poll(timeout_ms=200)
    producer = make_producer(config)
    sent: dict[int, float] = {}
    latencies: list[float] = []
    stop = threading.Event()

    def consume() -> None:
        while not stop.is_set() and len(latencies) < len(messages):
            for batch in consumer.poll(timeout_ms=200).values():
                arrived = time.perf_counter()
                for record in batch:
                    latencies.append(arrived - sent[int(dict(record.headers)["n"])])

    thread = threading.Thread(target=consume, daemon=True)
    thread.start()
    try:
        interval = 1.0 / rate
        started = time.perf_counter()
        for index, note in enumerate(messages):
            sent[index] = time.perf_counter()
            producer.send(
                topic,
                key=str(note.aggregate_id).encode(),
                value=note.state,
                headers=[("event_type", note.event_type.encode()), ("n", str(index).encode())],
            )
            producer.flush()
            time.sleep(max(0.0, started + (index + 1) * interval - time.perf_counter()))
        thread.join(timeout=30)
    finally:
        stop.set()
        thread.join(timeout=5)
        producer.close()
        consumer.close()
    return latencies
