"""The station service's composition root."""

from __future__ import annotations

from fastapi import FastAPI

from services.station.adapters.device_keys import SqlDeviceKeys
from services.station.adapters.reads import SqlStationReads
from services.station.api.dependencies import StationParts
from services.station.api.routes import stations, terminal, web
from services.station.config import StationSettings
from services.station.projections.directory import DIRECTORY
from services.station.projections.ledger import LEDGER
from services.station.projections.roster import ROSTER
from shared.privacy import ContactSealer
from shared.readmodel.holidays import holiday_projection
from shared.runtime import ServiceRuntime


def build_runtime(settings: StationSettings | None = None) -> ServiceRuntime:
    return ServiceRuntime(
        settings=settings or StationSettings(),
        projections=[ROSTER, DIRECTORY, LEDGER, holiday_projection("station")],
    )


def create_app(runtime: ServiceRuntime) -> FastAPI:
    device_keys = SqlDeviceKeys(runtime.engine)
    parts = StationParts(
        reads=SqlStationReads(runtime.engine),
        sealer=ContactSealer.from_setting(runtime.settings.platform.contact_key),
        device_keys=device_keys,
    )
    app = runtime.create_app(
        title="代表联络站服务 (station)",
        routers=[stations.router, terminal.router, web.router],
        device_keys=device_keys,
    )
    app.state.station = parts
    return app
