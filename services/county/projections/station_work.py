"""The county's copy of the stations' work in its scope: the station facts the roll-up sums up."""

from shared.figures.station_work import station_work_projection
from shared.readmodel import names

STATION_WORK = station_work_projection(names.COUNTY_STATION_WORK, version=1)
