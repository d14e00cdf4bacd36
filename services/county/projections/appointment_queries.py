"""Queries over the appointment read model: the case list, one case with its timeline, the figures, the notices.

Figures follow README "人事任免的统计口径": a case counts in the year of its ballot, an exam sitting in
the year it was sat, an oath in the year of its ceremony, a review in the year it reviews.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from sqlalchemy import Connection, Engine, Select, Table, extract, select, true

from services.county.domain.appointment_rules import STATUS_LABELS, AppointmentStatus
from services.county.projections.appointments import appointments, exam_sittings, oaths, reviews, timeline
from shared.events.catalog.appointment import CaseKind, RequestingUnitKind, ReviewResult
from shared.readmodel.keyset import Keyset, PageRequest, RowPage

STAGES: dict[str, frozenset[str]] = {
    "vetting": frozenset({"requested"}),
    "preparation": frozenset({"vetted", "deferred", "exam_passed"}),
    "meeting": frozenset({"introduced", "statement_made"}),
    "decided": frozenset({"appointed", "not_appointed", "certified", "removed", "resigned", "dismissed", "rejected"}),
    "in_office": frozenset({"in_office"}),
}
STAGE_LABELS = {
    "vetting": "待主任会议审查",
    "preparation": "任前准备",
    "meeting": "提请常委会审议",
    "decided": "已表决",
    "in_office": "在任",
}
DECIDED = ("appointed", "removed", "resigned", "dismissed")
REQUESTING_UNIT_LABELS = {
    RequestingUnitKind.GOVERNMENT: "县人民政府",
    RequestingUnitKind.SUPERVISION_COMMISSION: "县监察委员会",
    RequestingUnitKind.COURT: "县人民法院",
    RequestingUnitKind.PROCURATORATE: "县人民检察院",
    RequestingUnitKind.STANDING_COMMITTEE: "常委会主任会议",
    RequestingUnitKind.OTHER: "其他",
}


@dataclass(frozen=True)
class CaseFilter:
    """What the case list is narrowed to; the caller's region prefix is applied on top."""

    stage: str | None = None
    status: str | None = None
    requesting_unit: str | None = None
    kind: str | None = None
    year: int | None = None
    term: int | None = None


def stage_of(status: str) -> str:
    return next(stage for stage, statuses in STAGES.items() if status in statuses)


def _decorated(row: dict[str, Any]) -> dict[str, Any]:
    row["status_label"] = STATUS_LABELS[AppointmentStatus(row["status"])]
    row["stage"] = stage_of(row["status"])
    return row


def _within(query: Select[Any], within: str, *, term: int | None = None) -> Select[Any]:
    query = query.where(appointments.c.region_code.startswith(within))
    return query if term is None else query.where(appointments.c.term == term)


CASE_ORDER = Keyset("county.appointments", (appointments.c.requested_on, appointments.c.appointment_id))
"""The case list's order: oldest request first."""


def case_page(engine: Engine, *, within: str, page: PageRequest, only: CaseFilter = CaseFilter()) -> RowPage:
    """One page of the cases inside a region prefix, oldest request first."""
    query = _within(select(appointments), within, term=only.term)
    for column, value in (
        (appointments.c.status, only.status),
        (appointments.c.requesting_unit, only.requesting_unit),
        (appointments.c.kind, only.kind),
    ):
        if value is not None:
            query = query.where(column == value)
    if only.stage is not None:
        query = query.where(appointments.c.status.in_(STAGES[only.stage]))
    if only.year is not None:
        query = query.where(extract("year", appointments.c.requested_on) == only.year)
    with engine.connect() as connection:
        return CASE_ORDER.read_page(connection, query, page, shape=_decorated)


def get_case(engine: Engine, *, appointment_id: UUID) -> dict[str, Any] | None:
    """One case with its full timeline (who did what, when), its exam sittings and its yearly reviews."""
    with engine.connect() as connection:
        row = (
            connection.execute(select(appointments).where(appointments.c.appointment_id == appointment_id))
            .mappings()
            .first()
        )
        if row is None:
            return None
        case = _decorated(dict(row))
        steps = connection.execute(
            select(timeline).where(timeline.c.appointment_id == appointment_id).order_by(timeline.c.version)
        ).mappings()
        case["timeline"] = [{**dict(step), "payload": json.loads(step["payload"])} for step in steps]
        sittings = select(exam_sittings).where(exam_sittings.c.appointment_id == appointment_id)
        case["exams"] = [dict(r) for r in connection.execute(sittings.order_by(exam_sittings.c.taken_on)).mappings()]
        yearly = select(reviews).where(reviews.c.appointment_id == appointment_id).order_by(reviews.c.year)
        case["reviews"] = [dict(r) for r in connection.execute(yearly).mappings()]
    return case


def _in_year(column: Any, year: int | None, between: tuple[date, date] | None = None) -> Any:
    """In the year (if given) and between two days inclusive (if given)."""
    condition = true() if year is None else extract("year", column) == year
    return condition if between is None else condition & column.between(*between)


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _rows(connection: Connection, table: Table, *, within: str, term: int | None, where: Any) -> list[dict[str, Any]]:
    """Rows of a case table (or of a table keyed by case) for the cases inside the prefix and term."""
    query = select(table)
    if table is not appointments:
        query = query.select_from(table.join(appointments, table.c.appointment_id == appointments.c.appointment_id))
    return [dict(row) for row in connection.execute(_within(query, within, term=term).where(where)).mappings()]


def figures(
    engine: Engine,
    *,
    within: str,
    year: int | None = None,
    term: int | None = None,
    between: tuple[date, date] | None = None,
) -> dict[str, Any]:
    """The counted figures of README "人事任免的统计口径" for a region prefix, a year (or days) and a term."""
    with engine.connect() as connection:

        def rows(table: Table, where: Any) -> list[dict[str, Any]]:
            return _rows(connection, table, within=within, term=term, where=where)

        balloted = appointments.c.outcome.is_not(None) & _in_year(appointments.c.ballot_held_on, year, between)
        decided = rows(appointments, balloted)
        sittings = rows(exam_sittings, _in_year(exam_sittings.c.taken_on, year, between))
        sworn = rows(oaths, _in_year(oaths.c.held_on, year, between))
        reviewed = rows(reviews, true() if year is None else reviews.c.year == year)
    counted = [row for row in decided if row["outcome"] in DECIDED]
    by_kind = Counter(row["kind"] for row in counted)
    by_unit = Counter(row["requesting_unit"] for row in counted)
    results = Counter(row["result"] for row in reviewed)
    passed = sum(1 for row in sittings if row["passed"])
    return {
        "person_times": len(counted),
        "by_kind": {kind.value: by_kind[kind.value] for kind in CaseKind},
        "by_requesting_unit": [
            {"requesting_unit": unit.value, "label": label, "person_times": by_unit[unit.value]}
            for unit, label in REQUESTING_UNIT_LABELS.items()
        ],
        "not_passed_at_ballot": len(decided) - len(counted),
        "exam_batches": len({row["batch_id"] for row in sittings}),
        "exam_takers": len(sittings),
        "exam_passed": passed,
        "exam_pass_rate": _rate(passed, len(sittings)),
        "oath_ceremonies": len({row["ceremony_id"] for row in sworn}),
        "sworn_in": len(sworn),
        "people_assessors_appointed": sum(
            1 for row in counted if row["kind"] == CaseKind.APPOINTMENT.value and row["is_people_assessor"]
        ),
        "reviews": {result.value: results[result.value] for result in ReviewResult},
        "inquiries": sum(1 for row in reviewed if row["inquiry_filed"]),
    }


def notices(engine: Engine, *, within: str, today: date) -> dict[str, list[dict[str, Any]]]:
    """任前公示 (running or ended, against today) and 任免公告 (cases decided at a ballot), newest first."""
    notice_query = _within(select(appointments), within).where(appointments.c.notice_published_on.is_not(None))
    decision_query = _within(select(appointments), within).where(appointments.c.outcome.in_(DECIDED))
    with engine.connect() as connection:
        published = connection.execute(
            notice_query.order_by(appointments.c.notice_published_on.desc(), appointments.c.appointment_id)
        ).mappings()
        pre_appointment = [
            {
                **_public(row),
                "published_on": row["notice_published_on"],
                "ends_on": row["notice_ends_on"],
                "channel": row["notice_channel"],
                "state": "in_progress" if today <= row["notice_ends_on"] else "ended",
                "state_label": "公示中" if today <= row["notice_ends_on"] else "公示期满",
            }
            for row in published
        ]
        decided = connection.execute(
            decision_query.order_by(appointments.c.ballot_held_on.desc(), appointments.c.appointment_id)
        ).mappings()
        decisions = [
            {
                **_public(row),
                "kind": row["kind"],
                "outcome": row["outcome"],
                "decided_on": row["ballot_held_on"],
                "meeting": row["meeting"],
                "decision_number": row["decision_number"],
            }
            for row in decided
        ]
    return {"pre_appointment": pre_appointment, "decisions": decisions}


def _public(row: Any) -> dict[str, Any]:
    return {"appointment_id": row["appointment_id"], "appointee_name": row["appointee_name"], "post": row["post"]}
