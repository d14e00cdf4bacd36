"""Long-running worker loops (relay, projections) that stop cleanly on SIGTERM or Ctrl-C."""

from __future__ import annotations

import signal
import threading

from shared.runtime import ServiceRuntime


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
