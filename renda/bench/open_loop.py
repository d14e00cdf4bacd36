"""Open-loop load: each action starts on its own schedule, whether or not the one before has finished."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


def open_loop(count: int, act: Callable[[int], None], *, rate: float | None, clients: int) -> float:
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
