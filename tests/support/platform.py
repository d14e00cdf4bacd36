"""Services wired to the test's own broker and databases, with their relay and projections in threads."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from renda.services import SERVICES
from services.county.config import CountySettings
from services.station.config import StationSettings
from services.township.config import TownshipSettings
from shared.runtime import ServiceRuntime
from shared.settings import PlatformSettings, ServiceSettings

T = TypeVar("T")

SETTINGS: dict[str, type[ServiceSettings]] = {
    "county": CountySettings,
    "township": TownshipSettings,
    "station": StationSettings,
}


def runtime_for(service: str, *, database_url: str, bootstrap: str, **platform: object) -> ServiceRuntime:
    """A service runtime whose store and read models live in `database_url`."""
    settings = SETTINGS[service](
        event_store_url=database_url,
        database_url=database_url,
        platform=PlatformSettings(kafka_bootstrap=bootstrap, **platform),  # type: ignore[arg-type]
    )
    return ServiceRuntime(settings=settings, projections=SERVICES[service].build_runtime().projections)


@contextmanager
def running(runtime: ServiceRuntime, *, relay: bool = True, projections: bool = True) -> Iterator[threading.Event]:
    """Run the service's relay and projection runners in threads until the block ends."""
    stop = threading.Event()
    threads = []
    if projections:
        for runner in runtime.runners():
            runner.prepare()
            threads.append(threading.Thread(target=runner.run, args=(stop,), daemon=True))
    if relay:
        threads.append(threading.Thread(target=runtime.relay().run, args=(stop,), daemon=True))
    for thread in threads:
        thread.start()
    try:
        yield stop
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=30)


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
