"""A station's day through the terminal API (device key), on PostgreSQL and the real broker."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from sqlalchemy import select, update

from renda.services import SERVICES
from services.county.domain.deputy import Deputy
from services.station.projections.ledger import opinions
from shared.auth import Role
from shared.calendar import china_date
from shared.events.catalog.township import ReferralAnswered, ReferralClosed, ReferralOutcome
from shared.events.registry import envelope_type
from shared.privacy import Contact, ContactSealer
from shared.runtime import ServiceRuntime
from tests.conftest import Broker
from tests.support.deputies import profile
from tests.support.paging import all_items
from tests.support.platform import running

pytestmark = pytest.mark.integration

MakeRuntime = Callable[[str], ServiceRuntime]
VOTERS = [("张三丰", "13812345678"), ("李秀兰", "13987654321"), ("王小明", "0379-65551234"), ("赵大勇", "13700001111")]


class Day:
    """A station with two attached deputies, a terminal key and a township token."""

    def __init__(self, make_runtime: MakeRuntime) -> None:
        self.county, self.station = make_runtime("county"), make_runtime("station")
        self.api = TestClient(SERVICES["station"].create_app(self.station))
        self.station.accounts.create(
            username="cg", password="correct horse 2026", role=Role.TOWNSHIP_STAFF, region_code="410327100000"
        )
        self.station.accounts.create(
            username="county", password="correct horse 2026", role=Role.COUNTY_STAFF, region_code="410327000000"
        )
        self.township = self._token("cg")
        self.county_staff = self._token("county")

    def _token(self, username: str) -> dict[str, str]:
        body = {"username": username, "password": "correct horse 2026"}
        return {"Authorization": f"Bearer {self.api.post('/api/v1/auth/login', json=body).json()['access_token']}"}

    def set_up(self) -> None:
        created = self.api.post(
            "/api/v1/stations",
            headers=self.township,
            json={"name": "东门社区人大代表联络站", "kind": "community_room", "region_code": "410327100201"},
        ).json()
        self.station_id = created["id"]
        synced = self.api.get(
            f"/api/v1/stations/{self.station_id}", headers=self.township, params={"wait_for": created["event_ids"][0]}
        )
        assert synced.status_code == 200, synced.text
        deputies = []
        for name in ("王建国", "李秀英"):
            ctx = self.county.commands.context(actor="county_admin")
            deputy = Deputy.elect(deputy_id=uuid.uuid4(), profile=profile(name=name), ctx=ctx)
            deputy.attach_to_station(station_id=uuid.UUID(self.station_id), station_region_code="410327100201", ctx=ctx)
            deputies.append(deputy)
        recorded = self.county.store.save(*deputies)
        self.deputies = [str(d.id) for d in deputies]
        # The two deputies' events may sit on different partitions: wait for every one of them.
        for event_id in (e for r in recorded for e in r.event_ids):
            roster = self.api.get(
                f"/api/v1/stations/{self.station_id}/deputies", headers=self.township, params={"wait_for": event_id}
            )
        assert len(roster.json()) == 2, roster.text
        key = self.api.post(
            f"/api/v1/stations/{self.station_id}/device-keys", headers=self.township, json={"label": "平板"}
        )
        assert key.status_code == 201, key.text
        self.key_id = key.json()["key_id"]
        self.terminal = {"X-Device-Key": key.json()["device_key"]}

    def send(self, path: str, **body: Any) -> dict[str, Any]:
        response = self.api.post(
            f"/api/v1/terminal/{path}", headers=self.terminal, json={"command_id": str(uuid.uuid4()), **body}
        )
        assert response.status_code in (200, 201), response.text
        return dict(response.json())

    def opinion_ledger(
        self, *, wait_for: str | None = None, headers: dict[str, str] | None = None
    ) -> list[dict[str, Any]]:
        path = f"/api/v1/stations/{self.station_id}/ledger/opinions" if headers else "/api/v1/terminal/ledger/opinions"
        return all_items(
            self.api, path, headers=headers or self.terminal, **({"wait_for": wait_for} if wait_for else {})
        )


def _today() -> date:
    return china_date(datetime.now(UTC))


def test_a_reception_day_through_the_terminal_api(make_runtime: MakeRuntime, broker: Broker) -> None:
    day = Day(make_runtime)
    with running(day.county, projections=False), running(day.station):
        day.set_up()
        reception = day.send("receptions", kind="reception_day", scheduled_on=_today().isoformat(), title="接待日")
        day.send(
            "receptions/held",
            reception_id=reception["id"],
            held_on=_today().isoformat(),
            voters_received=3,
            topics=["道路", "教育"],
            notes="",
        )
        for deputy in day.deputies:
            day.send("check-ins", reception_id=reception["id"], deputy_id=deputy)
        recorded = [
            day.send(
                "opinions",
                reception_id=reception["id"],
                category="城乡建设",
                content=f"意见{i}",
                voter_name=name,
                voter_phone=phone,
            )
            for i, (name, phone) in enumerate(VOTERS[:3])
        ]
        day.send("opinions/solved", opinion_id=recorded[0]["id"], resolution="当场联系供电所修复")
        day.send("opinions/referred", opinion_id=recorded[1]["id"])
        last = day.send("opinions/referred", opinion_id=recorded[2]["id"])
        ledger = day.opinion_ledger(wait_for=last["event_ids"][0])
        receptions = all_items(day.api, "/api/v1/terminal/ledger/receptions", headers=day.terminal)
        summary = day.api.get("/api/v1/terminal/summary", headers=day.terminal).json()
        masked = day.opinion_ledger(headers=day.county_staff)

    assert [(row["content"], row["status"]) for row in ledger] == [
        ("意见0", "solved_on_spot"),
        ("意见1", "referred"),
        ("意见2", "referred"),
    ]
    assert [row["voter_phone"] for row in ledger] == ["13812345678", "13987654321", "0379-65551234"]
    assert [row["voter_phone"] for row in masked] == ["138****5678", "139****4321", "037******1234"]
    assert masked[0]["voter_name"] == "张**"
    assert all(row["answer_due"] is not None for row in ledger[1:])
    assert [(d["status"]) for d in receptions[0]["deputies"]] == ["checked_in", "checked_in"]
    assert summary["activities_held"] == 1 and summary["voters_received"] == 3
    assert summary["opinions_by_status"] == {"solved_on_spot": 1, "referred": 2}


def test_a_deputy_who_left_office_is_shown_as_left_and_refused_at_check_in(make_runtime: MakeRuntime) -> None:
    day = Day(make_runtime)
    county_api = TestClient(SERVICES["county"].create_app(day.county))
    day.county.accounts.create(
        username="county", password="correct horse 2026", role=Role.COUNTY_STAFF, region_code="410327000000"
    )
    login = {"username": "county", "password": "correct horse 2026"}
    county_staff = {
        "Authorization": f"Bearer {county_api.post('/api/v1/auth/login', json=login).json()['access_token']}"
    }
    with running(day.county), running(day.station):
        day.set_up()
        reception = day.send("receptions", kind="reception_day", scheduled_on=_today().isoformat(), title="接待日")
        left = county_api.post(
            f"/api/v1/deputies/{day.deputies[0]}/leave-office",
            headers=county_staff,
            json={"reason": "resignation_ordered", "left_on": _today().isoformat(), "note": "县人大常委会责令辞职"},
        )
        assert left.status_code == 200, left.text
        departure = left.json()["event_ids"][0]
        county_roster = county_api.get(
            "/api/v1/deputies", headers=county_staff, params={"wait_for": departure, "status": "left"}
        )
        station_roster = day.api.get(
            f"/api/v1/stations/{day.station_id}/deputies", headers=day.township, params={"wait_for": departure}
        )
        refused = day.api.post(
            "/api/v1/terminal/check-ins",
            headers=day.terminal,
            json={"command_id": str(uuid.uuid4()), "reception_id": reception["id"], "deputy_id": day.deputies[0]},
        )
        day.send("check-ins", reception_id=reception["id"], deputy_id=day.deputies[1])
        again = county_api.post(
            f"/api/v1/deputies/{day.deputies[0]}/groups",
            headers=county_staff,
            json={"group_name": "城关镇代表小组", "kind": "deputy_group"},
        )

    assert [(r["name"], r["status"], r["left_reason"], r["station_ids"]) for r in county_roster.json()] == [
        ("王建国", "left", "resignation_ordered", [])
    ]
    assert [deputy["name"] for deputy in station_roster.json()] == ["李秀英"]
    assert (refused.status_code, refused.json()["error"]["code"]) == (403, "DEPUTY_NOT_ATTACHED")
    assert (again.status_code, again.json()["error"]["code"]) == (409, "DEPUTY_NOT_IN_OFFICE")


def test_a_batch_uploaded_twice_creates_each_record_once(make_runtime: MakeRuntime) -> None:
    day = Day(make_runtime)
    with running(day.county, projections=False), running(day.station):
        day.set_up()
        reception = day.send("receptions", kind="reception_day", scheduled_on=_today().isoformat())
        yesterday = (datetime.now(UTC) - timedelta(days=1)).isoformat()
        items = [
            {
                "type": "check_in",
                "command_id": str(uuid.uuid4()),
                "occurred_at": yesterday,
                "reception_id": reception["id"],
                "deputy_id": day.deputies[0],
            },
            *(
                {
                    "type": "record_opinion",
                    "command_id": str(uuid.uuid4()),
                    "occurred_at": yesterday,
                    "category": "教育",
                    "content": f"离线意见{i}",
                    "voter_name": "张三",
                    "voter_phone": "13812345678",
                }
                for i in range(3)
            ),
            {
                "type": "record_opinion",
                "command_id": str(uuid.uuid4()),
                "category": "教育",
                "content": "号码错误",
                "voter_name": "李四",
                "voter_phone": "12345",
            },
            {
                "type": "check_in",
                "command_id": str(uuid.uuid4()),
                "reception_id": reception["id"],
                "deputy_id": str(uuid.uuid4()),
            },
        ]
        first = day.api.post("/api/v1/terminal/batch", headers=day.terminal, json={"items": items}).json()
        second = day.api.post("/api/v1/terminal/batch", headers=day.terminal, json={"items": items}).json()
        last_event = first["results"][3]["result"]["event_ids"][0]
        ledger = day.opinion_ledger(wait_for=last_event)

    assert (first["accepted"], first["refused"]) == (4, 2)
    assert first["results"][4]["error"]["field"] == "items.4.voter_phone"
    assert first["results"][5]["error"]["code"] == "DEPUTY_NOT_ATTACHED"
    assert [r["result"] for r in second["results"] if r["ok"]] == [r["result"] for r in first["results"] if r["ok"]]
    assert sorted(row["content"] for row in ledger) == ["离线意见0", "离线意见1", "离线意见2"]
    assert all(row["recorded_at"].startswith(yesterday[:10]) for row in ledger)
    assert all(row["uploaded_at"] > row["recorded_at"] for row in ledger)
    # Set-up, the reception, one check-in and three opinions: the second upload stored nothing.
    assert day.station.store.position() == 6


def test_the_township_answer_reaches_the_station_ledger_and_overdue_is_a_query(
    make_runtime: MakeRuntime, broker: Broker
) -> None:
    day = Day(make_runtime)
    with running(day.county, projections=False), running(day.station):
        day.set_up()
        late = (datetime.now(UTC) - timedelta(days=45)).isoformat()
        answered = day.send(
            "opinions",
            category="城乡建设",
            content="路灯",
            voter_name="张三",
            voter_phone="13812345678",
            occurred_at=late,
        )
        ignored = day.send(
            "opinions",
            category="交通运输",
            content="公交",
            voter_name="李四",
            voter_phone="13900000000",
            occurred_at=late,
        )
        day.send("opinions/referred", opinion_id=answered["id"])
        referred = day.send("opinions/referred", opinion_id=ignored["id"])
        outcomes = _publish_township_outcomes(broker, station_id=day.station_id, opinion_id=answered["id"])
        # The station's own referral and the township's outcomes arrive on different topics: wait for both.
        day.opinion_ledger(wait_for=referred["event_ids"][0])
        ledger = {row["content"]: row for row in day.opinion_ledger(wait_for=str(outcomes[-1]))}

    assert ledger["路灯"]["status"] == "answered"  # in coordination after an answer: the answer stands
    assert (ledger["路灯"]["outcome"], ledger["路灯"]["outcome_reason"]) == ("in_coordination", "需县住建局统筹")
    assert ledger["路灯"]["answer"] == "已列入亮化工程"
    assert ledger["路灯"]["overdue"] is False
    assert ledger["公交"]["status"] == "referred"
    assert ledger["公交"]["overdue"] is True


def _publish_township_outcomes(broker: Broker, *, station_id: str, opinion_id: str) -> list[uuid.UUID]:
    producer = KafkaProducer(bootstrap_servers=broker.bootstrap)
    referral_id = uuid.uuid4()
    ids = []
    for version, payload in enumerate(
        [
            ReferralAnswered(
                opinion_id=uuid.UUID(opinion_id),
                station_id=uuid.UUID(station_id),
                answer="已列入亮化工程",
                answered_by="城关镇建设办",
            ),
            ReferralClosed(
                opinion_id=uuid.UUID(opinion_id),
                station_id=uuid.UUID(station_id),
                outcome=ReferralOutcome.IN_COORDINATION,
                reason="需县住建局统筹",
            ),
        ],
        start=1,
    ):
        envelope = envelope_type(type(payload))(
            event_id=uuid.uuid4(),
            event_type=payload.event_type,
            schema_version=1,
            aggregate_type="Referral",
            aggregate_id=referral_id,
            aggregate_version=version,
            region_code="410327100201",
            occurred_at=datetime.now(UTC),
            recorded_at=datetime.now(UTC),
            actor="township_cg",
            correlation_id=referral_id,
            payload=payload,
        )
        producer.send(
            payload.topic,
            key=str(referral_id).encode(),
            value=envelope.to_json(),
            headers=[("event_type", payload.event_type.encode())],
        )
        ids.append(envelope.event_id)
    producer.flush()
    producer.close()
    return ids


def test_voters_names_and_phones_never_travel_in_clear(
    make_runtime: MakeRuntime, broker: Broker, caplog: pytest.LogCaptureFixture
) -> None:
    day = Day(make_runtime)
    with running(day.county, projections=False), running(day.station):
        day.set_up()
        for name, phone in VOTERS:
            opinion = day.send("opinions", category="民生", content="意见", voter_name=name, voter_phone=phone)
            day.send("opinions/referred", opinion_id=opinion["id"])
        day.opinion_ledger(wait_for=opinion["event_ids"][0])

    wire = b"".join(record.value for record in _everything_on(broker))
    stored = [tuple(row) for row in day.station.engine.connect().execute(select(opinions))]
    assert b"OpinionReferred" in wire
    for name, phone in VOTERS:
        assert phone.encode() not in wire and name.encode() not in wire
        assert not any(phone in str(row) or name in str(row) for row in stored)
        assert phone not in caplog.text and name not in caplog.text


def _everything_on(broker: Broker) -> list[Any]:
    reader = KafkaConsumer(bootstrap_servers=broker.bootstrap, enable_auto_commit=False)
    partitions = [TopicPartition(t, p) for t in reader.topics() for p in sorted(reader.partitions_for_topic(t) or ())]
    reader.assign(partitions)
    reader.seek_to_beginning(*partitions)
    records: list[Any] = []
    quiet = 0
    while quiet < 3:
        batch = reader.poll(timeout_ms=300)
        quiet = 0 if batch else quiet + 1
        for chunk in batch.values():
            records.extend(chunk)
    reader.close()
    return records


def test_an_opinions_words_are_shown_as_written_to_the_station_and_township_and_masked_to_the_county(
    make_runtime: MakeRuntime,
) -> None:
    day = Day(make_runtime)
    with running(day.county, projections=False), running(day.station):
        day.set_up()
        recorded = day.send(
            "opinions",
            category="城乡建设",
            content="路灯不亮，请联系我13812345678，身份证410327199001011234",
            voter_name="张三丰",
            voter_phone="13812345678",
        )
        terminal = day.opinion_ledger(wait_for=recorded["event_ids"][0])
        township = day.opinion_ledger(headers=day.township)
        county = day.opinion_ledger(headers=day.county_staff)
        [stored] = day.station.engine.connect().execute(select(opinions.c.content)).scalars()

    as_written = "路灯不亮，请联系我13812345678，身份证410327199001011234"
    assert [row["content"] for row in terminal] == [row["content"] for row in township] == [as_written]
    assert [row["content"] for row in county] == ["路灯不亮，请联系我138****5678，身份证410327********1234"]
    assert stored == county[0]["content"], "the station's ledger keeps the words masked, and sealed as written"


def test_a_ledger_row_that_no_key_opens_is_shown_masked_and_flagged_and_the_rest_in_clear(
    make_runtime: MakeRuntime,
) -> None:
    day = Day(make_runtime)
    with running(day.county, projections=False), running(day.station):
        day.set_up()
        lamp = day.send(
            "opinions", category="城乡建设", content="路灯不亮", voter_name="张三丰", voter_phone="13812345678"
        )
        bus = day.send(
            "opinions",
            category="交通运输",
            content="公交太少，请回电13987654321",
            voter_name="李秀兰",
            voter_phone="13987654321",
        )
        day.opinion_ledger(wait_for=bus["event_ids"][0])
        # As if sealed with a key since dropped from RENDA_CONTACT_KEY.
        dropped = ContactSealer(os.urandom(32))
        with day.station.engine.begin() as connection:
            connection.execute(
                update(opinions)
                .where(opinions.c.opinion_id == uuid.UUID(bus["id"]))
                .values(
                    voter_sealed=dropped.seal(Contact(name="李秀兰", phone="13987654321")),
                    content_sealed=dropped.seal_text("公交太少，请回电13987654321"),
                )
            )
        terminal = day.api.get("/api/v1/terminal/ledger/opinions", headers=day.terminal)
        township = day.api.get(f"/api/v1/stations/{day.station_id}/ledger/opinions", headers=day.township)

    assert terminal.status_code == township.status_code == 200, (terminal.text, township.text)
    for ledger in (terminal.json()["items"], township.json()["items"]):
        rows = {row["opinion_id"]: row for row in ledger}
        readable, unreadable = rows[lamp["id"]], rows[bus["id"]]
        assert (readable["voter_name"], readable["voter_phone"], readable["contact_unreadable"]) == (
            "张三丰",
            "13812345678",
            False,
        )
        assert (unreadable["voter_name"], unreadable["voter_phone"], unreadable["content"]) == (
            "李**",
            "139****4321",
            "公交太少，请回电139****4321",
        )
        assert unreadable["contact_unreadable"] is True


def test_a_revoked_terminal_is_refused_at_once(make_runtime: MakeRuntime) -> None:
    day = Day(make_runtime)
    with running(day.county, projections=False), running(day.station):
        day.set_up()
    assert day.api.get("/api/v1/terminal/station", headers=day.terminal).status_code == 200

    revoked = day.api.delete(f"/api/v1/stations/{day.station_id}/device-keys/{day.key_id}", headers=day.township)
    refused = day.api.get("/api/v1/terminal/station", headers=day.terminal)

    assert revoked.status_code == 204
    assert refused.status_code == 401
    assert refused.json()["error"]["code"] == "DEVICE_KEY_REVOKED"


def test_closing_a_station_revokes_every_key_of_its_terminals_and_no_other(make_runtime: MakeRuntime) -> None:
    day = Day(make_runtime)
    with running(day.county, projections=False), running(day.station):
        day.set_up()
        spare = day.api.post(
            f"/api/v1/stations/{day.station_id}/device-keys", headers=day.township, json={"label": "备用电脑"}
        )
        neighbour = day.api.post(
            "/api/v1/stations",
            headers=day.township,
            json={"name": "东门社区第二联络站", "kind": "community_room", "region_code": "410327100201"},
        ).json()
        synced = day.api.get(
            f"/api/v1/stations/{neighbour['id']}", headers=day.township, params={"wait_for": neighbour["event_ids"][0]}
        )
        assert synced.status_code == 200, synced.text
        neighbours_key = day.api.post(
            f"/api/v1/stations/{neighbour['id']}/device-keys", headers=day.township, json={"label": "平板"}
        )
    terminals = [day.terminal, {"X-Device-Key": spare.json()["device_key"]}]
    neighbours_terminal = {"X-Device-Key": neighbours_key.json()["device_key"]}
    assert all(day.api.get("/api/v1/terminal/station", headers=t).status_code == 200 for t in terminals)

    closed = day.api.post(f"/api/v1/stations/{day.station_id}/close", headers=day.township, json={"reason": "撤并"})
    refused = [day.api.get("/api/v1/terminal/station", headers=terminal) for terminal in terminals]
    uploads = day.api.post(
        "/api/v1/terminal/opinions",
        headers=day.terminal,
        json={
            "command_id": str(uuid.uuid4()),
            "category": "城乡建设",
            "content": "路灯不亮",
            "voter_name": VOTERS[0][0],
            "voter_phone": VOTERS[0][1],
        },
    )

    assert closed.status_code == 200, closed.text
    assert [(r.status_code, r.json()["error"]["code"]) for r in refused] == [(401, "DEVICE_KEY_REVOKED")] * 2
    assert (uploads.status_code, uploads.json()["error"]["code"]) == (401, "DEVICE_KEY_REVOKED")
    assert day.api.get("/api/v1/terminal/station", headers=neighbours_terminal).status_code == 200


def test_only_a_deputy_on_the_county_roster_can_be_named_station_staff(make_runtime: MakeRuntime) -> None:
    day = Day(make_runtime)
    with running(day.county, projections=False), running(day.station):
        day.set_up()
    staff = f"/api/v1/stations/{day.station_id}/staff"

    unknown = day.api.post(
        staff, headers=day.township, json={"role": "head", "person_name": "某某", "deputy_id": str(uuid.uuid4())}
    )
    known = day.api.post(
        staff, headers=day.township, json={"role": "head", "person_name": "王建国", "deputy_id": day.deputies[0]}
    )
    liaison = day.api.post(staff, headers=day.township, json={"role": "liaison", "person_name": "赵联络"})

    assert (unknown.status_code, unknown.json()["error"]["code"]) == (404, "UNKNOWN_DEPUTY")
    assert known.status_code == 200 and liaison.status_code == 200
    assert [e.event_type for e in day.station.store.events_of(uuid.UUID(day.station_id))] == [
        "StationSetUp",
        "StationStaffAssigned",
        "StationStaffAssigned",
    ]


def test_a_batch_of_updates_sent_twice_returns_the_first_results(make_runtime: MakeRuntime) -> None:
    day = Day(make_runtime)
    with running(day.county, projections=False), running(day.station):
        day.set_up()
        reception = day.send("receptions", kind="reception_day", scheduled_on=_today().isoformat())
    items = [
        {
            "type": "check_in",
            "command_id": str(uuid.uuid4()),
            "reception_id": reception["id"],
            "deputy_id": day.deputies[0],
        },
        {
            "type": "hold_reception",
            "command_id": str(uuid.uuid4()),
            "reception_id": reception["id"],
            "held_on": _today().isoformat(),
            "voters_received": 5,
        },
    ]

    first = day.api.post("/api/v1/terminal/batch", headers=day.terminal, json={"items": items}).json()
    second = day.api.post("/api/v1/terminal/batch", headers=day.terminal, json={"items": items}).json()

    assert (first["accepted"], second["accepted"]) == (2, 2)
    assert [r["result"] for r in second["results"]] == [r["result"] for r in first["results"]]
    assert day.station.store.position() == 2 + 2  # set-up and reception, then one check-in and one hold
