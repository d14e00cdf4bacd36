"""The station service's settings (`RENDA_STATION_*`)."""

from __future__ import annotations

from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class StationSettings(ServiceSettings):
    """Where the station service listens and keeps its data."""

    model_config = SettingsConfigDict(env_prefix="RENDA_STATION_", extra="ignore")

    name: str = "station"
    port: int = 8003
    event_store_url: str = "sqlite:///var/station/events.sqlite"
    database_url: str = "sqlite:///var/station/readmodels.sqlite"
