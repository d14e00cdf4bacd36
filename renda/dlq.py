"""`renda dlq list|replay <service>`: what a service set aside, and applying or publishing it again once fixed.

Two kinds of things are set aside. A projection parks an event its handler could not apply on
`<topic>.dlq`, with the reason; the event stays unapplied in that read model until it is replayed. A relay
sets aside a stored event the broker refused for good (`relay_parked`); the event is not on its topic until
it is published again. A dead letter counts as handled once its projection has applied the event, so
listing and replaying need no bookkeeping of their own, and replaying twice applies nothing twice.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from uuid import UUID

from kafka import KafkaConsumer, TopicPartition
from kafka.consumer.fetcher import ConsumerRecord
from rich.console import Console
from rich.table import Table

from shared.events.topics import dead_letter_topic
from shared.messaging.runner import ProjectionRunner
from shared.readmodel.consistency import has_applied
from shared.runtime import ServiceRuntime


@dataclass(frozen=True)
class DeadLetter:
    """One parked message of a projection, as it came from its topic."""

    projection: str
    reason: str
    event_id: UUID | None
    record: ConsumerRecord
    """The original record: its source topic, partition and offset, key and value."""


def _headers(record: ConsumerRecord) -> dict[str, str]:
    return {name: value.decode("utf-8", errors="replace") for name, value in record.headers or ()}


def _read_all(bootstrap: str, topics: set[str]) -> Iterator[ConsumerRecord]:
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False, consumer_timeout_ms=3000)
    try:
        existing = consumer.topics()
        partitions = [
            TopicPartition(topic, partition)
            for topic in sorted(topics & existing)
            for partition in sorted(consumer.partitions_for_topic(topic) or ())
        ]
        if not partitions:
            return
        consumer.assign(partitions)
        consumer.seek_to_beginning(*partitions)
        ends = consumer.end_offsets(partitions)
        remaining = {tp for tp in partitions if ends[tp] > 0}
        while remaining:
            polled = consumer.poll(timeout_ms=2000)
            if not polled:
                remaining = {tp for tp in remaining if consumer.position(tp) < ends[tp]}
                continue
            for tp, records in polled.items():
                yield from records
                if consumer.position(tp) >= ends[tp]:
                    remaining.discard(tp)
    finally:
        consumer.close()


def dead_letters(runtime: ServiceRuntime, *, projection: str | None = None) -> list[DeadLetter]:
    """The service's projections' parked messages that their projection has not applied since."""
    wanted = {p.name: p for p in runtime.projections if projection in (None, p.name)}
    sources = {dead_letter_topic(topic) for p in wanted.values() for topic in p.topics}
    found: list[DeadLetter] = []
    for parked in _read_all(runtime.kafka.bootstrap_servers, sources):
        headers = _headers(parked)
        name = headers.get("projection", "")
        if name not in wanted:
            continue
        original = parked._replace(
            topic=headers.get("source_topic", parked.topic.removesuffix(".dlq")),
            partition=int(headers.get("source_partition", parked.partition)),
            offset=int(headers.get("source_offset", parked.offset)),
        )
        event_id = _event_id(runtime, original)
        if event_id is not None and has_applied(runtime.engine, projection=name, event_id=event_id):
            continue
        found.append(DeadLetter(projection=name, reason=headers.get("reason", ""), event_id=event_id, record=original))
    return found


def _event_id(runtime: ServiceRuntime, record: ConsumerRecord) -> UUID | None:
    try:
        return runtime.registry.decode(record.value).event_id
    except Exception:  # noqa: BLE001 — an undecodable message is listed as it is, for a person to look at
        return None


def replay_dead_letters(runtime: ServiceRuntime, *, projection: str | None = None) -> tuple[int, int]:
    """Apply each parked message to its projection again; (applied, still failing). Nothing is parked again."""
    runners: dict[str, ProjectionRunner] = {runner.projection.name: runner for runner in runtime.runners()}
    applied = failing = 0
    for letter in dead_letters(runtime, projection=projection):
        if runners[letter.projection].apply([letter.record], park_poison=False):
            applied += 1
        else:
            failing += 1
    return applied, failing


def replay_parked_events(runtime: ServiceRuntime) -> tuple[int, int]:
    """Publish the relay's set-aside events again; (published, still refused)."""
    positions, store = runtime.relay_positions, runtime.store
    parked_events = positions.parked(runtime.name)
    if not parked_events:
        return 0, 0
    relay = runtime.relay()
    published = refused = 0
    for parked in parked_events:
        position = int(str(parked["position"]))
        [note] = store.notifications(after=position - 1, limit=1)
        if relay.publish([note]):
            refused += 1
            continue
        positions.unpark(relay=runtime.name, position=position)
        published += 1
    return published, refused


def print_set_aside(console: Console, runtime: ServiceRuntime, *, projection: str | None = None) -> int:
    """`renda dlq list`: a table of what the service set aside; the number of entries."""
    table = Table("种类", "投影 / 转发器", "主题", "位置", "事件", "原因")
    letters = dead_letters(runtime, projection=projection)
    for letter in letters:
        record = letter.record
        table.add_row(
            "投影死信",
            letter.projection,
            record.topic,
            f"{record.partition}:{record.offset}",
            str(letter.event_id or "（无法解析）"),
            letter.reason,
        )
    parked = [] if projection else runtime.relay_positions.parked(runtime.name)
    for row in parked:
        table.add_row(
            "转发搁置",
            runtime.name,
            str(row["event_type"]),
            str(row["position"]),
            str(row["aggregate_id"]),
            str(row["reason"]),
        )
    console.print(table)
    count = len(letters) + len(parked)
    console.print(f"共 {count} 条" if count else "没有死信，也没有搁置的事件。")
    return count


def replay_set_aside(console: Console, runtime: ServiceRuntime, *, projection: str | None = None) -> int:
    """`renda dlq replay`: apply the dead letters and publish the parked events again; exit code 1 if any still fail."""
    applied, failing = replay_dead_letters(runtime, projection=projection)
    published, refused = (0, 0) if projection else replay_parked_events(runtime)
    console.print(
        f"投影死信：重新应用 {applied} 条，仍失败 {failing} 条；转发搁置：重新发布 {published} 条，仍被拒 {refused} 条"
    )
    return 1 if failing or refused else 0
