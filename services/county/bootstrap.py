"""The county service's composition root."""

from __future__ import annotations

from fastapi import FastAPI

from services.county.adapters.referral_intake import referral_intake
from services.county.api.routes import (
    appointment_reads,
    appointments,
    calendar,
    county_reports,
    deputies,
    duty,
    handling_units,
    regions,
    rollup,
    station_sheets,
    suggestion_reads,
    suggestions,
)
from services.county.api.routes.web import mount_web
from services.county.config import CountySettings
from services.county.projections.appointments import APPOINTMENTS
from services.county.projections.duty_ledger import DUTY_LEDGER
from services.county.projections.handling_units import HANDLING_UNITS
from services.county.projections.received_reports import RECEIVED_REPORTS
from services.county.projections.regions import REGIONS
from services.county.projections.roster import ROSTER
from services.county.projections.station_work import STATION_WORK
from services.county.projections.suggestions import SUGGESTIONS
from shared.api.live_stream import live_router
from shared.readmodel.holidays import holiday_projection
from shared.runtime import ServiceRuntime


def build_runtime(settings: CountySettings | None = None) -> ServiceRuntime:
    settings = settings or CountySettings()
    return ServiceRuntime(
        settings=settings,
        projections=[
            ROSTER,
            holiday_projection("county"),
            HANDLING_UNITS,
            SUGGESTIONS,
            APPOINTMENTS,
            DUTY_LEDGER,
            REGIONS,
            STATION_WORK,
            RECEIVED_REPORTS,
            referral_intake,
        ],
    )


def create_app(runtime: ServiceRuntime) -> FastAPI:
    app = runtime.create_app(
        title="县人大常委会服务 (county)",
        routers=[
            deputies.router,
            calendar.router,
            handling_units.router,
            suggestion_reads.router,
            suggestions.router,
            appointment_reads.router,
            appointments.router,
            duty.router,
            regions.router,
            rollup.router,
            station_sheets.router,
            live_router(),
            county_reports.router,
        ],
    )
    mount_web(app)
    return app
