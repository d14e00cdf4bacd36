"""`StationReads` over the station's read models."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import Engine, select

from services.station.projections.ledger import outcomes
from services.station.projections.roster import known_deputies, station_deputies
from shared.calendar import WorkingDayCalendar
from shared.readmodel.holidays import working_day_calendar


class SqlStationReads:
    """Attached deputies from the roster projection; the calendar from the holiday projection."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def attached_deputies(self, station_id: UUID) -> set[UUID]:
        query = select(station_deputies.c.deputy_id).where(station_deputies.c.station_id == station_id)
        with self._engine.connect() as connection:
            return {row[0] for row in connection.execute(query)}

    def knows_deputy(self, deputy_id: UUID) -> bool:
        query = select(known_deputies.c.deputy_id).where(known_deputies.c.deputy_id == deputy_id)
        with self._engine.connect() as connection:
            return connection.execute(query).first() is not None

    def township_answered(self, opinion_id: UUID) -> bool:
        query = select(outcomes.c.answer).where(outcomes.c.opinion_id == opinion_id)
        with self._engine.connect() as connection:
            row = connection.execute(query).first()
        return row is not None and row[0] is not None

    def calendar(self) -> WorkingDayCalendar:
        return working_day_calendar(self._engine)
