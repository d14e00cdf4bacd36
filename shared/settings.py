"""Settings every tier shares (broker, secrets, scope); each service's `config.py` adds its own."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class PlatformSettings(BaseSettings):
    """Read from `RENDA_*` environment variables; the defaults are the embedded `make run` setup."""

    model_config = SettingsConfigDict(env_prefix="RENDA_", extra="ignore")

    kafka_bootstrap: str = "127.0.0.1:9092"
    kafka_partitions: int = Field(default=3, ge=1)
    kafka_replication: int = Field(default=1, ge=1)
    auth_secret: str = Field(default="renda-development-secret-change-me-in-production", min_length=32)
    token_ttl_minutes: int = Field(default=480, ge=1)
    contact_key: str = Field(
        default="cmVuZGEtZGV2ZWxvcG1lbnQtY29udGFjdC1rZXktMzI=",
        description="Base64 (URL-safe) 32-byte AES key sealing voters' contacts; shared by station and township.",
    )
    redis_url: str | None = None
    redis_namespace: str = Field(
        default="renda", pattern=r"^[a-z0-9_-]+$", description="Prefix of Redis keys and channels."
    )
    scope_region_code: str = Field(default="410300000000", description="The region this deployment serves.")
    var_dir: str = "var"
    county_url: str = "http://127.0.0.1:8001"
    township_url: str = "http://127.0.0.1:8002"
    station_url: str = "http://127.0.0.1:8003"


class ServiceSettings(BaseSettings):
    """One tier's process settings; subclasses set the env prefix and defaults."""

    model_config = SettingsConfigDict(extra="ignore")

    name: str
    host: str = "127.0.0.1"
    port: int
    event_store_url: str
    database_url: str
    relay_batch_size: int = Field(default=1000, ge=1, le=10000)
    platform: PlatformSettings = Field(default_factory=PlatformSettings)
