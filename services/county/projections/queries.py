"""Queries over the county's read models; GET routes read through these only."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import Connection, Engine, select

from services.county.projections.roster import DeputyStatus, attachments, deputies, memberships
from shared.events.catalog.county import DeputyLevel


def list_deputies(
    engine: Engine,
    *,
    within: str,
    limit: int,
    offset: int,
    level: DeputyLevel | None = None,
    group: str | None = None,
    station_id: UUID | None = None,
    status: DeputyStatus | None = None,
) -> list[dict[str, Any]]:
    """Deputies resident inside a region prefix, by name, with their stations and groups; optionally filtered."""
    query = select(deputies).where(deputies.c.resident_region_code.startswith(within))
    if level is not None:
        query = query.where(deputies.c.level == level.value)
    if status is not None:
        query = query.where(deputies.c.status == status.value)
    if group is not None:
        query = query.where(
            deputies.c.deputy_id.in_(select(memberships.c.deputy_id).where(memberships.c.group_name == group))
        )
    if station_id is not None:
        query = query.where(
            deputies.c.deputy_id.in_(select(attachments.c.deputy_id).where(attachments.c.station_id == station_id))
        )
    query = query.order_by(deputies.c.name, deputies.c.deputy_id).limit(limit).offset(offset)
    with engine.connect() as connection:
        rows = [dict(row) for row in connection.execute(query).mappings()]
        ids = [row["deputy_id"] for row in rows]
        stations = _stations_of(connection, ids)
        groups = _groups_of(connection, ids)
    for row in rows:
        row["station_ids"] = sorted(stations.get(row["deputy_id"], []), key=str)
        row["groups"] = groups.get(row["deputy_id"], [])
    return rows


def _stations_of(connection: Connection, deputy_ids: list[UUID]) -> dict[UUID, list[UUID]]:
    if not deputy_ids:
        return {}
    query = select(attachments.c.deputy_id, attachments.c.station_id).where(attachments.c.deputy_id.in_(deputy_ids))
    stations: dict[UUID, list[UUID]] = {}
    for deputy_id, station_id in connection.execute(query):
        stations.setdefault(deputy_id, []).append(station_id)
    return stations


def _groups_of(connection: Connection, deputy_ids: list[UUID]) -> dict[UUID, list[dict[str, str]]]:
    if not deputy_ids:
        return {}
    query = (
        select(memberships.c.deputy_id, memberships.c.group_name, memberships.c.kind)
        .where(memberships.c.deputy_id.in_(deputy_ids))
        .order_by(memberships.c.kind, memberships.c.group_name)
    )
    groups: dict[UUID, list[dict[str, str]]] = {}
    for deputy_id, group_name, kind in connection.execute(query):
        groups.setdefault(deputy_id, []).append({"name": group_name, "kind": kind})
    return groups


def resident_region_of(engine: Engine, *, deputy_id: UUID) -> str | None:
    """Where a deputy on the roster is resident; None when the roster has no such deputy."""
    query = select(deputies.c.resident_region_code).where(deputies.c.deputy_id == deputy_id)
    with engine.connect() as connection:
        return connection.execute(query).scalar_one_or_none()
