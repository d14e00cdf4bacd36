"""The long-running processes of a service: its API server, its relay and its projection workers.

Each is one `renda` command (`serve`, `relay`, `project`), the processes `renda run` starts for every
service; the relay and the projections stop cleanly on SIGTERM or Ctrl-C.
"""

from __future__ import annotations

import logging
import signal
import threading
from typing import TYPE_CHECKING

from shared.runtime import ServiceRuntime

if TYPE_CHECKING:
    from renda.services import ServiceEntry


def configure_logging() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    logging.getLogger("kafka").setLevel(logging.WARNING)


def serve(entry: ServiceEntry, *, service: str) -> None:
    """`renda serve`: the service's HTTP API, in one process or in as many as its settings ask for."""
    import uvicorn

    configure_logging()
    runtime = entry.build_runtime()
    settings = runtime.settings
    if settings.api_processes == 1:
        uvicorn.run(entry.create_app(runtime), host=settings.host, port=settings.port, log_level="info")
        return
    # Each worker process builds its own runtime from the same environment.
    runtime.close()
    uvicorn.run(
        f"renda.services:{service}_app",
        factory=True,
        workers=settings.api_processes,
        host=settings.host,
        port=settings.port,
        log_level="info",
    )


def relay(entry: ServiceEntry) -> None:
    """`renda relay`: publish the service's stored events to Kafka, following its store until stopped."""
    configure_logging()
    run_relay(entry.build_runtime(), stop_on_signals())


def project(entry: ServiceEntry, *, only: str | None = None) -> None:
    """`renda project`: run the service's projections (or only the one named) until stopped."""
    configure_logging()
    run_projections(entry.build_runtime(), stop_on_signals(), only=only)


def stop_on_signals() -> threading.Event:
    """An event set by SIGTERM or SIGINT, so loops finish their batch and exit."""
    stop = threading.Event()

    def _handler(_signum: int, _frame: object) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, _handler)
    signal.signal(signal.SIGINT, _handler)
    return stop


def run_relay(runtime: ServiceRuntime, stop: threading.Event) -> None:
    runtime.relay().run(stop)


def run_projections(runtime: ServiceRuntime, stop: threading.Event, *, only: str | None = None) -> None:
    runners = [runner for runner in runtime.runners() if only is None or runner.projection.name == only]
    for runner in runners:
        runner.prepare()
    threads = [threading.Thread(target=runner.run, args=(stop,), name=runner.projection.name) for runner in runners]
    for thread in threads:
        thread.start()
    stop.wait()
    for thread in threads:
        thread.join()
