"""A city's year of work, generated event by event: its stations, deputies and handling units set up, then
every station's activity days (`activity_day.py`), into a `StoreWriter`."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID

from renda.bench.activity_day import activity_day
from renda.bench.city_year import (
    ACTIVITY_DAYS,
    CITY,
    COUNTIES,
    DEPUTIES_PER_STATION,
    HANDLING_UNITS,
    TOWNSHIPS_PER_COUNTY,
    YEAR,
)
from renda.bench.store_copy import StoreWriter
from shared.events.envelope import EventPayload
from shared.events.registry import envelope_type


class City:
    """A city's year, event by event, with deterministic ids (a seeded generator)."""

    def __init__(self, writer: StoreWriter, *, stations: int, seed: int = 2025) -> None:
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
                activity_day(self, station, day)

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
