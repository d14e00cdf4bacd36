"""The township's copy of its stations' work, from which its figures and period reports are counted."""

from shared.figures.station_work import station_work_projection
from shared.readmodel import names

STATION_FIGURES = station_work_projection(names.TOWNSHIP_STATION_FIGURES, version=4)
