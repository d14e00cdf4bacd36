"""The township's copy of its stations' work, from which its figures and period reports are counted."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import Engine, select

from services.township.projections.regions import Area
from shared.figures.station_work import station_work_projection, stations
from shared.readmodel import names

STATION_FIGURES = station_work_projection(names.TOWNSHIP_STATION_FIGURES, version=4)


def stations_in(engine: Engine, *, area: Area) -> list[UUID]:
    """The stations of the area as the region directory draws it now, closed ones too."""
    query = select(stations.c.station_id, stations.c.region_code).where(area.may_hold(stations.c.region_code))
    with engine.connect() as connection:
        return [row.station_id for row in connection.execute(query) if area.holds(row.region_code)]
