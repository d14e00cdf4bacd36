"""Replay: rebuild every county read model from the stored events of all three tiers (`StoreSource`).

Baseline in the same run: SELECT the same stored rows in store order with psycopg and decode each with
the platform's registry (`EventRegistry.decode`: JSON, upcasting, validation into the event classes).

The events are a city's year of work: stations set up with their activity days, two activity days a
month at every station with deputies checking in and voters' opinions (some solved on the spot, some
referred to the township), the townships' referrals opened, routed and answered, and the county's
deputies, handling units and suggestions (submitted, reviewed, registered, assigned). They are built
through the platform's event classes and go into three fresh PostgreSQL stores (station, township,
county; dropped afterwards): each store's recorder creates its table, the rows `EventStore.append`
would hand it are copied in with COPY (appending through the recorder took about a quarter of a
millisecond an event here: minutes for a million), and each store is read back through `EventStore`
before anything is measured.

Each measurement runs in a fresh process, so its peak memory (the RSS high-water mark) is its own.
"""

from __future__ import annotations

import json
import math
import random
import resource
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import psycopg

from renda.bench import Figure, _create_database, _drop_database
from shared.events.envelope import Envelope, EventPayload
from shared.events.registry import envelope_type

YEAR = 2025
ACTIVITY_DAYS = 24
"""The 5th and the 20th of every month."""
DEPUTIES_PER_STATION = 5
CHECK_INS_PER_DAY = 4
OPINIONS_PER_DAY = 10
SOLVED_ON_SPOT_PER_DAY = 2
REFERRED_PER_DAY = 3
SUGGESTIONS_PER_DEPUTY = 2
HANDLING_UNITS = 10
COUNTIES = (
    "410302",
    "410303",
    "410304",
    "410305",
    "410306",
    "410307",
    "410322",
    "410323",
    "410324",
    "410325",
    "410326",
    "410327",
    "410328",
    "410329",
    "410381",
)
TOWNSHIPS_PER_COUNTY = 10
CITY = "410300000000"
GLOBAL_EVENTS = 2 + HANDLING_UNITS
"""The year's holiday schedule, the routing rule, and the handling units."""
PER_STATION_DAY = 1 + CHECK_INS_PER_DAY + OPINIONS_PER_DAY + SOLVED_ON_SPOT_PER_DAY + REFERRED_PER_DAY + 1
PER_STATION = (
    2  # set up, activity days fixed
    + 2 * DEPUTIES_PER_STATION  # elected, attached
    + ACTIVITY_DAYS * (PER_STATION_DAY + 3 * REFERRED_PER_DAY)  # the township opens, routes, answers
    + 4 * SUGGESTIONS_PER_DEPUTY * DEPUTIES_PER_STATION  # submitted, reviewed, registered, assigned
)
STORES = ("station", "township", "county")
EVENTS_TABLE = "stored_events"
"""The `eventsourcing` PostgreSQL application recorder's table, as `open_event_store` creates it."""
CATEGORIES = ("城乡建设", "交通出行", "教育医疗", "社会保障", "环境卫生", "农业农村")
OPINIONS = (
    "村道破损，雨天积水，请求修缮",
    "路灯不亮，夜间出行不便",
    "学校门口上下学时段拥堵，建议设置交通协管",
    "村卫生室药品不全，慢性病患者取药困难",
    "垃圾清运不及时，气味较大",
    "灌溉渠淤堵，影响春耕用水",
)


@dataclass
class Generated:
    """What was stored: each store's count, each event type's count, and how long it took."""

    events: int
    by_store: dict[str, int]
    by_type: Counter[str]
    stations: int
    seconds: float


@dataclass
class Measured:
    """One timed pass in its own process: events read, seconds, peak RSS, and what it left behind."""

    events: int
    seconds: float
    peak_kib: int
    applied: dict[str, int] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)

    @property
    def rate(self) -> float:
        return self.events / self.seconds if self.seconds else 0.0


@dataclass
class ReplayRun:
    generated: Generated
    baseline: Measured
    replay: Measured
    on_read_models: list[Figure] = field(default_factory=list)
    """What `then` measured on the rebuilt read models before the databases were dropped."""


class _Writer:
    """Buffers each store's envelopes and copies them in in batches, stopping at exactly `limit` events.

    The rows are the ones `EventStore.append` hands the recorder (aggregate id and version, the
    `<event_type>.v<version>` topic, the envelope's JSON), copied into the recorder's own table in
    order, so its `notification_id` sequence numbers them in the order they were made.
    """

    def __init__(self, connections: dict[str, psycopg.Connection[Any]], *, limit: int, batch: int = 20000) -> None:
        self._connections = connections
        self._buffers: dict[str, list[Envelope[Any]]] = {name: [] for name in connections}
        self.limit = limit
        self.batch = batch
        self.written = 0
        self.by_store: Counter[str] = Counter()
        self.by_type: Counter[str] = Counter()
        self.first: dict[str, list[Envelope[Any]]] = {name: [] for name in connections}

    @property
    def full(self) -> bool:
        return self.written >= self.limit

    def add(self, store: str, envelope: Envelope[Any]) -> None:
        # Once full, everything after is dropped: what was kept is a prefix, in causal order.
        if self.full:
            return
        self.written += 1
        self.by_store[store] += 1
        self.by_type[envelope.event_type] += 1
        if len(self.first[store]) < 3:
            self.first[store].append(envelope)
        buffer = self._buffers[store]
        buffer.append(envelope)
        if len(buffer) >= self.batch:
            self._flush(store)

    def _flush(self, store: str) -> None:
        from shared.eventstore.store import stored_topic

        buffer, self._buffers[store] = self._buffers[store], []
        if not buffer:
            return
        connection = self._connections[store]
        statement = f"COPY {EVENTS_TABLE} (originator_id, originator_version, topic, state) FROM STDIN (FORMAT BINARY)"
        with connection.cursor() as cursor, cursor.copy(statement) as copy:
            copy.set_types(["uuid", "int8", "text", "bytea"])
            for event in buffer:
                topic = stored_topic(event_type=event.event_type, schema_version=event.schema_version)
                copy.write_row((event.aggregate_id, event.aggregate_version, topic, event.to_json()))
        connection.commit()

    def close(self) -> None:
        for store in self._connections:
            self._flush(store)


class _City:
    """A city's year, event by event, with deterministic ids (a seeded generator)."""

    def __init__(self, writer: _Writer, *, stations: int, seed: int = 2025) -> None:
        from shared.privacy import ContactSealer
        from shared.settings import DEVELOPMENT_CONTACT_KEY

        self.w = writer
        self.rng = random.Random(seed)
        self.sealer = ContactSealer.from_setting(DEVELOPMENT_CONTACT_KEY)
        self.stations = [self._station(index) for index in range(stations)]
        self.units: list[tuple[UUID, str]] = []
        self.suggestions = 0

    def id(self) -> UUID:
        return UUID(int=self.rng.getrandbits(128), version=4)

    def _station(self, index: int) -> dict[str, Any]:
        county = COUNTIES[index % len(COUNTIES)]
        township = f"{county}{101 + (index // len(COUNTIES)) % TOWNSHIPS_PER_COUNTY:03d}"
        village = f"{township}{201 + index // (len(COUNTIES) * TOWNSHIPS_PER_COUNTY):03d}"
        return {
            "index": index,
            "id": self.id(),
            "county": county.ljust(12, "0"),
            "township": township.ljust(12, "0"),
            "village": village,
            "deputies": [self.id() for _ in range(DEPUTIES_PER_STATION)],
            "versions": {},
        }

    def emit(
        self,
        store: str,
        payload: EventPayload,
        *,
        aggregate_id: UUID,
        versions: dict[UUID, int],
        region_code: str,
        at: datetime,
        actor: str,
    ) -> None:
        version = versions.get(aggregate_id, 0) + 1
        versions[aggregate_id] = version
        self.w.add(
            store,
            envelope_type(type(payload))(
                event_id=self.id(),
                event_type=payload.event_type,
                schema_version=payload.schema_version,
                aggregate_type=payload.aggregate_type,
                aggregate_id=aggregate_id,
                aggregate_version=version,
                region_code=region_code,
                occurred_at=at,
                recorded_at=at + timedelta(seconds=3),
                actor=actor,
                correlation_id=self.id(),
                payload=payload,
            ),
        )

    def generate(self) -> None:
        self._set_up()
        for day in range(1, ACTIVITY_DAYS + 1):
            for station in self.stations:
                if self.w.full:
                    return
                self._activity_day(station, day)

    def _set_up(self) -> None:
        from shared.events.catalog.county import (
            DeputyAttachedToStation,
            DeputyElectedV2,
            DeputyLevel,
            HolidayScheduleLoaded,
        )
        from shared.events.catalog.handling import HandlingUnitKind, HandlingUnitRegistered, RoutingRulePublished
        from shared.events.catalog.station import ScheduleKind, StationKind, StationScheduleSet, StationSetUp
        from shared.events.catalog.suggestion import SuggestionCategory

        start = datetime(YEAR, 1, 2, 1, 0, tzinfo=UTC)
        versions: dict[UUID, int] = {}
        holidays = [date(YEAR, 1, 1), *(date(YEAR, 1, 28) + timedelta(days=n) for n in range(8)), date(YEAR, 10, 1)]
        self.emit(
            "county",
            HolidayScheduleLoaded(year=YEAR, holidays=holidays, working_days=[date(YEAR, 1, 26)], source="国办发明电"),
            aggregate_id=self.id(),
            versions=versions,
            region_code=CITY,
            at=start,
            actor="admin",
        )
        self.emit(
            "county",
            RoutingRulePublished(
                rule_version=1,
                bodies={category.value: "代表工作委员会" for category in SuggestionCategory},
                effective_from=date(YEAR, 1, 1),
            ),
            aggregate_id=self.id(),
            versions=versions,
            region_code=CITY,
            at=start,
            actor="admin",
        )
        for number in range(HANDLING_UNITS):
            unit_id, name = self.id(), f"市第{number + 1}承办单位"
            self.units.append((unit_id, name))
            self.emit(
                "county",
                HandlingUnitRegistered(
                    name=name, kind=HandlingUnitKind.GOVERNMENT_DEPARTMENT, head="王局长", vice_governor="李副市长"
                ),
                aggregate_id=unit_id,
                versions=versions,
                region_code=CITY,
                at=start,
                actor="admin",
            )
        for station in self.stations:
            index, at = station["index"], start + timedelta(minutes=station["index"] % 600)
            sv: dict[UUID, int] = station["versions"]
            self.emit(
                "station",
                StationSetUp(
                    name=f"第{index + 1}代表联络站",
                    kind=StationKind.VILLAGE,
                    host_place="党群服务中心",
                    township_region_code=station["township"],
                    villages_served=[station["village"]],
                ),
                aggregate_id=station["id"],
                versions=sv,
                region_code=station["village"],
                at=at,
                actor="admin",
            )
            self.emit(
                "station",
                StationScheduleSet(kind=ScheduleKind.MONTHLY, days_of_month=[5, 20]),
                aggregate_id=station["id"],
                versions=sv,
                region_code=station["village"],
                at=at,
                actor="admin",
            )
            for number, deputy_id in enumerate(station["deputies"]):
                county_level = number < 2
                self.emit(
                    "county",
                    DeputyElectedV2(
                        name=f"代表{index:04d}{number}",
                        level=DeputyLevel.COUNTY if county_level else DeputyLevel.TOWNSHIP,
                        term=18 if county_level else 15,
                        congress_region_code=station["county"] if county_level else station["township"],
                        resident_region_code=station["village"],
                        constituency=f"第{index % 40 + 1}选区",
                        occupation="村党支部书记" if number == 0 else "农民",
                        elected_on=date(YEAR - 4, 11, 20),
                    ),
                    aggregate_id=deputy_id,
                    versions=sv,
                    region_code=station["village"],
                    at=at,
                    actor="admin",
                )
                self.emit(
                    "county",
                    DeputyAttachedToStation(station_id=station["id"], station_region_code=station["village"]),
                    aggregate_id=deputy_id,
                    versions=sv,
                    region_code=station["village"],
                    at=at,
                    actor="admin",
                )

    def _activity_day(self, station: dict[str, Any], day: int) -> None:
        from shared.events.catalog.station import (
            ActivityKind,
            DeputyCheckedIn,
            OpinionChannel,
            OpinionRecorded,
            OpinionReferred,
            OpinionSolvedOnSpot,
            ReceptionHeld,
            ReceptionScheduled,
            SealedContact,
        )
        from shared.events.catalog.township import ReferralAnswered, ReferralOpened, ReferralRoute, ReferralRouted
        from shared.privacy import Contact

        held_on = date(YEAR, (day - 1) // 2 + 1, 5 if day % 2 else 20)
        opens = datetime(held_on.year, held_on.month, held_on.day, 1, 0, tzinfo=UTC)  # 09:00 in Beijing
        sid, region, sv = station["id"], station["village"], station["versions"]
        terminal = f"dk_{station['index']:016x}"
        reception = self.id()

        def at_station(payload: EventPayload, aggregate_id: UUID, at: datetime, actor: str = terminal) -> None:
            self.emit(
                "station", payload, aggregate_id=aggregate_id, versions=sv, region_code=region, at=at, actor=actor
            )

        at_station(
            ReceptionScheduled(
                station_id=sid, kind=ActivityKind.RECEPTION_DAY, scheduled_on=held_on, from_schedule=True, title=""
            ),
            reception,
            opens - timedelta(days=7),
            "station_head",
        )
        present = [d for n, d in enumerate(station["deputies"]) if (day + n) % DEPUTIES_PER_STATION != 0]
        for minute, deputy_id in enumerate(present):
            at_station(
                DeputyCheckedIn(station_id=sid, deputy_id=deputy_id), reception, opens + timedelta(minutes=minute)
            )
        for number in range(OPINIONS_PER_DAY):
            opinion, at = self.id(), opens + timedelta(minutes=30 + 5 * number)
            category = CATEGORIES[(day + number) % len(CATEGORIES)]
            content = f"{OPINIONS[(station['index'] + number) % len(OPINIONS)]}（第{day}次接待日第{number + 1}条）"
            voter = SealedContact(
                sealed=self.sealer.seal(Contact(name="张三", phone="13812345678")),
                name_masked="张*",
                phone_masked="138****5678",
            )
            at_station(
                OpinionRecorded(
                    station_id=sid,
                    reception_id=reception,
                    deputy_id=present[number % len(present)],
                    channel=OpinionChannel.RECEPTION,
                    category=category,
                    content=content,
                    place="村委会",
                    voter=voter,
                ),
                opinion,
                at,
            )
            if number < SOLVED_ON_SPOT_PER_DAY:
                at_station(
                    OpinionSolvedOnSpot(station_id=sid, resolution="当场协调村委会解决"),
                    opinion,
                    at + timedelta(hours=1),
                )
            elif number < SOLVED_ON_SPOT_PER_DAY + REFERRED_PER_DAY:
                due = held_on + timedelta(days=30)
                at_station(
                    OpinionReferred(
                        station_id=sid,
                        township_region_code=station["township"],
                        recorded_at=at,
                        answer_due=due,
                        category=category,
                        content=content,
                        voter=voter,
                    ),
                    opinion,
                    at + timedelta(hours=4),
                    "station_head",
                )
                referral, common = self.id(), {"opinion_id": opinion, "station_id": sid}

                def in_township(payload: EventPayload, at: datetime, ref: UUID = referral) -> None:
                    self.emit("township", payload, aggregate_id=ref, versions=sv, region_code=region, at=at, actor="tw")

                in_township(
                    ReferralOpened(
                        **common,
                        township_region_code=station["township"],
                        category=category,
                        content=content,
                        voter=voter,
                        opinion_recorded_at=at,
                        answer_due=due,
                    ),
                    at + timedelta(hours=5),
                )
                in_township(
                    ReferralRouted(**common, route=ReferralRoute.TOWNSHIP_DEPARTMENT, routed_to="乡镇建设办"),
                    at + timedelta(days=2),
                )
                in_township(
                    ReferralAnswered(**common, answer="已安排施工队维修，预计两周内完成", answered_by="乡镇建设办"),
                    at + timedelta(days=20),
                )
        at_station(
            ReceptionHeld(station_id=sid, held_on=held_on, voters_received=OPINIONS_PER_DAY + 6, topics=["民生"]),
            reception,
            opens + timedelta(hours=3),
            "station_head",
        )
        for number, deputy_id in enumerate(station["deputies"]):
            if (day + number) % (ACTIVITY_DAYS // SUGGESTIONS_PER_DEPUTY) == 0:
                co_signer = station["deputies"][(number + 1) % DEPUTIES_PER_STATION]
                self._suggestion(station, deputy_id, co_signer, held_on)

    def _suggestion(self, station: dict[str, Any], lead: UUID, co_signer: UUID, on: date) -> None:
        from shared.events.catalog.suggestion import (
            ReviewDecision,
            SessionPeriod,
            SuggestionAssigned,
            SuggestionCategory,
            SuggestionRegistered,
            SuggestionReviewed,
            SuggestionSubmitted,
        )

        self.suggestions += 1
        suggestion, sv, county = self.id(), station["versions"], station["county"]
        at = datetime(on.year, on.month, on.day, 2, 0, tzinfo=UTC)
        unit_id, unit_name = self.units[self.suggestions % len(self.units)]

        def in_county(payload: EventPayload, days: int, actor: str = "county_staff") -> None:
            when = at + timedelta(days=days)
            self.emit("county", payload, aggregate_id=suggestion, versions=sv, region_code=county, at=when, actor=actor)

        title = f"关于{CATEGORIES[self.suggestions % len(CATEGORIES)]}问题的建议"
        in_county(
            SuggestionSubmitted(
                title=title,
                content="经走访调研，群众反映集中，建议有关部门统筹解决。" * 4,
                lead_deputy_id=lead,
                co_signer_ids=[co_signer],
                period=SessionPeriod.BETWEEN_SESSIONS,
                term=18,
                received_on=on,
                assign_due=on + timedelta(days=7),
            ),
            0,
            actor=str(lead),
        )
        in_county(SuggestionReviewed(decision=ReviewDecision.ACCEPTED), 2)
        category = list(SuggestionCategory)[self.suggestions % len(SuggestionCategory)]
        in_county(SuggestionRegistered(number=f"{YEAR}-{self.suggestions:05d}", category=category), 3)
        in_county(
            SuggestionAssigned(
                lead_unit_id=unit_id,
                lead_unit_name=unit_name,
                vice_governor="李副市长",
                leader="李副市长",
                supervising_body="代表工作委员会",
                routing_rule_version=1,
                assigned_on=on + timedelta(days=5),
                return_due=on + timedelta(days=14),
                co_opinion_due=on + timedelta(days=35),
                reply_due=on + timedelta(days=95),
            ),
            5,
        )


def stations_for(events: int) -> int:
    """Stations enough for `events` in a year (the last activity day is cut where the count is reached)."""
    return max(1, math.ceil((events - GLOBAL_EVENTS) / PER_STATION))


def generate(urls: dict[str, str], *, events: int) -> Generated:
    """Store `events` events of a city's year in the station, township and county stores at `urls`."""
    from shared.events import default_registry
    from shared.eventstore.url import open_event_store

    registry = default_registry()
    for url in urls.values():  # the recorder creates its table, indexes and functions
        open_event_store(url, registry=registry).close()
    connections = {name: psycopg.connect(urls[name]) for name in STORES}
    started = time.perf_counter()
    try:
        writer = _Writer(connections, limit=events)
        city = _City(writer, stations=stations_for(events))
        city.generate()
        writer.close()
        for connection in connections.values():
            connection.autocommit = True
            connection.execute(f"VACUUM (ANALYZE) {EVENTS_TABLE}")  # settled, as a live store would be
    finally:
        for connection in connections.values():
            connection.close()
    seconds = time.perf_counter() - started
    if writer.written != events:
        raise RuntimeError(f"generated {writer.written} events, not {events}")
    for name in STORES:
        _check_stored(open_event_store(urls[name], registry=registry), writer.first[name], writer.by_store[name])
    return Generated(
        events=writer.written,
        by_store=dict(writer.by_store),
        by_type=writer.by_type,
        stations=len(city.stations),
        seconds=seconds,
    )


def _check_stored(store: Any, first: list[Envelope[Any]], count: int) -> None:
    """The store reads back what was copied in: the count, and its first events in order, decoded."""
    try:
        if store.position() != count:
            raise RuntimeError(f"the store holds {store.position()} events, not {count}")
        notes = store.notifications(after=0, limit=len(first))
        for position, (note, event) in enumerate(zip(notes, first, strict=True), start=1):
            decoded = store.registry.decode(note.state)
            if (note.position, note.aggregate_id, note.event_type) != (position, event.aggregate_id, event.event_type):
                raise RuntimeError(f"stored event {position} is not the one copied in")
            if decoded != event or event not in store.events_of(event.aggregate_id):
                raise RuntimeError(f"stored event {position} does not decode to the event copied in")
    finally:
        store.close()


def _peak_kib() -> int:
    """This process's peak RSS in KiB: VmHWM, the high-water mark of its own address space.

    Not `getrusage`'s ru_maxrss: Linux carries that across fork and exec, so a child started by a
    big parent would report the parent's peak.
    """
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def measure_baseline(urls: dict[str, str]) -> Measured:
    """SELECT every stored event of each store in store order with psycopg, and decode each with the registry."""
    from shared.events import default_registry

    registry = default_registry()
    count = 0
    started = time.perf_counter()
    for name in STORES:
        with psycopg.connect(urls[name]) as connection, connection.cursor(name="stored_events") as cursor:
            cursor.itersize = 2000
            cursor.execute("SELECT state FROM stored_events ORDER BY notification_id")
            for (state,) in cursor:
                registry.decode(state)
                count += 1
    return Measured(events=count, seconds=time.perf_counter() - started, peak_kib=_peak_kib())


def measure_replay(urls: dict[str, str]) -> Measured:
    """Rebuild every county read model (not its intake) from the three stores, as `renda replay` does."""
    from sqlalchemy import func, select

    from renda.services import SERVICES
    from services.county.config import CountySettings
    from shared.eventstore.url import open_event_store
    from shared.messaging.runner import ProjectionRunner, rebuild_together
    from shared.messaging.sources import StoreSource

    runtime = SERVICES["county"].build_runtime(
        CountySettings(event_store_url=urls["county"], database_url=urls["county"])
    )
    stores = [open_event_store(urls[name], registry=runtime.registry) for name in ("station", "township")]
    stores.append(runtime.store)
    # A rebuild parks nothing (it applies with park_poison=False): no broker, no dead-letter producer.
    runners = [
        ProjectionRunner(
            projection=projection,
            engine=runtime.engine,
            registry=runtime.registry,
            kafka=runtime.kafka,
            dead_letters=None,
        )
        for projection in runtime.projections
        if not projection.runs_commands
    ]
    events = sum(store.position() for store in stores)
    source = StoreSource(stores)
    started = time.perf_counter()
    applied = rebuild_together(runners, source=source)
    seconds = time.perf_counter() - started
    rows: dict[str, int] = {}
    with runtime.engine.connect() as connection:
        for runner in runners:
            for table in runner.projection.metadata.sorted_tables:
                rows[table.name] = int(connection.execute(select(func.count()).select_from(table)).scalar_one())
    for store in stores[:2]:
        store.close()
    runtime.close()
    return Measured(events=events, seconds=seconds, peak_kib=_peak_kib(), applied=applied, rows=rows)


def _in_own_process(kind: str, urls: dict[str, str]) -> Measured:
    """Run one measurement in a fresh interpreter (`python -m renda.bench_replay KIND URLS`), for its own peak RSS."""
    done = subprocess.run(
        [sys.executable, "-m", "renda.bench_replay", kind, json.dumps(urls)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"the {kind} pass failed:\n{done.stderr[-4000:]}")
    return Measured(**json.loads(done.stdout.strip().splitlines()[-1]))


def replay_run(
    *, admin_url: str, events: int, then: Callable[[dict[str, str]], list[Figure]] | None = None
) -> ReplayRun:
    """Generate the events into fresh databases, measure the baseline and the replay, drop the databases.

    `then`, if given, measures something more on the rebuilt read models (given the stores' URLs) first.
    """
    names: list[str] = []
    try:
        urls: dict[str, str] = {}
        for store in STORES:
            name, urls[store] = _create_database(admin_url)
            names.append(name)
        generated = generate(urls, events=events)
        baseline = _in_own_process("baseline", urls)
        replay = _in_own_process("replay", urls)
        more = then(urls) if then is not None else []
    finally:
        for name in names:
            _drop_database(admin_url, name)
    return ReplayRun(generated=generated, baseline=baseline, replay=replay, on_read_models=more)


def figures(run: ReplayRun) -> list[Figure]:
    replay, baseline = run.replay, run.baseline
    label = (
        f"replay: rebuild the county read models from {run.generated.events:,} events"
        f" ({len(replay.applied)} read models, {replay.seconds:,.0f} s; baseline {baseline.seconds:,.0f} s)"
    )
    baseline_name = "SELECT + registry decode of the same stored events (psycopg)"
    return [
        Figure(label, replay.rate, baseline_name, baseline.rate, "events/s", "≥ 0.3×"),
        Figure(label + ", peak memory", replay.peak_kib / 1024, baseline_name, baseline.peak_kib / 1024, "MiB", "—"),
    ]


def describe(run: ReplayRun) -> str:
    """The run in a few lines: what was stored, both passes' figures, each read model's applied count."""
    g, b, r = run.generated, run.baseline, run.replay
    stores = ", ".join(f"{name} {count:,}" for name, count in g.by_store.items())
    ratio = r.rate / b.rate if b.rate else 0.0
    lines = [f"stored {g.events:,} events ({stores}) for {g.stations:,} stations in {g.seconds:,.1f} s"]
    for label, m in (
        ("baseline (SELECT + registry decode)", b),
        (f"replay ({len(r.applied)} county read models from the three stores)", r),
    ):
        lines.append(
            f"{label}: {m.events:,} events in {m.seconds:,.1f} s = {m.rate:,.0f} events/s,"
            f" peak RSS {m.peak_kib / 1024:,.0f} MiB"
        )
    lines.append(f"ratio {ratio:.3f}× (target ≥ 0.3×)")
    lines.append("applied: " + ", ".join(f"{name} {count:,}" for name, count in r.applied.items()))
    return "\n".join(lines)


def replay_rebuild(
    *,
    admin_url: str,
    events: int,
    report: Callable[[str], None] | None = None,
    then: Callable[[dict[str, str]], list[Figure]] | None = None,
) -> list[Figure]:
    run = replay_run(admin_url=admin_url, events=events, then=then)
    if report is not None:
        report(describe(run))
    return figures(run) + run.on_read_models


if __name__ == "__main__":
    measure = {"baseline": measure_baseline, "replay": measure_replay}[sys.argv[1]]
    print(json.dumps(asdict(measure(json.loads(sys.argv[2])))))
