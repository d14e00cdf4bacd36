"""The station service's composition root."""

from __future__ import annotations

from fastapi import FastAPI

from services.station.api.routes import stations
from services.station.config import StationSettings
from services.station.projections.directory import DIRECTORY
from services.station.projections.roster import ROSTER
from shared.readmodel.holidays import holiday_projection
from shared.runtime import ServiceRuntime


def build_runtime(settings: StationSettings | None = None) -> ServiceRuntime:
    return ServiceRuntime(
        settings=settings or StationSettings(), projections=[ROSTER, DIRECTORY, holiday_projection("station")]
    )


def create_app(runtime: ServiceRuntime) -> FastAPI:
    return runtime.create_app(title="代表联络站服务 (station)", routers=[stations.router])
