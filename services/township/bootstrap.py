"""The township service's composition root."""

from __future__ import annotations

from fastapi import FastAPI

from services.township.adapters.intake import intake, suggestion_outcomes
from services.township.adapters.reads import SqlTownshipReads
from services.township.api.dependencies import TownshipParts
from services.township.api.routes import figures, referrals, reports, stations
from services.township.config import TownshipSettings
from services.township.projections.inbox import INBOX
from services.township.projections.oversight import OVERSIGHT
from services.township.projections.regions import REGIONS
from services.township.projections.roster import ROSTER
from services.township.projections.station_figures import STATION_FIGURES
from shared.privacy import ContactSealer
from shared.readmodel.holidays import holiday_projection
from shared.runtime import ServiceRuntime


def build_runtime(settings: TownshipSettings | None = None) -> ServiceRuntime:
    settings = settings or TownshipSettings()
    return ServiceRuntime(
        settings=settings,
        projections=[
            OVERSIGHT,
            INBOX,
            STATION_FIGURES,
            ROSTER,
            REGIONS,
            holiday_projection("township"),
            lambda runtime: intake(
                commands=runtime.commands,
                reads=SqlTownshipReads(runtime),
                scope_region_code=settings.platform.scope_region_code,
            ),
            lambda runtime: suggestion_outcomes(commands=runtime.commands, reads=SqlTownshipReads(runtime)),
        ],
    )


def create_app(runtime: ServiceRuntime) -> FastAPI:
    app = runtime.create_app(
        title="乡镇人大服务 (township)",
        routers=[
            stations.router,
            referrals.router,
            figures.router,
            reports.router,
        ],
    )
    app.state.township = TownshipParts(
        sealer=ContactSealer.from_setting(runtime.settings.platform.contact_key), reads=SqlTownshipReads(runtime)
    )
    return app
