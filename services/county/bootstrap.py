"""The county service's composition root."""

from __future__ import annotations

from fastapi import FastAPI

from services.county.api.routes import calendar, deputies
from services.county.config import CountySettings
from services.county.projections.roster import ROSTER
from shared.readmodel.holidays import holiday_projection
from shared.runtime import ServiceRuntime


def build_runtime(settings: CountySettings | None = None) -> ServiceRuntime:
    return ServiceRuntime(settings=settings or CountySettings(), projections=[ROSTER, holiday_projection("county")])


def create_app(runtime: ServiceRuntime) -> FastAPI:
    return runtime.create_app(title="县人大常委会服务 (county)", routers=[deputies.router, calendar.router])
