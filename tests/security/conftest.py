"""The demo platform for the security tests: three services with the demo data on real PostgreSQL, Redis and a broker.

Every log record of the session's processes (the services, relays and projections run in this process) is
kept from before the platform starts, so a test can look for personal data in them.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from tests.conftest import Broker
from tests.e2e.demo_platform import DemoPlatform, demo_platform
from tests.support.servers import Postgres


class KeepRecords(logging.Handler):
    """Keeps every record, formatted with its arguments and any extra fields."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        extras = {key: value for key, value in record.__dict__.items() if key not in _STANDARD}
        text = record.getMessage()
        if record.exc_info:
            text += "\n" + logging.Formatter().formatException(record.exc_info)
        self.lines.append(f"{record.name} {record.levelname} {text} {extras!r}")


_STANDARD = set(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {"message", "asctime"}


@dataclass
class SecurityPlatform:
    demo: DemoPlatform
    broker: Broker
    logs: KeepRecords


@pytest.fixture(scope="session")
def security_platform(
    tmp_path_factory: pytest.TempPathFactory, postgres: Postgres, redis_url: str
) -> Iterator[SecurityPlatform]:
    broker = Broker(tmp_path_factory.mktemp("security-broker"))
    broker.start()
    logs = KeepRecords()
    root = logging.getLogger()
    previous = root.level
    root.addHandler(logs)
    root.setLevel(logging.DEBUG)
    # The Kafka client's debug output is the wire protocol chatter; its info and above are kept.
    logging.getLogger("kafka").setLevel(logging.INFO)
    try:
        with demo_platform(
            bootstrap=broker.bootstrap,
            postgres=postgres,
            redis_url=redis_url,
            var_dir=tmp_path_factory.mktemp("security-var"),
        ) as demo:
            yield SecurityPlatform(demo=demo, broker=broker, logs=logs)
    finally:
        root.removeHandler(logs)
        root.setLevel(previous)
        logging.getLogger("kafka").setLevel(logging.NOTSET)
        broker.stop()
