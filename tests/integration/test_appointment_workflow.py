"""An appointment goes from the request to the oath through the county's API; the ledger, figures and notices follow."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from renda.demo.appointments import seed_appointments
from services.county.projections.appointments import APPOINTMENTS
from services.county.projections.appointments import METADATA as APPOINTMENT_TABLES
from shared.application import utc_now
from shared.auth import Role
from shared.calendar import china_date
from shared.runtime import ServiceRuntime
from tests.integration.test_suggestion_workflow import County as SuggestionsCounty
from tests.support.paging import all_items
from tests.support.platform import eventually, running

pytestmark = pytest.mark.integration

MakeRuntime = Callable[[str], ServiceRuntime]
BASE = "/api/v1/appointments"


class County(SuggestionsCounty):
    """The county service's API and its accounts, with the appointment routes."""

    def post(self, path: str, headers: dict[str, str] | None = None, **body: Any) -> Any:
        return super().post(f"{BASE}{path}", headers or self.staff, **body)

    def ok(self, path: str, headers: dict[str, str] | None = None, **body: Any) -> dict[str, Any]:
        response = self.post(path, headers, **body)
        assert response.status_code in (200, 201), response.text
        return dict(response.json())

    def get(self, path: str, wait_for: str, headers: dict[str, str] | None = None, **params: Any) -> Any:
        return self.api.get(f"{BASE}{path}", headers=headers or self.staff, params={"wait_for": wait_for, **params})


def _request(**changes: Any) -> dict[str, Any]:
    return {
        "kind": "appointment",
        "appointee_name": "张明",
        "post": "宜阳县财政局局长",
        "requesting_unit": "government",
        "requesting_unit_name": "宜阳县人民政府",
        "nominated_by": "中共宜阳县委",
        "review_file": "县委组织部考察材料（宜组考〔2026〕12号）",
        "term": 18,
        "requested_on": "2026-03-02",
        **changes,
    }


def _day(days_ago: int) -> str:
    return (china_date(utc_now()) - timedelta(days=days_ago)).isoformat()


MEETING = "第十八届常委会第25次会议"


def test_an_appointment_goes_from_request_to_oath_and_the_ledger_figures_and_notices_follow(
    make_runtime: MakeRuntime,
) -> None:
    county = County(make_runtime("county"))
    with running(county.runtime):
        case = county.ok("", **_request())["id"]
        deferred = county.ok("", **_request(appointee_name="刘洋", post="宜阳县审计局局长"))["id"]
        county.ok(f"/{case}/vet", meeting="第30次主任会议", vetted_on=_day(30), pre_talk_required=True, notice_days=3)
        county.ok(f"/{deferred}/vet", meeting="第30次主任会议", vetted_on=_day(30))
        batch = county.ok(
            "/exam-batches",
            batch_label="2026年第一批任前法律知识考试",
            taken_on=_day(25),
            pass_mark=60,
            results=[{"appointment_id": case, "score": 88}, {"appointment_id": deferred, "score": 52}],
        )
        too_early = county.post(f"/{case}/introduce", meeting=MEETING, introduced_on=_day(5), introduced_by="李卫东")
        county.ok(f"/{case}/pre-talk", held_on=_day(20))
        county.ok(f"/{case}/notice", published_on=_day(12), channel="宜阳县人大常委会网站")
        county.ok(f"/{case}/introduce", meeting=MEETING, introduced_on=_day(5), introduced_by="李卫东")
        county.ok(f"/{case}/statement", made_on=_day(5), summary="表态依法履职")
        ballot = {"meeting": MEETING, "held_on": _day(5), "members_total": 25, "votes_against": 2, "abstentions": 1}
        too_many = county.post(f"/{case}/ballot", **ballot, votes_for=23)
        county.ok(f"/{case}/ballot", **ballot, votes_for=13)
        county.ok(
            f"/{case}/certificate",
            decision_number="宜人常任〔2026〕3号",
            issued_on=_day(5),
            issued_by="王德明",
            issuing_body="宜阳县人民代表大会常务委员会",
        )
        ceremony = county.ok(
            "/oath-ceremonies", held_on=_day(5), presided_by="王德明", meeting=MEETING, appointment_ids=[case]
        )
        retake = county.ok(f"/{deferred}/exam", batch_label="补考", taken_on=_day(3), score=75)
        last = ceremony["results"][0]["event_ids"][-1]
        in_office = county.get("", last, status="in_office").json()["items"]
        detail = county.get(f"/{case}", last).json()
        figures = county.get("/figures", retake["event_ids"][0]).json()
        notices = county.get("/notices", last).json()
        certificate = county.get(f"/{case}/certificate", last)
        no_certificate = county.get(f"/{deferred}/certificate", last)
        deferred_case = county.get(f"/{deferred}", retake["event_ids"][0]).json()

    assert too_early.json()["error"]["code"] == "PRE_TALK_NOT_HELD" and too_early.status_code == 409
    assert (too_many.status_code, too_many.json()["error"]["code"]) == (422, "BALLOT_COUNTS_INVALID")
    assert [row["appointment_id"] for row in in_office] == [case]
    assert [step["event_type"] for step in detail["timeline"]] == [
        "AppointmentRequested",
        "AppointmentVetted",
        "LawExamTaken",
        "PreAppointmentTalkHeld",
        "PreAppointmentNoticePublished",
        "AppointeeIntroduced",
        "StatementMade",
        "BallotTaken",
        "CertificateIssued",
        "OathTaken",
    ]
    assert {step["actor"] for step in detail["timeline"]} == {"county"}
    assert (detail["decision_number"], detail["votes_for"], detail["outcome"]) == (
        "宜人常任〔2026〕3号",
        13,
        "appointed",
    )
    assert detail["exams"][0]["batch_id"] == batch["id"]
    assert (figures["person_times"], figures["by_kind"]["appointment"], figures["exam_batches"]) == (1, 1, 2)
    assert (figures["exam_takers"], figures["exam_passed"], figures["exam_pass_rate"]) == (3, 2, 0.6667)
    assert (figures["oath_ceremonies"], figures["sworn_in"]) == (1, 1)
    government = next(row for row in figures["by_requesting_unit"] if row["requesting_unit"] == "government")
    assert government["person_times"] == 1
    assert [(n["appointee_name"], n["state"], n["ends_on"]) for n in notices["pre_appointment"]] == [
        ("张明", "ended", _day(10))
    ]
    assert [(n["appointee_name"], n["decision_number"]) for n in notices["decisions"]] == [
        ("张明", "宜人常任〔2026〕3号")
    ]
    assert certificate.status_code == 200 and certificate.headers["content-type"].startswith("text/html")
    assert "宜人常任〔2026〕3号" in certificate.text and "宜阳县人民代表大会常务委员会" in certificate.text
    assert "@media print" in certificate.text
    assert (no_certificate.status_code, no_certificate.json()["error"]["code"]) == (404, "CERTIFICATE_NOT_ISSUED")
    assert [exam["passed"] for exam in deferred_case["exams"]] == [False, True]
    assert deferred_case["status"] == "exam_passed"


def test_only_county_staff_of_the_case_s_county_act_on_it_and_read_it(make_runtime: MakeRuntime) -> None:
    county = County(make_runtime("county"))
    township = county.login("cg", role=Role.TOWNSHIP_STAFF, region="410327100000")
    unit = county.login("zjj", role=Role.HANDLING_UNIT, unit_id=str(uuid.uuid4()))
    outsider = county.login("other", role=Role.COUNTY_STAFF, region="410328000000")
    city = county.login("city", role=Role.CITY_VIEWER, region="410300000000")
    with running(county.runtime):
        created = county.ok("", **_request())
        case = created["id"]
        vetting = {"meeting": "第30次主任会议", "vetted_on": "2026-03-05"}
        by_township = county.post(f"/{case}/vet", township, **vetting)
        by_unit = county.post(f"/{case}/vet", unit, **vetting)
        by_outsider = county.post(f"/{case}/vet", outsider, **vetting)
        requested_by_unit = county.post("", unit, **_request())
        wait_for = created["event_ids"][0]
        outsider_reads = county.get(f"/{case}", wait_for, outsider)
        outsider_list = county.get("", wait_for, outsider).json()["items"]
        township_list = county.get("", wait_for, township)
        city_reads = county.get(f"/{case}", wait_for, city)
        still_requested = county.get(f"/{case}", wait_for).json()

    for refused in (by_township, by_unit, by_outsider, requested_by_unit, outsider_reads, township_list):
        assert (refused.status_code, refused.json()["error"]["code"]) == (403, "FORBIDDEN")
    assert outsider_list == []
    assert city_reads.status_code == 200 and city_reads.json()["region_code"] == "410327000000"
    assert still_requested["status"] == "requested" and len(still_requested["timeline"]) == 1


def test_a_case_is_refused_at_each_gate_over_http_with_its_named_error(make_runtime: MakeRuntime) -> None:
    county = County(make_runtime("county"))
    with running(county.runtime, relay=False, projections=False):
        removal = county.ok("", **_request(kind="removal", post="宜阳县水利局局长"))["id"]
        not_vetted = county.post(
            f"/{removal}/ballot",
            meeting=MEETING,
            held_on="2026-03-28",
            members_total=25,
            votes_for=20,
            votes_against=0,
            abstentions=0,
        )
        county.ok(f"/{removal}/vet", meeting="第30次主任会议", vetted_on="2026-03-05")
        exam = county.post(f"/{removal}/exam", batch_label="2026年第一批", taken_on="2026-03-10", score=90)
        missing = county.post(f"/{uuid.uuid4()}/vet", meeting="第30次主任会议", vetted_on="2026-03-05")
        blank_file = county.post("", **_request(review_file=""))

    assert (not_vetted.status_code, not_vetted.json()["error"]["code"]) == (409, "APPOINTMENT_NOT_VETTED")
    assert (exam.status_code, exam.json()["error"]["code"]) == (409, "APPOINTMENT_STEP_NOT_ALLOWED")
    assert "免职案不适用" in exam.json()["error"]["message"]
    assert missing.status_code == 404
    assert blank_file.status_code == 422


def test_the_demo_has_a_case_in_every_telling_state_and_seeding_again_adds_nothing(make_runtime: MakeRuntime) -> None:
    county = County(make_runtime("county"))
    today = china_date(utc_now())
    with running(county.runtime):
        seed_appointments(county.runtime)
        stored = county.runtime.store.position()
        seed_appointments(county.runtime)
        rows = eventually(lambda: all_items(county.api, BASE, headers=county.staff), until=lambda r: len(r) == 7)
        for row in rows:  # every case's last event projected, whichever partition it came through
            county.get(
                f"/{row['appointment_id']}", str(county.runtime.store.events_of(row["appointment_id"])[-1].event_id)
            )
        rows = all_items(county.api, BASE, headers=county.staff)
        figures = county.api.get(f"{BASE}/figures", headers=county.staff, params={"year": today.year}).json()
        reviewed = county.api.get(f"{BASE}/figures", headers=county.staff, params={"year": 2025}).json()
        notices = county.api.get(f"{BASE}/notices", headers=county.staff).json()

    assert county.runtime.store.position() == stored
    assert {row["status"] for row in rows} == {"in_office", "deferred", "statement_made", "not_appointed", "removed"}
    assert (figures["person_times"], figures["by_kind"]["removal"], figures["people_assessors_appointed"]) == (3, 1, 1)
    assert (figures["oath_ceremonies"], figures["sworn_in"], figures["not_passed_at_ballot"]) == (1, 2, 1)
    assert reviewed["reviews"]["unsatisfied"] == 1
    assert [n["state"] for n in notices["pre_appointment"]] == ["in_progress"]
    assert {n["decision_number"] for n in notices["decisions"]} >= {f"宜人常任〔{today.year}〕3号"}


def _dump(runtime: ServiceRuntime) -> dict[str, list[tuple[object, ...]]]:
    with runtime.engine.connect() as connection:
        return {
            table.name: [tuple(row) for row in connection.execute(select(table).order_by(*table.primary_key))]
            for table in APPOINTMENT_TABLES.sorted_tables
        }


def test_rebuilding_the_appointment_read_model_from_the_topic_gives_the_same_rows(make_runtime: MakeRuntime) -> None:
    county = County(make_runtime("county"))
    with running(county.runtime):
        seed_appointments(county.runtime)
        ids = [str(e.aggregate_id) for e in county.runtime.store.notifications(after=0, limit=1000)]
        for case_id in set(ids):
            county.get(f"/{case_id}", str(county.runtime.store.events_of(uuid.UUID(case_id))[-1].event_id))
    live = _dump(county.runtime)

    runner = next(r for r in county.runtime.runners() if r.projection.name == APPOINTMENTS.name)
    applied = runner.rebuild()

    assert applied == len(ids) and len(live["county_appointments"]) == 7
    assert _dump(county.runtime) == live
