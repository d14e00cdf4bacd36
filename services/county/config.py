"""The county service's settings (`RENDA_COUNTY_*`)."""

from __future__ import annotations

from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class CountySettings(ServiceSettings):
    """Where the county service listens and keeps its data."""

    model_config = SettingsConfigDict(env_prefix="RENDA_COUNTY_", extra="ignore")

    name: str = "county"
    port: int = 8001
    event_store_url: str = "sqlite:///var/county/events.sqlite"
    database_url: str = "sqlite:///var/county/readmodels.sqlite"
    term_first_year: int = 2022
    """The first year of the current term of the county and township congresses (县乡同步换届)."""
    term_last_year: int = 2026
    """Its last year: deputies who have not reported to their voters by then are late."""
