"""kafka-python clients configured the way this platform needs them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer
from kafka.admin import NewTopic
from kafka.cluster import ClusterMetadata
from kafka.errors import TopicAlreadyExistsError
from kafka.net.compat import KafkaNetClient


@dataclass(frozen=True)
class KafkaConfig:
    """Where the broker is and how our clients talk to it."""

    bootstrap_servers: str
    client_id: str = "renda"
    partitions: int = 3
    replication_factor: int = 1
    # Short group timeouts: a consumer group joins in seconds instead of the default ~20 s.
    session_timeout_ms: int = 6000
    heartbeat_interval_ms: int = 1000
    max_poll_interval_ms: int = 30000
    # How long the broker may hold a fetch that finds nothing new (the client's default). Tansu holds a
    # fetch for part of this wait even when records arrive meanwhile, so it bounds each hop's delay:
    # produce → consume p50/p99 122/253 ms at 500 ms, 28/54 ms at 100 ms. Shorter is not better on a
    # small machine: every idle consumer fetches more often (the county's ten projections idle at 10% of
    # a core at 500 ms, 21% at 100 ms), and at 50 station referrals/s on 2 cores, with every worker of
    # the three services running, the county roll-up's p99 was 0.9 s at 500 ms against 9 s at 100 ms.
    fetch_max_wait_ms: int = 500


def make_producer(config: KafkaConfig) -> KafkaProducer:
    """An idempotent producer that waits for every in-sync replica."""
    return KafkaProducer(
        bootstrap_servers=config.bootstrap_servers,
        client_id=config.client_id,
        acks="all",
        enable_idempotence=True,
        linger_ms=5,
        retries=5,
    )


@dataclass(frozen=True)
class GroupMember:
    """A consumer-group member and the cluster metadata its client keeps, topic ids among them."""

    consumer: KafkaConsumer
    cluster: ClusterMetadata


def make_group_member(config: KafkaConfig, *, group_id: str, topics: Iterable[str]) -> GroupMember:
    """A consumer-group member that commits offsets itself, after the read model commits.

    The consumer builds its network client through the `kafka_client` factory; keeping the client it
    built is how the member sees the topic ids of the metadata responses (a recreated topic has a new id).
    """
    clients: list[KafkaNetClient] = []

    def client(**configs: Any) -> KafkaNetClient:
        made = KafkaNetClient(**configs)
        clients.append(made)
        return made

    consumer = KafkaConsumer(
        bootstrap_servers=config.bootstrap_servers,
        client_id=config.client_id,
        group_id=group_id,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        session_timeout_ms=config.session_timeout_ms,
        heartbeat_interval_ms=config.heartbeat_interval_ms,
        max_poll_interval_ms=config.max_poll_interval_ms,
        fetch_max_wait_ms=config.fetch_max_wait_ms,
        max_poll_records=500,
        kafka_client=client,
    )
    consumer.subscribe(list(topics))
    [made] = clients
    return GroupMember(consumer=consumer, cluster=made.cluster)


def make_group_consumer(config: KafkaConfig, *, group_id: str, topics: Iterable[str]) -> KafkaConsumer:
    """A consumer-group member that commits offsets itself, after the read model commits."""
    return make_group_member(config, group_id=group_id, topics=topics).consumer


def make_reader(config: KafkaConfig) -> KafkaConsumer:
    """A consumer outside any group, for replay: the caller assigns partitions and seeks."""
    return KafkaConsumer(
        bootstrap_servers=config.bootstrap_servers,
        client_id=config.client_id,
        group_id=None,
        enable_auto_commit=False,
        max_poll_records=2000,
    )


def ensure_topics(config: KafkaConfig, topics: Iterable[str]) -> None:
    """Create the topics that do not exist yet (idempotent; run by every process at start)."""
    admin = KafkaAdminClient(bootstrap_servers=config.bootstrap_servers, client_id=config.client_id)
    try:
        existing = set(admin.list_topics())
        missing = sorted(set(topics) - existing)
        if missing:
            try:
                admin.create_topics(
                    [
                        NewTopic(name, num_partitions=config.partitions, replication_factor=config.replication_factor)
                        for name in missing
                    ]
                )
            except TopicAlreadyExistsError:
                pass  # another process created it first
    finally:
        admin.close()
