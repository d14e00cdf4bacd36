"""Queries over a copy of the stations' work (the township's, or the county's). "Overdue" is computed against a given day, never stored.

- `station_figures`: one station's month, equal — key for key, value for value — to the station
  service's own summary: both make it from their rows with `station_month.month_summary`.
- `township_figures`: every station of a region over a date range, as integer figures per station,
  and the region's figures as their sums (parent = Σ children), plus what only the region can count:
  deputies' participation by type and county deputies short of their visits.
- `source_event_ids`: the events a region's figures for a period rest on, for a report's source digest.

Deputies' visits and participation are counted in `deputy_work`.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import date, datetime, time, timedelta
from typing import Any
from uuid import UUID

from sqlalchemy import Connection, Engine, and_, func, or_, select, union
from sqlalchemy.sql.elements import ColumnElement

from shared.calendar import CHINA, WorkingDayCalendar
from shared.events.catalog.station import StandardItem, StationKind
from shared.events.catalog.township import ReferralRoute
from shared.figures.deputy_work import attachments_of, check_ins, deputies_by_id, deputies_work
from shared.figures.station_month import month_bounds, month_summary, scheduled_days
from shared.figures.station_work import (
    attachments,
    deputies,
    opinions,
    receptions,
    referrals,
    standard_checks,
    stations,
)
from shared.readmodel.opinion_status import OPINION_STATUSES, opinion_status
from shared.readmodel.tracking import projection_tracking

ROUTES = tuple(route.value for route in ReferralRoute)
STATION_KINDS = tuple(kind.value for kind in StationKind)
STANDARD_ITEMS = len(StandardItem)

STATION_FIGURE_NAMES = (
    "stations",
    *(f"stations_{kind}" for kind in STATION_KINDS),
    "standard_items_met",
    "standard_compliant",
    "scheduled_days",
    "provisional_schedules",
    "scheduled_days_held",
    "activities_held",
    "voters_received",
    "opinions",
    *(f"opinions_{status}" for status in OPINION_STATUSES),
    "referred",
    *(f"routed_{route}" for route in ROUTES),
    "answered",
    "answered_in_time",
    "overdue",
    "deputies_attached",
    "deputy_check_ins",
    "deputy_leaves",
)
"""The integer figures every station has over a period; a region's are their sums."""


def _opinion_status(row: dict[str, Any]) -> str:
    # As the station's ledger shows it: the same function decides in both services.
    return opinion_status(handling=row["status"], answered=row["answered_on"] is not None, outcome=row["outcome"])


def station_row(row: Any) -> dict[str, Any]:
    result = dict(row)
    result["days_of_month"] = json.loads(result["days_of_month"])
    result["standard_items_met"] = json.loads(result["standard_items_met"])
    return result


def _held(connection: Connection, station_ids: Sequence[UUID], *, start: date, end: date) -> list[dict[str, Any]]:
    query = select(receptions.c.station_id, receptions.c.held_on, receptions.c.voters_received).where(
        receptions.c.station_id.in_(station_ids), receptions.c.held_on.between(start, end)
    )
    return [dict(row) for row in connection.execute(query).mappings()]


def handled_opinions(
    connection: Connection,
    station_ids: Sequence[UUID],
    *,
    start: date,
    end: date,
    today: date,
    as_of: date | None = None,
) -> list[dict[str, Any]]:
    """Opinions recorded in the range, with the township's handling, status and overdue state on `today`.

    With `as_of`, the township's handling dated after that day counts as not yet done, so a report for a
    past period gives the same figures however late it is re-run.
    """
    query = (
        select(
            opinions,
            referrals.c.referral_id,
            referrals.c.route,
            referrals.c.routed_on,
            referrals.c.answered_on,
            referrals.c.outcome,
            referrals.c.outcome_on,
        )
        .select_from(opinions.outerjoin(referrals, referrals.c.opinion_id == opinions.c.opinion_id))
        .where(opinions.c.station_id.in_(station_ids), opinions.c.recorded_on.between(start, end))
    )
    rows = [dict(row) for row in connection.execute(query).mappings()]
    for row in rows:
        if as_of is not None:
            for column, day in (("route", "routed_on"), ("answered_on", "answered_on"), ("outcome", "outcome_on")):
                if row[day] is not None and row[day] > as_of:
                    row[column] = None
        due, answered_on = row["answer_due"], row["answered_on"]
        row["status"] = _opinion_status(row)
        row["overdue"] = due is not None and answered_on is None and today > due
        row["answered_in_time"] = due is not None and answered_on is not None and answered_on <= due
    return rows


def station_figures(
    engine: Engine, *, station_id: UUID, year: int, month: int, today: date, calendar: WorkingDayCalendar
) -> dict[str, Any] | None:
    """A station's month as the township sees it: the same figures as the station's own summary; None if unknown."""
    start, end = month_bounds(year, month)
    with engine.connect() as connection:
        row = connection.execute(select(stations).where(stations.c.station_id == station_id)).mappings().first()
        if row is None:
            return None
        held = _held(connection, [station_id], start=start, end=end)
        ledger = handled_opinions(connection, [station_id], start=start, end=end, today=today)
    return month_summary(
        station=station_row(row), year=year, month=month, calendar=calendar, held=held, opinions=ledger
    )


def _stations_in(within: str, *, start: date, station_ids: Collection[UUID] | None = None) -> ColumnElement[bool]:
    """The stations of a region that count for a period: inside the prefix (or those given), not closed before it."""
    if station_ids is None:
        inside = stations.c.region_code.startswith(within)
    else:
        inside = stations.c.station_id.in_(station_ids)
    return and_(inside, or_(stations.c.closed_on.is_(None), stations.c.closed_on >= start))


def _standard_as_of(connection: Connection, station_ids: Sequence[UUID], *, end: date) -> dict[UUID, int]:
    """Items met at each station's last 九有 check on or before `end`."""
    latest = (
        select(standard_checks.c.station_id, func.max(standard_checks.c.checked_on).label("checked_on"))
        .where(standard_checks.c.station_id.in_(station_ids), standard_checks.c.checked_on <= end)
        .group_by(standard_checks.c.station_id)
        .subquery()
    )
    query = select(standard_checks.c.station_id, standard_checks.c.items_met).join(
        latest,
        and_(
            latest.c.station_id == standard_checks.c.station_id,
            latest.c.checked_on == standard_checks.c.checked_on,
        ),
    )
    return {row[0]: int(row[1]) for row in connection.execute(query)}


def _station_period(
    station: dict[str, Any],
    *,
    held: list[dict[str, Any]],
    ledger: list[dict[str, Any]],
    presence: list[dict[str, Any]],
    attached: int,
    standard_items_met: int,
    start: date,
    end: date,
    calendar: WorkingDayCalendar,
) -> dict[str, int]:
    scheduled, provisional = scheduled_days(station, start=start, end=end, calendar=calendar)
    held_days = {reception["held_on"] for reception in held}
    in_range = [row for row in presence if start <= row["visited_on"] <= end]
    figures = {
        "stations": 1,
        **{f"stations_{kind}": int(station["kind"] == kind) for kind in STATION_KINDS},
        "standard_items_met": standard_items_met,
        "standard_compliant": int(standard_items_met == STANDARD_ITEMS),
        "scheduled_days": len(scheduled),
        "provisional_schedules": int(provisional),
        "scheduled_days_held": sum(1 for day in scheduled if day in held_days),
        "activities_held": len(held),
        "voters_received": sum(reception["voters_received"] for reception in held),
        "opinions": len(ledger),
        **{f"opinions_{status}": sum(1 for row in ledger if row["status"] == status) for status in OPINION_STATUSES},
        "referred": sum(1 for row in ledger if row["answer_due"] is not None),
        **{f"routed_{route}": sum(1 for row in ledger if row["route"] == route) for route in ROUTES},
        "answered": sum(1 for row in ledger if row["answered_on"] is not None),
        "answered_in_time": sum(1 for row in ledger if row["answered_in_time"]),
        "overdue": sum(1 for row in ledger if row["overdue"]),
        "deputies_attached": attached,
        "deputy_check_ins": sum(1 for row in in_range if row["status"] == "checked_in"),
        "deputy_leaves": sum(1 for row in in_range if row["status"] == "on_leave"),
    }
    return figures


def _by_station(rows: Iterable[Mapping[str, Any]]) -> dict[Any, list[Any]]:
    """Rows grouped by their station, in their order: one pass, however many stations."""
    grouped: dict[Any, list[Any]] = defaultdict(list)
    for row in rows:
        grouped[row["station_id"]].append(row)
    return grouped


def township_figures(
    engine: Engine,
    *,
    within: str,
    start: date,
    end: date,
    today: date,
    calendar: WorkingDayCalendar,
    as_of: date | None = None,
    station_ids: Collection[UUID] | None = None,
) -> dict[str, Any]:
    """A region's stations from `start` to `end` (inclusive): per-station figures, their sums, and deputies' work.

    The region's stations are those under the prefix `within`, or, when given, `station_ids` (a region as
    the region directory now draws it).
    """
    year_start = date(end.year, 1, 1)
    inside = _stations_in(within, start=start, station_ids=station_ids)
    with engine.connect() as connection:
        rows = connection.execute(
            select(stations).where(inside).order_by(stations.c.region_code, stations.c.name)
        ).mappings()
        station_rows = [station_row(row) for row in rows]
        ids = [row["station_id"] for row in station_rows]
        held = _held(connection, ids, start=start, end=end)
        ledger = handled_opinions(connection, ids, start=start, end=end, today=today, as_of=as_of)
        presence = check_ins(connection, ids, start=min(start, year_start), end=end)
        attached = attachments_of(connection, ids)
        standard = _standard_as_of(connection, ids, end=end)
        known = deputies_by_id(connection, {row["deputy_id"] for row in (*attached, *presence)})

    held_at, ledger_at, presence_at, attached_at = (_by_station(found) for found in (held, ledger, presence, attached))
    station_figures_by_id: dict[str, dict[str, int]] = {}
    for station in station_rows:
        sid = station["station_id"]
        station_figures_by_id[str(sid)] = _station_period(
            station,
            held=held_at.get(sid, []),
            ledger=ledger_at.get(sid, []),
            presence=presence_at.get(sid, []),
            attached=len(attached_at.get(sid, [])),
            standard_items_met=standard.get(sid, 0),
            start=start,
            end=end,
            calendar=calendar,
        )
    figures = {name: sum(f[name] for f in station_figures_by_id.values()) for name in STATION_FIGURE_NAMES}

    participation, deputy_visits, below = deputies_work(
        attached=attached, known=known, presence=presence, start=start, end=end
    )
    for kind, counts in participation.items():
        for name, value in counts.items():
            figures[f"participation_{kind}_{name}"] = value
    figures["deputies_visiting"] = sum(1 for row in deputy_visits if row["visits"] > 0)
    figures["county_deputies_below_visits"] = len(below)
    return {
        "within": within,
        "start": start,
        "end": end,
        "today": today,
        "figures": figures,
        "station_figures": station_figures_by_id,
        "stations": [
            {
                "station_id": station["station_id"],
                "name": station["name"],
                "kind": station["kind"],
                "region_code": station["region_code"],
                "closed": station["closed"],
                "standard_items_met": standard.get(station["station_id"], 0),
                "standard_compliant": standard.get(station["station_id"], 0) == STANDARD_ITEMS,
            }
            for station in station_rows
        ],
        "participation": participation,
        "deputy_visits": deputy_visits,
        "county_deputies_below_visits": below,
    }


def source_event_ids(engine: Engine, *, projection: str, within: str, start: date, end: date) -> list[UUID]:
    """The events `township_figures` for this region and range rests on, as applied by the projection.

    They are the tracking rows of the station-work `projection` for the aggregates the figures read: the
    region's stations, their activities in the range (or since 1 January of the end's year, for the
    visit counts), their opinions recorded in the range and the township's referrals of those, and the
    deputies attached to the stations. A rebuild by replay applies the same events to the same
    aggregates, so the set — unlike offsets or arrival order — is the same after it.
    """
    year_start = date(end.year, 1, 1)
    station_ids = select(stations.c.station_id).where(_stations_in(within, start=start))
    opinion_ids = select(opinions.c.opinion_id).where(
        opinions.c.station_id.in_(station_ids), opinions.c.recorded_on.between(start, end)
    )
    aggregates = union(
        station_ids,
        select(receptions.c.reception_id).where(
            receptions.c.station_id.in_(station_ids),
            or_(
                receptions.c.scheduled_on.between(min(start, year_start), end),
                receptions.c.held_on.between(min(start, year_start), end),
            ),
        ),
        opinion_ids,
        select(referrals.c.referral_id).where(referrals.c.opinion_id.in_(opinion_ids)),
        select(attachments.c.deputy_id).where(attachments.c.station_id.in_(station_ids)),
    )
    # Only what had happened by the end of the period (Beijing time): later events do not change it.
    cutoff = datetime.combine(end + timedelta(days=1), time.min, tzinfo=CHINA)
    query = select(projection_tracking.c.event_id).where(
        projection_tracking.c.projection == projection,
        projection_tracking.c.aggregate_id.in_(aggregates),
        projection_tracking.c.occurred_at < cutoff,
    )
    with engine.connect() as connection:
        return sorted((row[0] for row in connection.execute(query)), key=str)


def station_region(engine: Engine, *, station_id: UUID) -> str | None:
    """The region code of a station the township knows, or None."""
    with engine.connect() as connection:
        row = connection.execute(select(stations.c.region_code).where(stations.c.station_id == station_id)).first()
    return None if row is None else str(row[0])


def deputy_level(engine: Engine, *, deputy_id: UUID) -> str | None:
    """The level of a serving deputy on the roster the township keeps; None if unknown or no longer in office."""
    with engine.connect() as connection:
        row = connection.execute(
            select(deputies.c.level).where(deputies.c.deputy_id == deputy_id, deputies.c.serving.is_(True))
        ).first()
    return None if row is None else str(row[0])
