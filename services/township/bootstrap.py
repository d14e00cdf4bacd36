"""The township service's composition root."""

from __future__ import annotations

from fastapi import FastAPI

from services.township.api.routes import stations
from services.township.config import TownshipSettings
from services.township.projections.oversight import OVERSIGHT
from shared.readmodel.holidays import holiday_projection
from shared.runtime import ServiceRuntime


def build_runtime(settings: TownshipSettings | None = None) -> ServiceRuntime:
    return ServiceRuntime(
        settings=settings or TownshipSettings(), projections=[OVERSIGHT, holiday_projection("township")]
    )


def create_app(runtime: ServiceRuntime) -> FastAPI:
    return runtime.create_app(title="乡镇人大服务 (township)", routers=[stations.router])
