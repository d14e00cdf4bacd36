"""Settings every tier shares (broker, secrets, scope); each service's `config.py` adds its own."""

from __future__ import annotations

from typing import Literal, Self

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEVELOPMENT_AUTH_SECRET = "renda-development-secret-change-me-in-production"
DEVELOPMENT_CONTACT_KEY = "cmVuZGEtZGV2ZWxvcG1lbnQtY29udGFjdC1rZXktMzI="


class PlatformSettings(BaseSettings):
    """Read from `RENDA_*` environment variables; the defaults are the embedded `make run` setup."""

    model_config = SettingsConfigDict(env_prefix="RENDA_", extra="ignore")

    kafka_bootstrap: str = "127.0.0.1:9092"
    kafka_partitions: int = Field(default=3, ge=1)
    kafka_replication: int = Field(default=1, ge=1)
    environment: Literal["development", "production"] = "development"
    auth_secret: str = Field(default=DEVELOPMENT_AUTH_SECRET, min_length=32)
    token_ttl_minutes: int = Field(default=480, ge=1)
    session_check_seconds: float = Field(
        default=2.0, ge=0, description="How long a process trusts its last look at an account's session state."
    )
    login_max_failures: int = Field(
        default=5, ge=1, description="Failed logins for one username from one address before logins are refused."
    )
    login_max_failures_per_username: int = Field(
        default=50, ge=1, description="Failed logins for one username from any address before it is refused."
    )
    login_max_failures_per_address: int = Field(
        default=100, ge=1, description="Failed logins from one address, any username, before it is refused."
    )
    login_concurrency: int = Field(
        default=2, ge=1, description="Password hashes (argon2, 64 MiB each) checked at once per process."
    )
    login_wait_seconds: float = Field(
        default=5.0, gt=0, description="How long a login waits for a free password check before 503 LOGIN_BUSY."
    )
    login_window_seconds: int = Field(
        default=900, ge=1, description="The window those failures are counted in, and how long the refusal lasts."
    )
    contact_key: str = Field(
        default=DEVELOPMENT_CONTACT_KEY,
        description=(
            "Base64 (URL-safe) 32-byte AES key sealing voters' contacts; shared by station and township. "
            "After a rotation: the new key, then the retired ones, comma-separated."
        ),
    )
    max_request_bytes: int = Field(
        default=2 * 1024 * 1024, ge=1024, description="Largest request body accepted; a larger one gets 413."
    )
    redis_url: str | None = None
    redis_namespace: str = Field(
        default="renda", pattern=r"^[a-z0-9_-]+$", description="Prefix of Redis keys and channels."
    )
    scope_region_code: str = Field(default="410300000000", description="The region this deployment serves.")
    var_dir: str = "var"
    hot_cache_seconds: int = Field(
        default=300,
        ge=1,
        description="How long Redis keeps a dashboard answer; it is dropped sooner as soon as the read models move.",
    )
    read_wait_seconds: float = Field(default=5.0, gt=0, le=60, description="How long `?wait_for=` may wait.")
    read_waiters: int = Field(
        default=8, ge=1, description="Reads that may wait for `?wait_for=` at once per process; others look once."
    )
    county_url: str = "http://127.0.0.1:8001"
    township_url: str = "http://127.0.0.1:8002"
    station_url: str = "http://127.0.0.1:8003"

    @model_validator(mode="after")
    def _no_development_secrets_in_production(self) -> Self:
        # Anyone could sign tokens or open voters' contacts with the secrets published in this repository.
        if self.environment == "production" and (
            self.auth_secret == DEVELOPMENT_AUTH_SECRET
            or DEVELOPMENT_CONTACT_KEY in (key.strip() for key in self.contact_key.split(","))
        ):
            raise ValueError("production needs its own RENDA_AUTH_SECRET and RENDA_CONTACT_KEY")
        return self


class ServiceSettings(BaseSettings):
    """One tier's process settings; subclasses set the env prefix and defaults."""

    model_config = SettingsConfigDict(extra="ignore")

    name: str
    host: str = "127.0.0.1"
    port: int
    api_processes: int = Field(default=1, ge=1, le=64)
    """HTTP worker processes of `renda serve` on the one port (each with its own pools and group commit)."""
    event_store_url: str
    database_url: str
    relay_batch_size: int = Field(default=1000, ge=1, le=10000)
    platform: PlatformSettings = Field(default_factory=PlatformSettings)
