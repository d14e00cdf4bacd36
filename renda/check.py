"""`renda check`: whether one service's database, event store and broker answer, for container health checks.

The API processes answer `GET /healthz`; relays and projection workers serve no HTTP, so their
containers run this instead. It writes nothing (beyond creating missing tables, as every process of
the service does when it starts) and joins no consumer group.
"""

from __future__ import annotations

from dataclasses import dataclass

from kafka import KafkaAdminClient
from kafka.errors import KafkaError
from rich.console import Console
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from shared.runtime import ServiceRuntime


@dataclass(frozen=True)
class Probe:
    """One dependency of a service and what it answered."""

    name: str
    ok: bool
    detail: str


def probe_service(runtime: ServiceRuntime, *, timeout_ms: int = 5000) -> list[Probe]:
    """The service's database, its event store (with the relay's lag) and the broker, each probed once."""
    probes: list[Probe] = []
    try:
        with runtime.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        probes.append(Probe("database", True, "可连接"))
    except SQLAlchemyError as error:
        probes.append(Probe("database", False, type(error).__name__))
    try:
        position = runtime.store.position()
        relayed = runtime.relay_positions.get(runtime.name)
        probes.append(Probe("event_store", True, f"位置 {position}，转发器积压 {position - relayed}"))
    except Exception as error:  # noqa: BLE001 — the recorder's errors vary by backend; any of them means unhealthy
        probes.append(Probe("event_store", False, type(error).__name__))
    admin = None
    try:
        admin = KafkaAdminClient(
            bootstrap_servers=runtime.kafka.bootstrap_servers,
            client_id=f"{runtime.kafka.client_id}-check",
            request_timeout_ms=timeout_ms,
            bootstrap_timeout_ms=timeout_ms,
        )
        topics = set(admin.list_topics())
        missing = sorted(runtime.registry.topics() - topics)
        detail = "可连接" if not missing else f"可连接，尚缺主题 {', '.join(missing)}"
        probes.append(Probe("broker", True, detail))
    except KafkaError as error:
        probes.append(Probe("broker", False, type(error).__name__))
    finally:
        if admin is not None:
            admin.close()
    return probes


def check_service(console: Console, runtime: ServiceRuntime, *, service: str, timeout: float) -> int:
    """Probe the service once, print each probe, and close the runtime; exit code 1 if any does not answer."""
    try:
        probes = probe_service(runtime, timeout_ms=int(timeout * 1000))
    finally:
        runtime.close()
    for probe in probes:
        mark = "[green]✓[/]" if probe.ok else "[red]✗[/]"
        console.print(f"{mark} {service} {probe.name}: {probe.detail}")
    return 0 if all(probe.ok for probe in probes) else 1
