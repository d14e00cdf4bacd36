"""Services wired to the test's own broker and databases, with their relay and projections in threads."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from typing import TypeVar

import uvicorn
from fastapi import FastAPI

from renda.broker import free_port
from renda.services import SERVICES
from services.county.config import CountySettings
from services.station.config import StationSettings
from services.township.config import TownshipSettings
from shared.runtime import ServiceRuntime
from shared.settings import PlatformSettings, ServiceSettings
from tests.support.servers import Postgres

T = TypeVar("T")

SETTINGS: dict[str, type[ServiceSettings]] = {
    "county": CountySettings,
    "township": TownshipSettings,
    "station": StationSettings,
}


def runtime_for(service: str, *, database_url: str, bootstrap: str, **platform: object) -> ServiceRuntime:
    """A service runtime whose store and read models live in `database_url`."""
    # A generous read-your-writes wait: a busy two-core machine joins consumer groups slowly.
    settings = SETTINGS[service](
        event_store_url=database_url,
        database_url=database_url,
        platform=PlatformSettings(**{"read_wait_seconds": 30, **platform, "kafka_bootstrap": bootstrap}),  # type: ignore[arg-type]
    )
    return SERVICES[service].build_runtime(settings)


@contextmanager
def running(runtime: ServiceRuntime, *, relay: bool = True, projections: bool = True) -> Iterator[threading.Event]:
    """Run the service's relay and projection runners in threads until the block ends.

    Returns once every runner's consumer has its partitions, so what is published next is seen; a
    worker that dies, or does not stop, fails the test.
    """
    stop = threading.Event()
    failures: list[BaseException] = []

    def guarded(target: Callable[[threading.Event], None]) -> Callable[[], None]:
        def body() -> None:
            try:
                target(stop)
            except BaseException as error:  # noqa: BLE001 — handed to the test below
                failures.append(error)

        return body

    runners = runtime.runners() if projections else []
    for runner in runners:
        runner.prepare()
    threads = [threading.Thread(target=guarded(runner.run), daemon=True) for runner in runners]
    if relay:
        threads.append(threading.Thread(target=guarded(runtime.relay().run), daemon=True))
    for thread in threads:
        thread.start()
    for runner in runners:
        if not runner.ready.wait(timeout=60):
            stop.set()
            raise AssertionError(f"{runner.projection.name} did not join its consumer group within 60s")
    try:
        yield stop
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
        assert not any(thread.is_alive() for thread in threads), "a worker did not stop"
        assert not failures, f"a worker failed: {failures!r}"


def eventually(probe: Callable[[], T], *, until: Callable[[T], bool], timeout: float = 60.0) -> T:
    """Poll `probe` until its value satisfies `until`; fail with the last value after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    delay = 0.02
    while True:
        value = probe()
        if until(value):
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not reached within {timeout}s; last value: {value!r}")
        time.sleep(delay)
        delay = min(delay * 1.5, 0.5)


@contextmanager
def serving(app: FastAPI) -> Iterator[str]:
    """Serve `app` with uvicorn in a thread on a free port; yield its base URL."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        eventually(lambda: server.started, until=bool, timeout=15)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)


@contextmanager
def demo_world(
    *, postgres: Postgres, bootstrap: str, redis_url: str, namespace: str, **platform: object
) -> Iterator[dict[str, ServiceRuntime]]:
    """The three services on fresh databases with the demo data, their relays and projections running."""
    from renda.demo.seed import seed

    runtimes = {
        name: runtime_for(
            name,
            database_url=postgres.create_database(),
            bootstrap=bootstrap,
            redis_url=redis_url,
            redis_namespace=namespace,
            **platform,
        )
        for name in SERVICES
    }
    with ExitStack() as stack:
        for runtime in runtimes.values():
            stack.callback(runtime.close)
        for runtime in runtimes.values():
            for runner in runtime.runners():
                runner.prepare()
        seed(runtimes)
        for runtime in runtimes.values():
            stack.enter_context(running(runtime))
        yield runtimes
