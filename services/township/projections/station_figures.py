"""The township's copy of its stations' work, from which its figures and period reports are counted."""

from shared.figures.station_work import station_work_projection

STATION_FIGURES = station_work_projection("township.station_figures", version=4)
