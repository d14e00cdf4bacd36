"""The township service's settings (`RENDA_TOWNSHIP_*`)."""

from __future__ import annotations

from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class TownshipSettings(ServiceSettings):
    """Where the township service listens and keeps its data."""

    model_config = SettingsConfigDict(env_prefix="RENDA_TOWNSHIP_", extra="ignore")

    name: str = "township"
    port: int = 8002
    event_store_url: str = "sqlite:///var/township/events.sqlite"
    database_url: str = "sqlite:///var/township/readmodels.sqlite"
