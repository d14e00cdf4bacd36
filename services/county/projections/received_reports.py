"""Township period reports (乡镇上报) as the county received them, latest version of each.

`renda reconcile` re-derives each one from the county's own copy of the stations' work and compares
the figures and the digests.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Column, Date, Engine, Integer, MetaData, String, Table, Text, Uuid, select
from sqlalchemy.orm import Session

from shared.events import topics
from shared.events.catalog.reports import TownshipReportPublished
from shared.events.envelope import Envelope
from shared.readmodel import names
from shared.readmodel.projection import Handlers, Projection
from shared.readmodel.writes import upsert

METADATA = MetaData()

received_reports = Table(
    "county_received_township_reports",
    METADATA,
    Column("report_id", Uuid, primary_key=True),
    Column("version", Integer, nullable=False),
    Column("township_region_code", String(12), nullable=False, index=True),
    Column("period_kind", String(20), nullable=False),
    Column("period_start", Date, nullable=False),
    Column("period_end", Date, nullable=False),
    Column("figures", Text, nullable=False),
    Column("station_figures", Text, nullable=False),
    Column("source_events", Integer, nullable=False),
    Column("source_digest", String(64), nullable=False),
    Column("digest", String(64), nullable=False),
)


def township_report_published(session: Session, event: Envelope[TownshipReportPublished]) -> None:
    current = session.execute(
        select(received_reports.c.version).where(received_reports.c.report_id == event.aggregate_id)
    ).scalar()
    if current is not None and current >= event.aggregate_version:
        return  # an older version arriving late changes nothing
    payload = event.payload
    upsert(
        session,
        received_reports,
        {
            "report_id": event.aggregate_id,
            "version": event.aggregate_version,
            "township_region_code": payload.township_region_code,
            "period_kind": payload.period_kind.value,
            "period_start": payload.period_start,
            "period_end": payload.period_end,
            "figures": json.dumps(payload.figures, sort_keys=True),
            "station_figures": json.dumps(payload.station_figures, sort_keys=True),
            "source_events": payload.source_events,
            "source_digest": payload.source_digest,
            "digest": payload.digest,
        },
        key=["report_id"],
    )


def list_received(engine: Engine) -> list[dict[str, Any]]:
    """Every received report, latest version, by township and period."""
    query = select(received_reports).order_by(
        received_reports.c.township_region_code, received_reports.c.period_start, received_reports.c.period_kind
    )
    with engine.connect() as connection:
        rows = [dict(row) for row in connection.execute(query).mappings()]
    for row in rows:
        row["figures"] = json.loads(row["figures"])
        row["station_figures"] = json.loads(row["station_figures"])
    return rows


RECEIVED_REPORTS = Projection(
    name=names.COUNTY_RECEIVED_REPORTS,
    version=1,
    topics=(topics.REPORT_TOWNSHIP,),
    metadata=METADATA,
    handlers=Handlers().on(TownshipReportPublished, township_report_published),
)
