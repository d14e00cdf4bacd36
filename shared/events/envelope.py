"""The envelope every event travels in (design §3), and the base class of every event payload."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar, Generic, TypeVar
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator

from shared.events.region import RegionCode


class EventPayload(BaseModel):
    """Base of every event type: a frozen model whose class constants say where it belongs."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    event_type: ClassVar[str]
    schema_version: ClassVar[int] = 1
    aggregate_type: ClassVar[str]
    topic: ClassVar[str]


P = TypeVar("P", bound=EventPayload)


def _as_utc(value: datetime) -> datetime:
    return value.astimezone(UTC)


class Envelope(BaseModel, Generic[P]):
    """One recorded event: who, what, where, when, and its place in its aggregate's history."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    event_id: UUID
    event_type: str
    schema_version: int = Field(ge=1)
    aggregate_type: str
    aggregate_id: UUID
    aggregate_version: int = Field(ge=1)
    region_code: RegionCode
    occurred_at: AwareDatetime = Field(description="When it happened (business time, UTC).")
    recorded_at: AwareDatetime = Field(description="When the owning service's store recorded it (UTC).")
    actor: str = Field(min_length=1, description="The person (user id) or terminal (device key id) who did it.")
    correlation_id: UUID
    causation_id: UUID | None = None
    payload: P

    @field_validator("occurred_at", "recorded_at")
    @classmethod
    def _normalise_to_utc(cls, value: datetime) -> datetime:
        return _as_utc(value)

    def to_json(self) -> bytes:
        """UTF-8 JSON with Chinese unescaped, as it goes on the wire and into the store."""
        return self.model_dump_json().encode("utf-8")

    @property
    def topic(self) -> str:
        return type(self.payload).topic


AnyEnvelope = Envelope[Any]
