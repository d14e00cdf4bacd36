"""The event contract between tiers: envelope, event types, topics, region codes, registry."""

from __future__ import annotations

from shared.events.catalog import appointment, county, duty, handling, region, reports, station, suggestion, township
from shared.events.envelope import AnyEnvelope, Envelope, EventPayload
from shared.events.registry import EventRegistry, MalformedEventError, UnknownEventTypeError


def default_registry() -> EventRegistry:
    """The registry of every published event type and version, with their upcasters."""
    registry = EventRegistry()
    registry.register(*county.EVENTS, *station.EVENTS, *township.EVENTS, *reports.EVENTS)
    registry.register_upcaster(event_type="DeputyElected", from_version=1, upcaster=county.deputy_elected_v1_to_v2)
    for words in ("OpinionRecorded", "OpinionReferred", "ReferralOpened"):
        registry.register_upcaster(event_type=words, from_version=1, upcaster=station.words_unsealed_v1_to_v2)
    registry.register(*handling.EVENTS, *suggestion.EVENTS)
    registry.register(*appointment.EVENTS, *duty.EVENTS)
    registry.register(*region.EVENTS)
    return registry


__all__ = [
    "AnyEnvelope",
    "Envelope",
    "EventPayload",
    "EventRegistry",
    "MalformedEventError",
    "UnknownEventTypeError",
    "default_registry",
]
