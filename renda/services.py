"""The three services by name, as the CLI starts them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from fastapi import FastAPI

from services.county import bootstrap as county
from services.station import bootstrap as station
from services.township import bootstrap as township
from shared.runtime import ServiceRuntime


@dataclass(frozen=True)
class ServiceEntry:
    build_runtime: Callable[..., ServiceRuntime]
    """Takes the service's settings, or reads them from the environment when given none."""
    create_app: Callable[[ServiceRuntime], FastAPI]


SERVICES: dict[str, ServiceEntry] = {
    "county": ServiceEntry(build_runtime=county.build_runtime, create_app=county.create_app),
    "township": ServiceEntry(build_runtime=township.build_runtime, create_app=township.create_app),
    "station": ServiceEntry(build_runtime=station.build_runtime, create_app=station.create_app),
}


def station_app() -> FastAPI:
    """The station API from the environment's settings (an import string for several uvicorn workers)."""
    return _app("station")


def township_app() -> FastAPI:
    return _app("township")


def county_app() -> FastAPI:
    return _app("county")


def _app(name: str) -> FastAPI:
    entry = SERVICES[name]
    return entry.create_app(entry.build_runtime())
