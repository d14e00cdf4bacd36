"""Station → township figures, on the real broker: the township counts a station's month as the station does,
its own figures are the sums of its stations', and a report's digest survives a rebuild of the read model."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from renda.services import SERVICES
from services.county.domain.deputy import Deputy
from services.station.projections.directory import DIRECTORY, get_station
from services.station.projections.ledger import LEDGER
from services.station.projections.ledger_queries import station_month
from services.township.adapters.reads import SqlTownshipReads
from services.township.application.commands import COMMAND_HANDLERS, AnswerReferral, RouteReferral
from services.township.application.context import TownshipContext
from services.township.application.referrals import INTAKE_SCOPE
from services.township.projections.station_figures import STATION_FIGURES
from shared.application import derived_id, utc_now
from shared.auth import Role
from shared.calendar import CHINA, WorkingDayCalendar, china_date
from shared.calendar.activity_days import ActivitySchedule, activity_days
from shared.events.catalog.county import DeputyLevel
from shared.events.catalog.station import ScheduleKind, StandardItem
from shared.events.catalog.township import ReferralRoute
from shared.eventstore.store import EventStore
from shared.figures.station_work_queries import STATION_FIGURE_NAMES, station_figures, township_figures
from shared.readmodel.holidays import working_day_calendar
from shared.readmodel.projection import Projection
from shared.runtime import ServiceRuntime
from tests.integration.test_station_terminal import Day
from tests.support.deputies import profile
from tests.support.paging import all_items
from tests.support.platform import eventually, running

pytestmark = pytest.mark.integration

MakeRuntime = Callable[[str], ServiceRuntime]
PASSWORD = "correct horse 2026"
TOWNSHIP = "410327100000"


def _at(day: date, hour: int) -> str:
    """An instant on a Beijing day, as a terminal would send it."""
    return datetime.combine(day, time(hour), tzinfo=CHINA).astimezone(UTC).isoformat()


def _settle(runtime: ServiceRuntime, projection: Projection, *stores: EventStore) -> None:
    """Wait until `projection` has applied every event of the stores that it handles."""
    for store in stores:
        for notice in store.notifications(after=0, limit=100_000):
            if notice.event_type in projection.handlers:
                runtime.wait_for(projection.name, store.registry.decode(notice.state).event_id)


class Month:
    """Two stations of 城关镇 (and one of 丰李镇) through last month and this one, seen by the township."""

    def __init__(self, make_runtime: MakeRuntime) -> None:
        self.day = Day(make_runtime)
        self.township = make_runtime("township")
        self.township_api = TestClient(SERVICES["township"].create_app(self.township))
        self.township.accounts.create(username="cg", password=PASSWORD, role=Role.TOWNSHIP_STAFF, region_code=TOWNSHIP)
        body = {"username": "cg", "password": PASSWORD}
        token = self.township_api.post("/api/v1/auth/login", json=body).json()["access_token"]
        self.staff = {"Authorization": f"Bearer {token}"}
        self.today = china_date(datetime.now(UTC))
        self.this_month = self.today.replace(day=1)
        self.last_month = (self.this_month - timedelta(days=1)).replace(day=1)

    def run(self) -> None:
        day = self.day
        day.set_up()
        self.station_id = uuid.UUID(day.station_id)
        self._manage(
            f"/api/v1/stations/{day.station_id}/schedule", {"kind": "monthly", "days_of_month": [5, 20]}, put=True
        )
        self._manage(
            f"/api/v1/stations/{day.station_id}/standard-checks",
            {"checked_on": self.last_month.isoformat(), "items_met": [item.value for item in StandardItem]},
        )
        self._last_month_at_the_first_station()
        self._this_month_at_the_first_station()
        self._second_station()
        self._manage(
            "/api/v1/stations",
            {"name": "丰李镇人大代表联络站", "kind": "township_seat", "region_code": "410327101201"},
            headers=self.day.county_staff,
        )
        self.settle()

    def _manage(
        self, path: str, body: dict[str, Any], *, put: bool = False, headers: dict[str, str] | None = None
    ) -> dict[str, Any]:
        call = self.day.api.put if put else self.day.api.post
        response = call(path, headers=headers or self.day.township, json=body)
        assert response.status_code in (200, 201), response.text
        return dict(response.json())

    def _last_month_at_the_first_station(self) -> None:
        day = self.day
        schedule = ActivitySchedule(kind=ScheduleKind.MONTHLY, days_of_month=(5, 20))
        first = activity_days(
            schedule=schedule, year=self.last_month.year, month=self.last_month.month, calendar=WorkingDayCalendar()
        )[0].held_on
        at = _at(first, 9)
        reception = day.send("receptions", kind="reception_day", scheduled_on=first.isoformat(), occurred_at=at)
        day.send(
            "receptions/held",
            reception_id=reception["id"],
            held_on=first.isoformat(),
            voters_received=12,
            topics=["道路"],
            occurred_at=_at(first, 12),
        )
        day.send("check-ins", reception_id=reception["id"], deputy_id=day.deputies[0], occurred_at=at)
        day.send("leaves", reception_id=reception["id"], deputy_id=day.deputies[1], reason="出差", occurred_at=at)
        opinions = [
            day.send(
                "opinions",
                reception_id=reception["id"],
                category="城乡建设",
                content=f"上月意见{i}",
                voter_name="张三",
                voter_phone="13812345678",
                occurred_at=_at(first, 10),
            )
            for i in range(4)
        ]
        day.send(
            "opinions/solved", opinion_id=opinions[0]["id"], resolution="当场联系供电所修复", occurred_at=_at(first, 11)
        )
        answered = day.send("opinions/referred", opinion_id=opinions[1]["id"])
        routed = day.send("opinions/referred", opinion_id=opinions[2]["id"])
        # The township's intake opens a referral for each referred opinion; the township answers one, routes the other.
        answered_referral, routed_referral = (
            derived_id(scope=INTAKE_SCOPE, kind="open_referral", command_id=uuid.UUID(sent["event_ids"][0]))
            for sent in (answered, routed)
        )
        eventually(lambda: all(self.township.store.exists(r) for r in (answered_referral, routed_referral)), until=bool)
        staff = TownshipContext(
            commands=self.township.commands,
            reads=SqlTownshipReads(self.township),
            actor="township_cg",
            now=utc_now(),
        )
        COMMAND_HANDLERS.dispatch(
            AnswerReferral(referral_id=answered_referral, answer="已列入亮化工程", answered_by="城关镇建设办"), staff
        )
        COMMAND_HANDLERS.dispatch(
            RouteReferral(
                referral_id=routed_referral,
                route=ReferralRoute.TOWNSHIP_DEPARTMENT,
                routed_to="城关镇建设办",
                deputy_id=None,
                note="",
            ),
            staff,
        )

    def _this_month_at_the_first_station(self) -> None:
        day = self.day
        reception = day.send("receptions", kind="activity_day", scheduled_on=self.today.isoformat())
        day.send("receptions/held", reception_id=reception["id"], held_on=self.today.isoformat(), voters_received=3)
        day.send("check-ins", reception_id=reception["id"], deputy_id=day.deputies[0])
        opinion = day.send(
            "opinions", category="教育", content="本月意见", voter_name="李四", voter_phone="13900000000"
        )
        day.send("opinions/referred", opinion_id=opinion["id"])

    def _second_station(self) -> None:
        day = self.day
        created = self._manage(
            "/api/v1/stations",
            {"name": "西关社区人大代表联络站", "kind": "community_room", "region_code": "410327100202"},
        )
        self.second_id = uuid.UUID(created["id"])
        synced = day.api.get(
            f"/api/v1/stations/{created['id']}", headers=day.township, params={"wait_for": created["event_ids"][0]}
        )
        assert synced.status_code == 200, synced.text
        ctx = day.county.commands.context(actor="county_admin")
        leader = Deputy.elect(
            deputy_id=uuid.uuid4(),
            profile=profile(
                name="赵镇长",
                level=DeputyLevel.TOWNSHIP,
                congress_region_code=TOWNSHIP,
                resident_region_code="410327100202",
                holds_leading_office=True,
            ),
            ctx=ctx,
        )
        leader.attach_to_station(station_id=self.second_id, station_region_code="410327100202", ctx=ctx)
        [recorded] = day.county.store.save(leader)
        roster = day.api.get(
            f"/api/v1/stations/{created['id']}/deputies",
            headers=day.township,
            params={"wait_for": str(recorded.event_ids[-1])},
        )
        assert len(roster.json()) == 1, roster.text
        key = self._manage(f"/api/v1/stations/{created['id']}/device-keys", {"label": "西关平板"})
        terminal = {"X-Device-Key": key["device_key"]}

        def send(path: str, **body: Any) -> dict[str, Any]:
            response = day.api.post(
                f"/api/v1/terminal/{path}", headers=terminal, json={"command_id": str(uuid.uuid4()), **body}
            )
            assert response.status_code in (200, 201), response.text
            return dict(response.json())

        held = self.last_month + timedelta(days=9)
        reception = send("receptions", kind="voter_meeting", scheduled_on=held.isoformat(), occurred_at=_at(held, 9))
        send("receptions/held", reception_id=reception["id"], held_on=held.isoformat(), voters_received=5)
        send("check-ins", reception_id=reception["id"], deputy_id=str(leader.id), occurred_at=_at(held, 9))
        opinion = send(
            "opinions",
            category="交通运输",
            content="公交站台",
            voter_name="王五",
            voter_phone="13700001111",
            occurred_at=_at(held, 10),
        )
        send("opinions/solved", opinion_id=opinion["id"], resolution="已协调公交公司", occurred_at=_at(held, 11))

    def settle(self) -> None:
        """Both services have applied everything: the station its ledgers, the township its figures."""
        station, county, township = self.day.station, self.day.county, self.township
        _settle(township, STATION_FIGURES, station.store, county.store, township.store)
        _settle(station, LEDGER, station.store, township.store)
        _settle(station, DIRECTORY, station.store)

    def both_months(self, year: int, month: int) -> tuple[dict[str, Any] | None, dict[str, Any]]:
        """The township's figures for the first station's month, and the station's own."""
        station_engine = self.day.station.engine
        ours = station_figures(
            self.township.engine,
            station_id=self.station_id,
            year=year,
            month=month,
            today=self.today,
            calendar=working_day_calendar(self.township.engine),
        )
        theirs = station_month(
            station_engine,
            station=get_station(station_engine, station_id=self.station_id) or {},
            year=year,
            month=month,
            today=self.today,
            calendar=working_day_calendar(station_engine),
        )
        return ours, theirs

    def preview(self) -> dict[str, Any]:
        response = self.township_api.get(
            "/api/v1/reports/preview",
            headers=self.staff,
            params={"period_kind": "month", "period_start": self.last_month.isoformat()},
        )
        assert response.status_code == 200, response.text
        return dict(response.json())


def test_the_township_counts_a_station_month_exactly_as_the_station_does(make_runtime: MakeRuntime) -> None:
    month = Month(make_runtime)
    with running(month.day.county, projections=False), running(month.day.station), running(month.township):
        month.run()
        last_ours, last_theirs = month.both_months(month.last_month.year, month.last_month.month)
        this_ours, this_theirs = month.both_months(month.this_month.year, month.this_month.month)
        label = f"{month.last_month:%Y-%m}"
        over_http = month.township_api.get(
            f"/api/v1/figures/stations/{month.station_id}", headers=month.staff, params={"month": label}
        )
        station_summary = month.day.api.get(
            f"/api/v1/stations/{month.station_id}/summary", headers=month.day.township, params={"month": label}
        )

    assert last_ours == last_theirs
    assert this_ours == this_theirs
    assert over_http.status_code == 200, over_http.text
    assert over_http.json() == station_summary.json()
    assert last_theirs["activities_held"] == 1 and last_theirs["voters_received"] == 12
    assert last_theirs["scheduled_days_held"] == 1 and len(last_theirs["scheduled_days"]) == 2
    assert last_theirs["opinions_by_status"] == {"solved_on_spot": 1, "answered": 1, "referred": 1, "recorded": 1}
    assert last_theirs["referred"] == 2
    assert this_theirs["opinions_by_status"] == {"referred": 1}
    assert this_theirs["activities_held"] == 1 and this_theirs["voters_received"] == 3


def test_township_figures_are_the_sums_of_its_stations_and_a_report_survives_a_rebuild(
    make_runtime: MakeRuntime,
) -> None:
    month = Month(make_runtime)
    township = month.township
    with running(month.day.county, projections=False), running(month.day.station):
        with running(township):
            month.run()
            figures = township_figures(
                township.engine,
                within="410327100",
                start=month.last_month,
                end=month.today,
                today=month.today,
                calendar=working_day_calendar(township.engine),
            )
            last_month = township_figures(
                township.engine,
                within="410327100",
                start=month.last_month,
                end=month.this_month - timedelta(days=1),
                today=month.today,
                calendar=working_day_calendar(township.engine),
            )
            _, station_own = month.both_months(month.last_month.year, month.last_month.month)
            span = {"start": month.last_month.isoformat(), "end": month.today.isoformat()}
            over_http = month.township_api.get("/api/v1/figures", headers=month.staff, params=span)
            elsewhere = month.township_api.get(
                "/api/v1/figures", headers=month.staff, params={**span, "region_code": "410327101000"}
            )
            first, second = month.preview(), month.preview()
            published = [
                month.township_api.post(
                    "/api/v1/reports",
                    headers=month.staff,
                    json={"period_kind": "month", "period_start": month.last_month.isoformat()},
                )
                for _ in range(2)
            ]
        runner = next(r for r in township.runners() if r.projection.name == STATION_FIGURES.name)
        assert runner.rebuild() > 0
        rebuilt = month.preview()

    stations = figures["station_figures"]
    assert set(stations) == {str(month.station_id), str(month.second_id)}
    for name in STATION_FIGURE_NAMES:
        assert figures["figures"][name] == sum(station[name] for station in stations.values()), name
    assert figures["figures"]["stations"] == 2
    assert over_http.status_code == 200, over_http.text
    assert over_http.json()["figures"] == figures["figures"]
    assert over_http.json()["station_figures"] == stations
    assert elsewhere.status_code == 403
    assert figures["figures"]["activities_held"] == 3
    assert figures["figures"]["voters_received"] == 12 + 3 + 5
    assert figures["figures"]["opinions"] == 6
    assert figures["figures"]["routed_township_department"] == 1
    assert figures["figures"]["standard_compliant"] == 1
    assert figures["participation"]["leading_office"] == {"attached": 1, "participated": 1, "permille": 1000}
    assert figures["participation"]["other"] == {"attached": 2, "participated": 1, "permille": 500}
    below = [row["name"] for row in figures["county_deputies_below_visits"]]
    assert below == (["李秀英", "王建国"] if month.last_month.year != month.today.year else ["李秀英"])

    first_station = last_month["station_figures"][str(month.station_id)]
    assert first_station["activities_held"] == station_own["activities_held"]
    assert first_station["voters_received"] == station_own["voters_received"]
    assert first_station["opinions"] == station_own["opinions"]
    assert first_station["referred"] == station_own["referred"]
    assert first_station["scheduled_days"] == len(station_own["scheduled_days"])

    assert first == second
    assert first["figures"]["opinions"] == 5 and first["source_events"] > 0
    assert [response.status_code for response in published] == [201, 201]
    versions = [response.json() for response in published]
    assert versions[0]["id"] == versions[1]["id"] and [v["version"] for v in versions] == [1, 2]
    assert {v["digest"] for v in versions} == {first["digest"]}
    stored = township.store.events_of(uuid.UUID(versions[0]["id"]))
    assert [event.payload.digest for event in stored] == [first["digest"]] * 2
    assert stored[0].payload.figures == first["figures"]
    assert rebuilt == first


def test_a_township_cannot_publish_a_period_that_has_not_ended(make_runtime: MakeRuntime) -> None:
    month = Month(make_runtime)
    refused = month.township_api.post(
        "/api/v1/reports",
        headers=month.staff,
        json={"period_kind": "month", "period_start": month.this_month.isoformat()},
    )
    misaligned = month.township_api.post(
        "/api/v1/reports", headers=month.staff, json={"period_kind": "quarter", "period_start": "2026-02-01"}
    )

    assert (refused.status_code, refused.json()["error"]["code"]) == (409, "PERIOD_NOT_ENDED")
    assert (misaligned.status_code, misaligned.json()["error"]["code"]) == (422, "INVALID_REPORT_PERIOD")


def test_a_report_for_a_past_month_is_not_changed_by_what_happens_after_it(make_runtime: MakeRuntime) -> None:
    month = Month(make_runtime)
    township = month.township
    with running(month.day.county, projections=False), running(month.day.station), running(township):
        month.run()
        before = month.preview()
        waiting = [
            row
            for row in all_items(month.township_api, "/api/v1/referrals", headers=month.staff)
            if row["answered_on"] is None and row["opinion_recorded_at"][:7] == f"{month.last_month:%Y-%m}"
        ]
        answered = month.township_api.post(
            f"/api/v1/referrals/{waiting[0]['referral_id']}/answer",
            headers=month.staff,
            json={"answer": "本月答复：已安排维修", "answered_by": "城关镇建设办"},
        )
        assert answered.status_code == 200, answered.text
        _settle(township, STATION_FIGURES, township.store)
        after = month.preview()

    assert after["figures"] == before["figures"]
    assert after["digest"] == before["digest"]
