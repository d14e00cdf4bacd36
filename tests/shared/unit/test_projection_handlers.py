"""Projection handlers are registered by event class and found by the event type that class names."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import MetaData
from sqlalchemy.orm import Session

from shared.events import default_registry, topics
from shared.events.catalog.county import DeputyElected, DeputyElectedV2, DeputyLeftOffice
from shared.events.catalog.station import StationSetUp
from shared.events.envelope import Envelope
from shared.readmodel.projection import DuplicateHandlerError, Handler, Handlers, Projection, SupersededEventError

GOLDEN = Path(__file__).parents[2] / "contract" / "golden"


def _elected(session: Session, event: Envelope[DeputyElectedV2]) -> None:
    session.info.setdefault("seen", []).append(event.payload)


def _left(session: Session, event: Envelope[DeputyLeftOffice]) -> None:
    session.info.setdefault("seen", []).append(event.payload.reason)


def test_a_handler_is_found_by_the_event_type_of_its_class() -> None:
    handlers = Handlers().on(DeputyElectedV2, _elected).on(DeputyLeftOffice, _left)

    assert handlers["DeputyElected"] is _elected
    assert handlers.get("DeputyLeftOffice") is _left
    assert set(handlers) == {"DeputyElected", "DeputyLeftOffice"}
    assert handlers.event_classes == (DeputyElectedV2, DeputyLeftOffice)


def test_registering_adds_to_a_copy_and_leaves_the_handlers_it_started_from() -> None:
    base = Handlers().on(DeputyElectedV2, _elected)

    base.on(DeputyLeftOffice, _left)

    assert list(base) == ["DeputyElected"]


def test_a_superseded_event_version_cannot_have_a_handler() -> None:
    def old(session: Session, event: Envelope[DeputyElected]) -> None: ...

    with pytest.raises(SupersededEventError, match="DeputyElectedV2"):
        Handlers().on(DeputyElected, old)


def test_a_second_handler_for_the_same_event_type_is_refused() -> None:
    with pytest.raises(DuplicateHandlerError, match="DeputyElected"):
        Handlers().on(DeputyElectedV2, _elected).on(DeputyElectedV2, _elected)


def test_a_stored_old_version_reaches_the_handler_as_the_current_class() -> None:
    stored_v1 = (GOLDEN / "DeputyElected.v1.json").read_text(encoding="utf-8")
    projection = Projection(
        name="test.roster",
        version=1,
        topics=(topics.COUNTY_DEPUTY,),
        metadata=MetaData(),
        handlers=Handlers().on(DeputyElectedV2, _elected),
    )
    envelope = default_registry().decode(stored_v1)
    session = Session()

    handler = projection.handler_for(envelope.event_type)
    assert handler is not None
    handler(session, envelope)

    (payload,) = session.info["seen"]
    assert isinstance(payload, DeputyElectedV2)
    assert payload.specialty == ""


def test_an_event_type_without_a_handler_has_none() -> None:
    projection = Projection(name="test.empty", version=1, topics=(topics.COUNTY_DEPUTY,), metadata=MetaData())

    assert projection.handler_for("DeputyElected") is None


def test_a_projection_that_does_not_read_a_handled_events_topic_is_refused() -> None:
    def set_up(session: Session, event: Envelope[StationSetUp]) -> None: ...

    with pytest.raises(ValueError, match="StationSetUp"):
        Projection(
            name="test.stations",
            version=1,
            topics=(topics.COUNTY_DEPUTY,),
            metadata=MetaData(),
            handlers=Handlers().on(StationSetUp, set_up),
        )


def test_wrapped_handlers_run_the_wrapper_for_the_same_event_classes() -> None:
    calls: list[str] = []

    def wrap(handler: Handler) -> Handler:
        def wrapped(session: Session, event: Envelope[Any]) -> None:
            calls.append(event.event_type)
            handler(session, event)

        return wrapped

    handlers = Handlers().on(DeputyElectedV2, _elected).wrapped(wrap)
    envelope = default_registry().decode((GOLDEN / "DeputyElected.v2.json").read_text(encoding="utf-8"))
    handlers["DeputyElected"](Session(), envelope)

    assert handlers.event_classes == (DeputyElectedV2,)
    assert calls == ["DeputyElected"]
