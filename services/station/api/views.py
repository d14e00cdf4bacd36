"""Response schemas shared by the terminal and staff routes, and opening voters' contacts for those who answer."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel, Field
from sqlalchemy import Engine

from services.station.projections.directory import get_station
from shared.api.paging import Page
from shared.errors import NotFoundError
from shared.figures.station_month import StationMonthRead
from shared.privacy import ContactSealer, show_voter

# The month summary (StationMonthRead) has one schema, the township's and the county's too: they count it
# the same way.
__all__ = [
    "AttendanceRead",
    "OpinionPage",
    "OpinionRead",
    "ReceptionPage",
    "ReceptionRead",
    "StationMonthRead",
    "open_contacts",
    "station_or_404",
]


class AttendanceRead(BaseModel):
    deputy_id: UUID
    name: str
    status: str


class ReceptionRead(BaseModel):
    reception_id: UUID
    kind: str
    title: str
    scheduled_on: date
    from_schedule: bool
    held_on: date | None
    voters_received: int
    topics: list[str]
    notes: str
    deputies: list[AttendanceRead]


class OpinionRead(BaseModel):
    opinion_id: UUID
    reception_id: UUID | None
    deputy_id: UUID | None
    channel: str
    category: str
    content: str
    place: str
    voter_name: str
    voter_phone: str
    recorded_at: datetime
    uploaded_at: datetime
    status: str
    resolution: str
    township_region_code: str | None
    answer_due: date | None
    due_is_provisional: bool
    answer: str | None
    answered_by: str | None
    answered_on: date | None
    outcome: str | None
    outcome_reason: str | None
    feedback_method: str | None
    feedback_given_on: date | None
    overdue: bool
    answered_in_time: bool
    contact_unreadable: bool = Field(
        default=False, description="联系方式无法解密（密钥已撤除或数据损坏）：姓名、电话与意见内容以脱敏形式显示"
    )


class ReceptionPage(Page[ReceptionRead]):
    """One page of 活动记录, newest first."""


class OpinionPage(Page[OpinionRead]):
    """One page of 建议意见记录 and 交办/转办记录, oldest first."""


def open_contacts(rows: list[dict[str, Any]], *, sealer: ContactSealer | None) -> list[dict[str, Any]]:
    """The voter's name, phone and words in clear when `sealer` is given (station, township), masked otherwise."""
    return [show_voter(row, sealer=sealer) for row in rows]


def station_or_404(engine: Engine, station_id: UUID) -> dict[str, Any]:
    station = get_station(engine, station_id=station_id)
    if station is None:
        raise NotFoundError("联络站不存在", field="station_id")
    return station
