"""The parts every service composes, built on demand from its settings (never at import time).

A service's `bootstrap.py` names its projections and routers and hands them to a `ServiceRuntime`;
the runtime builds the store, the database engine, the relay, the projection runners and the app.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import timedelta
from functools import cached_property
from typing import Any
from uuid import UUID

import redis
from fastapi import APIRouter, FastAPI
from kafka import KafkaProducer
from sqlalchemy import Engine

from shared.api.errors import install_error_handlers
from shared.api.health import health_router
from shared.api.http_errors import install_http_error_handlers
from shared.api.internal_errors import InternalErrors
from shared.api.request_guard import RequestGuard
from shared.api.responses import document_errors, error_responses
from shared.application import Commands
from shared.auth.accounts import SqlAccountStore
from shared.auth.dependencies import Authenticator, current_actor, login_router
from shared.auth.device_keys import DeviceKeyLookup
from shared.auth.login_throttle import (
    FallbackLoginThrottle,
    LoginLimits,
    LoginThrottle,
    MemoryLoginThrottle,
    PasswordCheckSlots,
    RedisLoginThrottle,
)
from shared.auth.sessions import AccountSessions
from shared.auth.tokens import TokenService
from shared.events import default_registry
from shared.events.registry import EventRegistry
from shared.eventstore.store import EventStore
from shared.eventstore.url import open_event_store
from shared.messaging.kafka import KafkaConfig, ensure_topics, make_producer
from shared.messaging.live import LiveUpdates
from shared.messaging.projection_progress import read_states
from shared.messaging.relay import Relay, RelayPositions
from shared.messaging.runner import ProjectionRunner
from shared.readmodel.consistency import BoundedWaits
from shared.readmodel.database import make_engine
from shared.readmodel.hot_cache import HotCache
from shared.readmodel.projection import Projection
from shared.readmodel.tracking import BOOKKEEPING
from shared.settings import ServiceSettings

ProjectionSource = Projection | Callable[["ServiceRuntime"], Projection]
"""A projection, or a factory for one that needs the runtime (an intake that runs local commands)."""


class ServiceRuntime:
    """One service's store, database, Kafka clients, projections and HTTP app."""

    def __init__(self, *, settings: ServiceSettings, projections: Sequence[ProjectionSource]) -> None:
        self.settings = settings
        self.name = settings.name
        self._projection_sources = tuple(projections)

    @cached_property
    def projections(self) -> tuple[Projection, ...]:
        return tuple(p if isinstance(p, Projection) else p(self) for p in self._projection_sources)

    @cached_property
    def registry(self) -> EventRegistry:
        return default_registry()

    @cached_property
    def store(self) -> EventStore:
        return open_event_store(self.settings.event_store_url, registry=self.registry)

    @cached_property
    def engine(self) -> Engine:
        engine = make_engine(self.settings.database_url)
        BOOKKEEPING.create_all(engine)
        SqlAccountStore(engine).create_schema()
        for projection in self.projections:
            projection.metadata.create_all(engine)
        return engine

    @cached_property
    def commands(self) -> Commands:
        return Commands(store=self.store)

    @cached_property
    def kafka(self) -> KafkaConfig:
        platform = self.settings.platform
        return KafkaConfig(
            bootstrap_servers=platform.kafka_bootstrap,
            client_id=f"renda-{self.name}",
            partitions=platform.kafka_partitions,
            replication_factor=platform.kafka_replication,
        )

    @cached_property
    def relay_positions(self) -> RelayPositions:
        return RelayPositions(self.engine)

    @cached_property
    def accounts(self) -> SqlAccountStore:
        return SqlAccountStore(self.engine)

    @cached_property
    def tokens(self) -> TokenService:
        platform = self.settings.platform
        return TokenService(secret=platform.auth_secret, ttl=timedelta(minutes=platform.token_ttl_minutes))

    def relay(self) -> Relay:
        def connect() -> KafkaProducer:
            ensure_topics(self.kafka, self.registry.topics())
            return make_producer(self.kafka)

        return Relay(
            name=self.name,
            store=self.store,
            connect=connect,
            positions=self.relay_positions,
            batch_size=self.settings.relay_batch_size,
        )

    @cached_property
    def redis(self) -> redis.Redis | None:
        """The service's one Redis client (a pool), when a Redis is configured."""
        url = self.settings.platform.redis_url
        return None if url is None else redis.Redis.from_url(url)

    @cached_property
    def live(self) -> LiveUpdates | None:
        """Live update notices, when a Redis is configured."""
        if self.redis is None:
            return None
        return LiveUpdates(self.redis, namespace=self.settings.platform.redis_namespace, service=self.name)

    @cached_property
    def login_throttle(self) -> LoginThrottle:
        """Failed-login counting: in Redis, shared by every process, falling back to memory while Redis is down;
        in memory when no Redis is configured."""
        platform = self.settings.platform
        limits = LoginLimits(
            per_user_and_address=platform.login_max_failures,
            per_user=platform.login_max_failures_per_username,
            per_address=platform.login_max_failures_per_address,
            window_seconds=platform.login_window_seconds,
        )
        in_memory = MemoryLoginThrottle(limits=limits)
        if self.redis is None:
            return in_memory
        shared = RedisLoginThrottle(self.redis, namespace=platform.redis_namespace, limits=limits)
        return FallbackLoginThrottle(shared, fallback=in_memory)

    @cached_property
    def password_checks(self) -> PasswordCheckSlots:
        """The argon2 checks this process runs at once."""
        platform = self.settings.platform
        return PasswordCheckSlots(slots=platform.login_concurrency, wait_seconds=platform.login_wait_seconds)

    @cached_property
    def hot_cache(self) -> HotCache | None:
        """Dashboard answers kept in Redis until the read models move, when a Redis is configured."""
        platform = self.settings.platform
        if self.redis is None:
            return None
        return HotCache(
            self.redis,
            namespace=platform.redis_namespace,
            service=self.name,
            ttl_seconds=platform.hot_cache_seconds,
        )

    @cached_property
    def dead_letter_producer(self) -> KafkaProducer:
        return make_producer(self.kafka)

    def runners(self) -> list[ProjectionRunner]:
        producer = self.dead_letter_producer
        return [
            ProjectionRunner(
                projection=projection,
                engine=self.engine,
                registry=self.registry,
                kafka=self.kafka,
                dead_letters=producer,
                live=self.live,
            )
            for projection in self.projections
        ]

    def projection(self, name: str) -> Projection:
        for projection in self.projections:
            if projection.name == name:
                return projection
        raise KeyError(name)

    @cached_property
    def read_waits(self) -> BoundedWaits:
        """Read-your-writes waits, at most `read_waiters` at once in this process."""
        platform = self.settings.platform
        return BoundedWaits(self.engine, waiters=platform.read_waiters, timeout=platform.read_wait_seconds)

    def wait_for(self, projection: str, event_id: UUID) -> None:
        """Read-your-writes: return once `projection` has applied `event_id`, within the configured wait."""
        self.read_waits.wait_for(projection=projection, event_id=event_id)

    def projection_states(self) -> dict[str, Any]:
        return read_states(self.engine)

    def create_app(
        self, *, title: str, routers: Sequence[APIRouter], device_keys: DeviceKeyLookup | None = None
    ) -> FastAPI:
        """The service's HTTP app: health, login, and its own routers under `/api/v1`."""
        app = FastAPI(title=title, version="1.0.0", openapi_url="/openapi.json")
        install_error_handlers(app)
        install_http_error_handlers(app)
        app.add_middleware(RequestGuard, max_bytes=self.settings.platform.max_request_bytes)
        app.add_middleware(InternalErrors)
        app.state.runtime = self
        app.state.accounts = self.accounts
        app.state.login_throttle = self.login_throttle
        app.state.password_checks = self.password_checks
        sessions = AccountSessions(self.accounts, cache_seconds=self.settings.platform.session_check_seconds)
        app.state.authenticator = Authenticator(tokens=self.tokens, device_keys=device_keys, sessions=sessions)
        app.include_router(health_router())
        app.include_router(document_errors(login_router(), actor=current_actor), responses=error_responses(401))
        for router in routers:
            app.include_router(document_errors(router, actor=current_actor))
        return app

    def close(self) -> None:
        if "dead_letter_producer" in self.__dict__:
            self.dead_letter_producer.close(timeout=5)
        if "store" in self.__dict__:
            self.store.close()
        if "engine" in self.__dict__:
            self.engine.dispose()
        client = self.__dict__.get("redis")
        if client is not None:
            client.close()
