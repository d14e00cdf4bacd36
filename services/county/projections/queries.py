"""Queries over the county's read models; GET routes read through these only."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, select

from services.county.projections.roster import attachments, deputies


def list_deputies(engine: Engine, *, within: str, limit: int, offset: int) -> list[dict[str, Any]]:
    """Deputies resident inside a region prefix, by name."""
    query = (
        select(deputies)
        .where(deputies.c.resident_region_code.startswith(within))
        .order_by(deputies.c.name, deputies.c.deputy_id)
        .limit(limit)
        .offset(offset)
    )
    with engine.connect() as connection:
        rows = [dict(row) for row in connection.execute(query).mappings()]
        if rows:
            links = connection.execute(
                select(attachments.c.deputy_id, attachments.c.station_id).where(
                    attachments.c.deputy_id.in_([row["deputy_id"] for row in rows])
                )
            ).all()
        else:
            links = []
    stations: dict[Any, list[Any]] = {}
    for deputy_id, station_id in links:
        stations.setdefault(deputy_id, []).append(station_id)
    for row in rows:
        row["station_ids"] = sorted(stations.get(row["deputy_id"], []), key=str)
    return rows
