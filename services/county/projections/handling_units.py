"""Handling units (承办单位) and the published versions of the routing rule."""

from __future__ import annotations

import json

from sqlalchemy import Column, Date, Integer, MetaData, String, Table, Text, Uuid
from sqlalchemy.orm import Session

from shared.events import topics
from shared.events.catalog.handling import HandlingUnitLeadershipChanged, HandlingUnitRegistered, RoutingRulePublished
from shared.events.envelope import Envelope
from shared.readmodel import names
from shared.readmodel.projection import Handlers, Projection
from shared.readmodel.writes import advance_row, insert_if_absent

METADATA = MetaData()

handling_units = Table(
    "county_handling_units",
    METADATA,
    Column("unit_id", Uuid, primary_key=True),
    Column("region_code", String(12), nullable=False, index=True),
    Column("name", String(100), nullable=False),
    Column("kind", String(30), nullable=False),
    Column("head", String(50), nullable=False),
    Column("vice_governor", String(50), nullable=False),
    Column("version", Integer, nullable=False),
)

routing_rules = Table(
    "county_routing_rules",
    METADATA,
    Column("county_region_code", String(12), primary_key=True),
    Column("rule_version", Integer, primary_key=True),
    Column("bodies", Text, nullable=False),
    Column("effective_from", Date, nullable=False),
)


def unit_registered(session: Session, event: Envelope[HandlingUnitRegistered]) -> None:
    p = event.payload
    insert_if_absent(
        session,
        handling_units,
        {
            "unit_id": event.aggregate_id,
            "region_code": event.region_code,
            "name": p.name,
            "kind": p.kind.value,
            "head": p.head,
            "vice_governor": p.vice_governor,
            "version": event.aggregate_version,
        },
    )


def leadership_changed(session: Session, event: Envelope[HandlingUnitLeadershipChanged]) -> None:
    advance_row(
        session,
        handling_units,
        {"unit_id": event.aggregate_id},
        event.aggregate_version,
        head=event.payload.head,
        vice_governor=event.payload.vice_governor,
    )


def rule_published(session: Session, event: Envelope[RoutingRulePublished]) -> None:
    p = event.payload
    insert_if_absent(
        session,
        routing_rules,
        {
            "county_region_code": event.region_code,
            "rule_version": p.rule_version,
            "bodies": json.dumps(p.bodies, ensure_ascii=False, sort_keys=True),
            "effective_from": p.effective_from,
        },
    )


HANDLING_UNITS = Projection(
    name=names.COUNTY_HANDLING_UNITS,
    version=1,
    topics=(topics.COUNTY_HANDLING_UNIT, topics.COUNTY_ROUTING_RULE),
    metadata=METADATA,
    handlers=(
        Handlers()
        .on(HandlingUnitRegistered, unit_registered)
        .on(HandlingUnitLeadershipChanged, leadership_changed)
        .on(RoutingRulePublished, rule_published)
    ),
)
