"""From an opinion at a station to the township's inbox, and its answer back in the station's ledger."""

from __future__ import annotations

import logging
import os
import uuid
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import delete, update
from sqlalchemy.orm import Session

from renda.services import SERVICES
from services.township.projections.inbox import referrals
from shared.auth import Role
from shared.events import topics
from shared.messaging.sources import StoredRecord
from shared.privacy import Contact, ContactSealer
from shared.readmodel.tracking import projection_tracking
from shared.runtime import ServiceRuntime
from tests.integration.conftest import count_rows
from tests.integration.test_station_terminal import Day
from tests.support.paging import all_items
from tests.support.platform import eventually, running

pytestmark = pytest.mark.integration

MakeRuntime = Callable[[str], ServiceRuntime]


def _township_client(township: ServiceRuntime, *, username: str, region: str) -> tuple[TestClient, dict[str, str]]:
    api = TestClient(SERVICES["township"].create_app(township))
    township.accounts.create(
        username=username, password="correct horse 2026", role=Role.TOWNSHIP_STAFF, region_code=region
    )
    token = api.post("/api/v1/auth/login", json={"username": username, "password": "correct horse 2026"}).json()
    return api, {"Authorization": f"Bearer {token['access_token']}"}


def test_an_opinion_referred_at_a_station_is_answered_by_the_township_and_shown_back(make_runtime: MakeRuntime) -> None:
    day = Day(make_runtime)
    township = make_runtime("township")
    api, chengguan = _township_client(township, username="cg", region="410327100000")
    _, fengli = _township_client(township, username="fl", region="410327101000")

    with running(day.county, projections=False), running(day.station), running(township):
        day.set_up()
        lamp = day.send(
            "opinions", category="城乡建设", content="路灯不亮", voter_name="张三丰", voter_phone="13812345678"
        )
        bus = day.send(
            "opinions", category="交通运输", content="公交太少", voter_name="李秀兰", voter_phone="13987654321"
        )
        day.send("opinions/referred", opinion_id=lamp["id"])
        day.send("opinions/referred", opinion_id=bus["id"])
        eventually(lambda: count_rows(township, referrals), until=lambda n: n == 2)

        inbox = {row["content"]: row for row in all_items(api, "/api/v1/referrals", headers=chengguan)}
        other_township = all_items(api, "/api/v1/referrals", headers=fengli)
        through_county_deputy = api.post(
            f"/api/v1/referrals/{inbox['公交太少']['referral_id']}/route",
            headers=chengguan,
            json={"route": "city", "routed_to": "王建国", "deputy_id": day.deputies[0]},
        )
        routed = api.post(
            f"/api/v1/referrals/{inbox['公交太少']['referral_id']}/route",
            headers=chengguan,
            json={"route": "county", "routed_to": "县交通运输局", "note": "经县人大选任联工委转交"},
        )
        answer = {
            "command_id": str(uuid.uuid4()),
            "answer": "已列入镇亮化工程，12月底前完成",
            "answered_by": "城关镇建设办",
        }
        answered = api.post(
            f"/api/v1/referrals/{inbox['路灯不亮']['referral_id']}/answer", headers=chengguan, json=answer
        )
        resent = api.post(
            f"/api/v1/referrals/{inbox['路灯不亮']['referral_id']}/answer", headers=chengguan, json=answer
        )
        refused = api.post(
            f"/api/v1/referrals/{inbox['路灯不亮']['referral_id']}/answer",
            headers=fengli,
            json={"answer": "越界答复"},
        )
        assert routed.status_code == 200 and answered.status_code == 200, (routed.text, answered.text)
        station_ledger = {row["content"]: row for row in day.opinion_ledger(wait_for=answered.json()["event_ids"][0])}
        early = day.api.post(
            "/api/v1/terminal/opinions/feedback",
            headers=day.terminal,
            json={"command_id": str(uuid.uuid4()), "opinion_id": bus["id"], "method": "phone"},
        )
        feedback = day.send("opinions/feedback", opinion_id=lamp["id"], method="phone", note="电话告知，群众表示满意")
        fed_back = {row["content"]: row for row in day.opinion_ledger(wait_for=feedback["event_ids"][0])}
        after = {
            row["content"]: row
            for row in all_items(api, "/api/v1/referrals", headers=chengguan, wait_for=answered.json()["event_ids"][0])
        }
        close = {"command_id": str(uuid.uuid4()), "outcome": "solved"}
        closed = api.post(f"/api/v1/referrals/{inbox['路灯不亮']['referral_id']}/close", headers=chengguan, json=close)
        closed_again = api.post(
            f"/api/v1/referrals/{inbox['路灯不亮']['referral_id']}/close", headers=chengguan, json=close
        )

    assert inbox["路灯不亮"]["voter_phone"] == "13812345678"
    assert inbox["路灯不亮"]["colour"] == "green"
    assert inbox["路灯不亮"]["answer_due"] == station_ledger["路灯不亮"]["answer_due"]
    assert other_township == []
    assert through_county_deputy.json()["error"]["code"] == "NOT_A_CITY_DEPUTY"
    assert resent.json() == answered.json()
    assert closed.status_code == 200, closed.text
    assert closed_again.json() == closed.json(), "a resent close returns the first result"
    assert refused.status_code == 403
    assert (after["公交太少"]["status"], after["公交太少"]["route"]) == ("routed", "county")
    assert (after["路灯不亮"]["status"], after["路灯不亮"]["colour"]) == ("answered", "grey")
    assert station_ledger["路灯不亮"]["status"] == "answered"
    assert station_ledger["路灯不亮"]["answer"] == "已列入镇亮化工程，12月底前完成"
    assert station_ledger["公交太少"]["status"] == "referred"
    assert (early.status_code, early.json()["error"]["code"]) == (409, "NO_ANSWER_YET")
    assert fed_back["路灯不亮"]["feedback_method"] == "phone" and fed_back["路灯不亮"]["feedback_given_on"]


def test_a_redelivered_referral_opens_nothing_twice(make_runtime: MakeRuntime) -> None:
    day = Day(make_runtime)
    township = make_runtime("township")
    with running(day.county, projections=False), running(day.station), running(township):
        day.set_up()
        opinion = day.send(
            "opinions", category="教育", content="校门口拥堵", voter_name="王五", voter_phone="13700001111"
        )
        day.send("opinions/referred", opinion_id=opinion["id"])
        eventually(lambda: count_rows(township, referrals), until=lambda n: n == 1)
        day.station.relay_positions.rewind(relay="station", to=0)  # the station publishes everything again
        eventually(
            lambda: day.station.relay_positions.get("station"), until=lambda p: p == day.station.store.position()
        )

    intake = next(r for r in township.runners() if r.projection.name == "township.intake")
    assert count_rows(township, referrals) == 1
    assert township.store.position() == 1
    assert intake.projection.name == "township.intake"


def test_a_batch_of_referred_opinions_opens_one_referral_each_even_when_stored_before_a_crash(
    make_runtime: MakeRuntime, caplog: pytest.LogCaptureFixture
) -> None:
    day = Day(make_runtime)
    township = make_runtime("township")
    with running(day.county, projections=False), running(day.station):
        day.set_up()
        for content in ("路灯不亮", "公交太少", "校门口拥堵"):
            opinion = day.send(
                "opinions", category="城乡建设", content=content, voter_name="张三", voter_phone="13812345678"
            )
            day.send("opinions/referred", opinion_id=opinion["id"])
    referred = [
        StoredRecord.of(note, topic=topics.STATION_OPINION)
        for note in day.station.store.notifications(after=0, limit=1000)
        if note.event_type == "OpinionReferred"
    ]
    intake = next(r for r in township.runners() if r.projection.name == "township.intake")
    intake.prepare()

    with caplog.at_level(logging.INFO, logger="renda.projection"):
        opened = intake.apply(referred)
        stored = township.store.position()
        # The referrals were stored, and the worker died before its tracking rows committed.
        with Session(township.engine) as session, session.begin():
            session.execute(delete(projection_tracking).where(projection_tracking.c.projection == "township.intake"))
        assert "event by event" not in caplog.text  # the batch went in whole
        again = intake.apply(referred)

    assert (opened, again) == (3, 3)
    assert stored == township.store.position() == 3, "each referral opened once"
    assert "event by event" in caplog.text  # the batch collided with what it stored, and each command found it


def test_the_inbox_shows_a_row_no_key_opens_masked_and_flagged_and_the_words_masked_above_the_township(
    make_runtime: MakeRuntime,
) -> None:
    day = Day(make_runtime)
    township = make_runtime("township")
    api, chengguan = _township_client(township, username="cg", region="410327100000")
    township.accounts.create(
        username="county", password="correct horse 2026", role=Role.COUNTY_STAFF, region_code="410327000000"
    )
    login = {"username": "county", "password": "correct horse 2026"}
    county = {"Authorization": f"Bearer {api.post('/api/v1/auth/login', json=login).json()['access_token']}"}

    with running(day.county, projections=False), running(day.station), running(township):
        day.set_up()
        lamp = day.send(
            "opinions",
            category="城乡建设",
            content="路灯不亮，请联系我13812345678",
            voter_name="张三丰",
            voter_phone="13812345678",
        )
        bus = day.send(
            "opinions", category="交通运输", content="公交太少", voter_name="李秀兰", voter_phone="13987654321"
        )
        day.send("opinions/referred", opinion_id=lamp["id"])
        day.send("opinions/referred", opinion_id=bus["id"])
        eventually(lambda: count_rows(township, referrals), until=lambda n: n == 2)
        # As if sealed with a key since dropped from RENDA_CONTACT_KEY.
        dropped = ContactSealer(os.urandom(32))
        with township.engine.begin() as connection:
            connection.execute(
                update(referrals)
                .where(referrals.c.opinion_id == uuid.UUID(bus["id"]))
                .values(
                    voter_sealed=dropped.seal(Contact(name="李秀兰", phone="13987654321")),
                    content_sealed=dropped.seal_text("公交太少"),
                )
            )
        staff = api.get("/api/v1/referrals", headers=chengguan)
        above = api.get("/api/v1/referrals", headers=county)

    assert staff.status_code == above.status_code == 200, (staff.text, above.text)
    inbox = {row["opinion_id"]: row for row in staff.json()["items"]}
    readable, unreadable = inbox[lamp["id"]], inbox[bus["id"]]
    assert (readable["voter_phone"], readable["content"], readable["contact_unreadable"]) == (
        "13812345678",
        "路灯不亮，请联系我13812345678",
        False,
    )
    assert (unreadable["voter_name"], unreadable["voter_phone"], unreadable["contact_unreadable"]) == (
        "李**",
        "139****4321",
        True,
    )
    county_view = {row["opinion_id"]: row for row in above.json()["items"]}
    assert (county_view[lamp["id"]]["voter_phone"], county_view[lamp["id"]]["content"]) == (
        "138****5678",
        "路灯不亮，请联系我138****5678",
    )
