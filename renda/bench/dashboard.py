"""The county dashboard API under load, on the read models of a city's year (built by the replay benchmark).

The county service runs as its own process on the rebuilt read models, with Redis as its hot cache. The
load comes from this process: an asyncio client sending requests on a fixed schedule (open loop: a
request that starts late because the service fell behind counts its wait), each a roll-up of the year
for the city or one of its counties, asked as the 驾驶舱 asks it: the viewer's city opened toward the
place shown (`depth=1&toward=`), so the answer holds the trail and the place's children, not every
station below it.

- warm: every question answered once before, so each is served from Redis (the read models have not
  moved); `rate` requests a second for `seconds`.
- cold: before each request the read-model generation moves (as a committed projection batch moves it),
  so each is computed from the read models; one at a time, as many as `cold_requests`.
- baseline: `GET /readyz` on the same schedule — the same HTTP stack, app and connection pool answering
  a `SELECT 1`.
"""

from __future__ import annotations

import asyncio
import random
import time
import uuid
from pathlib import Path

import httpx
import redis

from renda.bench.figure import Figure, percentile
from renda.bench.serving import serving

VIEWER = ("bench_city_viewer", "bench-password-2026")


def _add_viewer(url: str, *, city: str) -> None:
    from renda.services import SERVICES
    from services.county.config import CountySettings
    from shared.auth import Role

    runtime = SERVICES["county"].build_runtime(CountySettings(event_store_url=url, database_url=url))
    runtime.accounts.create(username=VIEWER[0], password=VIEWER[1], role=Role.CITY_VIEWER, region_code=city)
    runtime.close()


async def _open_loop(client: httpx.AsyncClient, requests: list[tuple[str, dict[str, str]]], rate: float) -> list[float]:
    """Send `requests` at `rate` a second on a fixed schedule; each latency counts from its scheduled start."""
    latencies: list[float] = []
    started = time.perf_counter()

    async def one(index: int, path: str, params: dict[str, str]) -> None:
        scheduled = started + index / rate
        await asyncio.sleep(max(0.0, scheduled - time.perf_counter()))
        response = await client.get(path, params=params)
        response.raise_for_status()
        latencies.append(time.perf_counter() - scheduled)

    await asyncio.gather(*(one(index, path, params) for index, (path, params) in enumerate(requests)))
    return latencies


async def _measure(
    base: str,
    *,
    places: list[str],
    year: int,
    rate: float,
    seconds: float,
    cold_requests: int,
    bump: redis.Redis,
    key: str,
) -> dict[str, list[float]]:
    limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
    async with httpx.AsyncClient(base_url=base, timeout=120, limits=limits) as client:
        login = await client.post("/api/v1/auth/login", json={"username": VIEWER[0], "password": VIEWER[1]})
        login.raise_for_status()
        client.headers["Authorization"] = f"Bearer {login.json()['access_token']}"
        period = {"start": f"{year}-01-01", "end": f"{year}-12-31"}
        # As the dashboard asks: the viewer's region opened toward the place shown (the trail, the place's children).
        home = places[0]
        questions = [("/api/v1/rollup", {**period, "code": home, "depth": "1", "toward": place}) for place in places]
        cold: list[float] = []
        for index in range(cold_requests):
            bump.incr(key)
            path, params = questions[index % len(questions)]
            started = time.perf_counter()
            (await client.get(path, params=params)).raise_for_status()
            cold.append(time.perf_counter() - started)
        for path, params in questions:  # warm: each question answered once, now kept in Redis
            (await client.get(path, params=params)).raise_for_status()
        count = max(1, round(rate * seconds))
        pick = random.Random(2025)
        warm = await _open_loop(client, [pick.choice(questions) for _ in range(count)], rate)
        baseline = await _open_loop(client, [("/readyz", {})] * count, rate)
    return {"warm": warm, "cold": cold, "baseline": baseline}


def dashboard_api(
    *,
    county_url: str,
    redis_url: str,
    places: list[str],
    year: int,
    rate: float,
    seconds: float,
    cold_requests: int,
    log_dir: Path,
    label: str = "",
) -> list[Figure]:
    """The figures of the dashboard API on the county read models at `county_url` (a database URL)."""
    _add_viewer(county_url, city=places[0])
    namespace = f"bench-{uuid.uuid4().hex[:10]}"
    env = {"RENDA_REDIS_URL": redis_url, "RENDA_REDIS_NAMESPACE": namespace}
    client = redis.Redis.from_url(redis_url)
    try:
        with serving("county", url=county_url, log_dir=log_dir, env=env) as base:
            measured = asyncio.run(
                _measure(
                    base,
                    places=places,
                    year=year,
                    rate=rate,
                    seconds=seconds,
                    cold_requests=cold_requests,
                    bump=client,
                    key=f"{namespace}:county:generation",
                )
            )
    finally:
        for key in client.scan_iter(f"{namespace}:*"):
            client.delete(key)
        client.close()
    warm, cold, baseline = measured["warm"], measured["cold"], measured["baseline"]
    name = f"county dashboard API (roll-up of the year{label}) at {rate:g} requests/s"
    readyz = f"GET /readyz (SELECT 1 through the same stack) at {rate:g} requests/s"
    return [
        Figure(f"{name}, Redis warm (p50)", _ms(warm, 0.5), f"{readyz} (p50)", _ms(baseline, 0.5), "ms", "—"),
        Figure(f"{name}, Redis warm (p99)", _ms(warm, 0.99), f"{readyz} (p99)", _ms(baseline, 0.99), "ms", "≤ 20 ms"),
        Figure(
            f"county dashboard API (roll-up of the year{label}), Redis cold, one at a time (p50 of {len(cold)})",
            _ms(cold, 0.5),
            f"{readyz} (p50)",
            _ms(baseline, 0.5),
            "ms",
            "—",
        ),
        Figure(
            f"county dashboard API (roll-up of the year{label}), Redis cold, one at a time (p99 of {len(cold)})",
            _ms(cold, 0.99),
            f"{readyz} (p99)",
            _ms(baseline, 0.99),
            "ms",
            "—",
        ),
    ]


def _ms(latencies: list[float], share: float) -> float:
    return percentile(latencies, share) * 1000
