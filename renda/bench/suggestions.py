"""Suggestion command throughput: 8 clients drive submit → review → register → assign through the county's API.

The county service runs as its own process on a fresh PostgreSQL database; every command is committed
to the event store before its response. The baseline: single-row INSERT commits from as many psycopg
connections into a plain table, in the same run.
"""

from __future__ import annotations

import threading
import time
import uuid
from datetime import date
from pathlib import Path

import httpx

from renda.bench.databases import create_database, drop_database
from renda.bench.figure import Figure, percentile
from renda.bench.raw_commits import raw_commits
from renda.bench.serving import serving

STAFF = ("bench_county", "bench-password-2026")
COUNTY = "410327000000"


def _prepare_county(url: str) -> str:
    """A deputy, a handling unit, the routing rule and a staff account in a fresh county database."""
    from services.county.application.handling_unit_commands import PublishRoutingRule, RegisterHandlingUnit
    from services.county.application.handling_units import publish_routing_rule, register_handling_unit
    from services.county.bootstrap import build_runtime
    from services.county.config import CountySettings
    from services.county.domain.deputy import Deputy, DeputyProfile
    from shared.auth import Role
    from shared.events.catalog.county import DeputyLevel
    from shared.events.catalog.handling import HandlingUnitKind
    from shared.events.catalog.suggestion import SuggestionCategory

    runtime = build_runtime(CountySettings(event_store_url=url, database_url=url))
    profile = DeputyProfile(
        name="基准代表",
        level=DeputyLevel.COUNTY,
        term=18,
        congress_region_code=COUNTY,
        resident_region_code="410327100201",
        elected_on=date(2021, 11, 1),
    )
    deputy = Deputy.elect(deputy_id=uuid.uuid4(), profile=profile, ctx=runtime.commands.context(actor="bench"))
    runtime.store.save(deputy)
    housing = RegisterHandlingUnit(
        name="县住房和城乡建设局", kind=HandlingUnitKind.GOVERNMENT_DEPARTMENT, head="张局长", vice_governor="李副县长"
    )
    unit = register_handling_unit(runtime.commands, housing, actor="bench", region_code=COUNTY)
    rule = PublishRoutingRule(bodies=dict.fromkeys(SuggestionCategory, "城建环保工委"), effective_from=date(2026, 1, 1))
    publish_routing_rule(runtime.commands, rule, actor="bench", county_region_code=COUNTY)
    runtime.accounts.create(username=STAFF[0], password=STAFF[1], role=Role.COUNTY_STAFF, region_code=COUNTY)
    runtime.close()
    return f"{deputy.id} {unit.aggregate_id}"


def _client_run(
    client: httpx.Client, *, deputy_id: str, unit_id: str, count: int, prefix: str, latencies: list[float]
) -> None:
    for index in range(count):
        steps: list[tuple[str, dict[str, object]]] = [
            (
                "",
                {
                    "title": f"基准建议{prefix}-{index}",
                    "content": "关于改善道路照明的建议",
                    "lead_deputy_id": deputy_id,
                    "period": "between_sessions",
                    "term": 18,
                },
            ),
            ("/review", {"decision": "accepted"}),
            ("/register", {"number": f"{prefix}-{index}", "category": "urban_construction"}),
            ("/assign", {"lead_unit_id": unit_id, "leader": "李副县长"}),
        ]
        suggestion = ""
        for path, body in steps:
            started = time.perf_counter()
            response = client.post(f"/api/v1/suggestions{'/' + suggestion if suggestion else ''}{path}", json=body)
            latencies.append(time.perf_counter() - started)
            response.raise_for_status()
            suggestion = suggestion or response.json()["id"]


def suggestion_commands(*, admin_url: str, suggestions: int, clients: int, log_dir: Path) -> list[Figure]:
    name, url = create_database(admin_url)
    latencies: list[float] = []
    try:
        deputy_id, unit_id = _prepare_county(url).split()
        with serving("county", url=url, log_dir=log_dir) as base:
            token = httpx.post(
                f"{base}/api/v1/auth/login", json={"username": STAFF[0], "password": STAFF[1]}, timeout=60
            ).json()["access_token"]
            per_client = max(1, suggestions // clients)
            http = [
                httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=120)
                for _ in range(clients)
            ]
            _client_run(http[0], deputy_id=deputy_id, unit_id=unit_id, count=2, prefix="warm", latencies=[])
            threads = [
                threading.Thread(
                    target=_client_run,
                    kwargs={
                        "client": client,
                        "deputy_id": deputy_id,
                        "unit_id": unit_id,
                        "count": per_client,
                        "prefix": f"c{number}",
                        "latencies": latencies,
                    },
                )
                for number, client in enumerate(http)
            ]
            started = time.perf_counter()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            elapsed = time.perf_counter() - started
            for client in http:
                client.close()
        commands = clients * per_client * 4
        if len(latencies) != commands:
            raise RuntimeError(f"only {len(latencies)} of {commands} suggestion commands completed")
        ours = commands / elapsed
        baseline = raw_commits(url, clients=clients, per_client=max(200, commands // clients))
    finally:
        drop_database(admin_url, name)
    p50, p99 = percentile(latencies, 0.5) * 1000, percentile(latencies, 0.99) * 1000
    label = (
        f"suggestion commands, {clients} clients (submit/review/register/assign; p50 {p50:.0f} ms, p99 {p99:.0f} ms)"
    )
    return [Figure(label, ours, f"raw single-row INSERT commits, {clients} connections", baseline, "commands/s", "—")]
