"""A login flood against the county service: guesses from one address and from many, and a person signing in.

The service runs as its own process (`renda serve county`) on a fresh PostgreSQL database, with Redis for
the throttle as in production. Three loads run at once for the measured time:
- one address spraying wrong passwords over new usernames (throttled per address);
- many addresses, each guessing new usernames (each guess costs an argon2 check: bounded per process);
- a person signing in with the right password once a second from an address of their own.
The figures are the attempts answered per second, how the flood was answered (401, 429, and any 5xx),
the person's sign-in latency, and the service's peak memory. Baselines from the same run: `GET /readyz`
at the same concurrency (what the stack answers when no password is checked) and argon2 verifications
per second in this process (what one password check costs here).
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import httpx
from argon2 import PasswordHasher

from renda.bench.databases import create_database, drop_database
from renda.bench.figure import Figure, percentile
from renda.bench.serving import PEAKS_KIB, serving
from services.county.config import CountySettings
from shared.auth import Role
from shared.auth.accounts import SqlAccountStore
from shared.readmodel.database import make_engine

PERSON = "flood_clerk"
PASSWORD = "a-long-enough-password-2026"


def _prepare(url: str) -> None:
    engine = make_engine(url)
    accounts = SqlAccountStore(engine)
    accounts.create_schema()
    accounts.create(username=PERSON, password=PASSWORD, role=Role.COUNTY_STAFF, region_code="410327000000")
    engine.dispose()


def _client(base: str, address: str) -> httpx.AsyncClient:
    # Each loopback address (127.x.y.z) is another client address to the service's throttle.
    transport = httpx.AsyncHTTPTransport(local_address=address)
    return httpx.AsyncClient(base_url=base, transport=transport, timeout=60)


async def _guesses(base: str, address: str, until: float, statuses: Counter[int]) -> None:
    async with _client(base, address) as client:
        while time.monotonic() < until:
            body = {"username": f"guess_{uuid.uuid4().hex[:10]}", "password": "wrong-password"}
            statuses[(await client.post("/api/v1/auth/login", json=body)).status_code] += 1


async def _person(base: str, until: float, latencies: list[float], statuses: Counter[int]) -> None:
    async with _client(base, "127.0.9.9") as client:
        while time.monotonic() < until:
            started = time.perf_counter()
            answer = await client.post("/api/v1/auth/login", json={"username": PERSON, "password": PASSWORD})
            latencies.append(time.perf_counter() - started)
            statuses[answer.status_code] += 1
            await asyncio.sleep(max(0.0, 1.0 - (time.perf_counter() - started)))


async def _probe(base: str, until: float, latencies: list[float]) -> None:
    """A signed-in page's other requests meanwhile: does the rest of the API still answer?"""
    async with _client(base, "127.0.8.8") as client:
        while time.monotonic() < until:
            started = time.perf_counter()
            (await client.get("/readyz")).raise_for_status()
            latencies.append(time.perf_counter() - started)
            await asyncio.sleep(0.2)


@dataclass
class Flood:
    flood: Counter[int]
    person: Counter[int]
    person_latencies: list[float]
    probe_latencies: list[float]
    elapsed: float


async def _flood(base: str, *, many: int, seconds: float) -> Flood:
    until = time.monotonic() + seconds
    result = Flood(Counter(), Counter(), [], [], 0.0)
    started = time.perf_counter()
    await asyncio.gather(
        *(_guesses(base, "127.0.1.1", until, result.flood) for _ in range(4)),
        *(_guesses(base, f"127.0.2.{n + 1}", until, result.flood) for n in range(many)),
        _person(base, until, result.person_latencies, result.person),
        _probe(base, until, result.probe_latencies),
    )
    result.elapsed = time.perf_counter() - started
    return result


async def _readyz_alone(base: str, *, requests: int = 50) -> list[float]:
    latencies: list[float] = []
    async with _client(base, "127.0.8.8") as client:
        for _ in range(requests):
            started = time.perf_counter()
            (await client.get("/readyz")).raise_for_status()
            latencies.append(time.perf_counter() - started)
    return latencies


async def _readyz(base: str, *, clients: int, seconds: float) -> float:
    until = time.monotonic() + seconds
    answered = 0

    async def one() -> None:
        nonlocal answered
        async with _client(base, "127.0.3.1") as client:
            while time.monotonic() < until:
                (await client.get("/readyz")).raise_for_status()
                answered += 1

    started = time.perf_counter()
    await asyncio.gather(*(one() for _ in range(clients)))
    return answered / (time.perf_counter() - started)


def _argon2_per_second(seconds: float = 3.0) -> float:
    hasher = PasswordHasher()
    stored = hasher.hash(PASSWORD)
    checked, until = 0, time.monotonic() + seconds
    started = time.perf_counter()
    while time.monotonic() < until:
        hasher.verify(stored, PASSWORD)
        checked += 1
    return checked / (time.perf_counter() - started)


def login_flood(*, admin_url: str, redis_url: str, log_dir: Path, many: int = 60, seconds: float = 20) -> list[Figure]:
    """The flood's figures beside the same run's baselines."""
    name, url = create_database(admin_url)
    try:
        _prepare(url)
        namespace = f"bench-{uuid.uuid4().hex[:8]}"
        env = {"RENDA_REDIS_URL": redis_url, "RENDA_REDIS_NAMESPACE": namespace}
        CountySettings()  # the settings the served process reads must be valid here too
        with serving("county", url=url, log_dir=log_dir, env=env) as base:
            readyz = asyncio.run(_readyz(base, clients=4 + many + 1, seconds=5))
            quiet = asyncio.run(_readyz_alone(base))
            run = asyncio.run(_flood(base, many=many, seconds=seconds))
        argon2_rate = _argon2_per_second()
    finally:
        drop_database(admin_url, name)
    flood, person = run.flood, run.person
    attempts = sum(flood.values())
    server_errors = sum(count for status, count in (flood + person).items() if status >= 500)
    load = f"4 clients from one address and {many} from {many} addresses, {seconds:g} s"
    shares = ", ".join(f"{status}: {count}" for status, count in sorted(flood.items()))
    signed_in = person.get(200, 0) / max(1, sum(person.values()))
    return [
        Figure(
            f"login flood answered ({load}; {shares})",
            attempts / run.elapsed,
            f"GET /readyz, {4 + many + 1} clients",
            readyz,
            "attempts/s",
            "no 5xx; memory bounded",
        ),
        Figure("login flood: answers 5xx", float(server_errors), "—", 0.0, "answers", "0"),
        Figure(
            "login flood: password checks the service ran (argon2)",
            float(flood.get(401, 0) + person.get(200, 0)) / run.elapsed,
            "argon2 verifications in one process, this machine",
            argon2_rate,
            "checks/s",
            "—",
        ),
        Figure(
            f"login flood: a person signing in meanwhile, p99 ({signed_in:.0%} signed in)",
            percentile(run.person_latencies, 0.99) * 1000 if run.person_latencies else 0.0,
            "one argon2 verification",
            1000 / argon2_rate,
            "ms",
            "signs in",
        ),
        Figure(
            "login flood: the rest of the API meanwhile (GET /readyz every 200 ms), p99",
            percentile(run.probe_latencies, 0.99) * 1000 if run.probe_latencies else 0.0,
            "GET /readyz before the flood, one at a time, p99",
            percentile(quiet, 0.99) * 1000,
            "ms",
            "answers",
        ),
        Figure(
            "login flood: peak memory of the county service process",
            PEAKS_KIB.get("county", 0) / 1024,
            "—",
            0.0,
            "MiB",
            "bounded",
        ),
    ]
