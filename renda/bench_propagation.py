"""Propagation: a station's referred opinion → visible in the township's inbox (two hops through Kafka:
station relay → township intake → township store → township relay → inbox projection).

Baseline in the same run: the broker's own produce → consume latency for the same message bytes.
"""

from __future__ import annotations

import threading
import time
import uuid
from typing import Any

from kafka import KafkaConsumer, KafkaProducer
from sqlalchemy import select

from renda.bench import Figure, _create_database, _drop_database, _prepare_station
from renda.broker import free_port, start_broker
from renda.services import SERVICES
from shared.messaging.kafka import KafkaConfig, ensure_topics
from shared.runtime import ServiceRuntime
from shared.settings import PlatformSettings


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _workers(runtime: ServiceRuntime, stop: threading.Event, *, relay: bool) -> list[threading.Thread]:
    runners = runtime.runners()
    for runner in runners:
        runner.prepare()
    threads = [threading.Thread(target=runner.run, args=(stop,), daemon=True) for runner in runners]
    if relay:
        threads.append(threading.Thread(target=runtime.relay().run, args=(stop,), daemon=True))
    for thread in threads:
        thread.start()
    for runner in runners:
        runner.ready.wait(timeout=60)
    return threads


def referral_propagation(*, admin_url: str, opinions: int, rate: float) -> list[Figure]:
    from services.station.adapters.reads import SqlStationReads
    from services.station.application import terminal
    from services.township.projections.inbox import referrals
    from shared.events.catalog.station import OpinionChannel
    from shared.privacy import ContactSealer

    port = free_port()
    broker = start_broker(port=port)
    names: list[str] = []
    stop = threading.Event()
    threads: list[threading.Thread] = []
    try:
        bootstrap = f"127.0.0.1:{port}"
        urls = {}
        for service in ("station", "township"):
            name, url = _create_database(admin_url)
            names.append(name)
            urls[service] = url
        station_id, _ = _prepare_station(urls["station"])
        runtimes: dict[str, ServiceRuntime] = {}
        for service, url in urls.items():
            settings_cls = type(SERVICES[service].build_runtime().settings)
            settings = settings_cls(
                event_store_url=url, database_url=url, platform=PlatformSettings(kafka_bootstrap=bootstrap)
            )
            runtimes[service] = SERVICES[service].build_runtime(settings)
        station, township = runtimes["station"], runtimes["township"]
        threads += _workers(station, stop, relay=True)[-1:]  # the station's relay only
        threads += _workers(township, stop, relay=True)
        reads = SqlStationReads(station.engine)
        sealer = ContactSealer.from_setting(station.settings.platform.contact_key)
        sent: dict[uuid.UUID, float] = {}
        seen: dict[uuid.UUID, float] = {}

        def watch() -> None:
            while len(seen) < opinions and not stop.is_set():
                with township.engine.connect() as connection:
                    rows = connection.execute(select(referrals.c.opinion_id)).all()
                now = time.perf_counter()
                for (opinion_id,) in rows:
                    seen.setdefault(opinion_id, now)
                time.sleep(0.005)

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        sid = uuid.UUID(station_id)
        interval = 1.0 / rate
        started = time.perf_counter()
        for index in range(opinions):
            common: dict[str, Any] = {"actor": "bench", "station_id": sid, "occurred_at": None}
            recorded = terminal.record_opinion(
                station.commands,
                reads,
                sealer,
                **common,
                command_id=uuid.uuid4(),
                reception_id=None,
                deputy_id=None,
                channel=OpinionChannel.RECEPTION,
                category="城乡建设",
                content=f"意见{index}",
                place="",
                voter_name="张三",
                voter_phone="13812345678",
            )
            terminal.refer_to_township(
                station.commands, reads, **common, opinion_id=recorded.aggregate_id, command_id=uuid.uuid4()
            )
            sent[recorded.aggregate_id] = time.perf_counter()
            time.sleep(max(0.0, started + (index + 1) * interval - time.perf_counter()))
        watcher.join(timeout=120)
        latencies = [seen[k] - sent[k] for k in sent if k in seen]
        if len(latencies) < opinions:
            raise RuntimeError(f"only {len(latencies)} of {opinions} referrals reached the inbox")
        sample = next(iter(station.store.notifications(after=0, limit=3)))
        baseline = _broker_latency(bootstrap, value=sample.state, messages=opinions, rate=rate)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
        broker.kill()
        broker.wait()
        for name in names:
            _drop_database(admin_url, name)
    ours_p50, ours_p99 = _percentile(latencies, 0.5) * 1000, _percentile(latencies, 0.99) * 1000
    base_p50, base_p99 = _percentile(baseline, 0.5) * 1000, _percentile(baseline, 0.99) * 1000
    label = f"propagation: station referral → township inbox, {opinions} opinions at {rate:.0f}/s"
    return [
        Figure(f"{label} (p50)", ours_p50, "broker produce → consume (p50)", base_p50, "ms", "p99 ≤ 1 s"),
        Figure(f"{label} (p99)", ours_p99, "broker produce → consume (p99)", base_p99, "ms", "p99 ≤ 1 s"),
    ]


def _broker_latency(bootstrap: str, *, value: bytes, messages: int, rate: float) -> list[float]:
    topic = f"bench.latency.{uuid.uuid4().hex[:8]}"
    ensure_topics(KafkaConfig(bootstrap_servers=bootstrap), [topic])
    consumer = KafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        group_id=f"bench-{uuid.uuid4().hex[:6]}",
        auto_offset_reset="earliest",
        session_timeout_ms=6000,
        heartbeat_interval_ms=1000,
    )
    while not consumer.assignment():
        consumer.poll(timeout_ms=200)
    producer = KafkaProducer(bootstrap_servers=bootstrap, acks="all", enable_idempotence=True, linger_ms=5)
    sent: dict[int, float] = {}
    latencies: list[float] = []
    interval = 1.0 / rate
    started = time.perf_counter()
    for index in range(messages):
        sent[index] = time.perf_counter()
        producer.send(topic, key=str(index).encode(), value=value, headers=[("n", str(index).encode())])
        for batch in consumer.poll(timeout_ms=0).values():
            for record in batch:
                latencies.append(time.perf_counter() - sent[int(dict(record.headers)["n"])])
        time.sleep(max(0.0, started + (index + 1) * interval - time.perf_counter()))
    producer.flush()
    deadline = time.monotonic() + 30
    while len(latencies) < messages and time.monotonic() < deadline:
        for batch in consumer.poll(timeout_ms=100).values():
            for record in batch:
                latencies.append(time.perf_counter() - sent[int(dict(record.headers)["n"])])
    producer.close()
    consumer.close()
    return latencies
