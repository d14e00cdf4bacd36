"""The county's intake of township referrals routed to a deputy (route (d)): each becomes a suggestion.

An anti-corruption entrypoint run by the projection runner. It keeps what the township referred (the
opinion's category and content, phone and ID card numbers masked, never the voter's contact), and when
the township routes a referral to a deputy to take up, submits the suggestion led by that deputy. The
suggestion id derives from the routing event, so a redelivery or a retry after a crash submits nothing
twice. It runs the county's `TakeUpReferral` command through the same handlers as every route.

The township checks the deputy against its copy of the roster before it routes, so a routing to a deputy the
county does not know should not arrive; if one does, it is logged as an error and parked with a reason that
names it (`renda dlq list county`), to be replayed once the roster has the deputy.
"""

from __future__ import annotations

import logging
from typing import Any
from uuid import NAMESPACE_URL, uuid5

from sqlalchemy import Column, MetaData, String, Table, Text, Uuid, select
from sqlalchemy.orm import Session

from services.county.application.commands import COMMAND_HANDLERS
from services.county.application.context import county_context
from services.county.application.suggestion_commands import TakeUpReferral
from shared.errors import NotFoundError
from shared.events import topics
from shared.events.catalog.township import ReferralOpenedV2, ReferralRoute, ReferralRouted
from shared.events.envelope import Envelope
from shared.events.region import is_within
from shared.events.topics import dead_letter_topic
from shared.privacy import mask_personal_numbers
from shared.readmodel import names
from shared.readmodel.projection import Handlers, Projection
from shared.readmodel.writes import insert_if_absent
from shared.runtime import ServiceRuntime

INTAKE_ACTOR = "system:referral-intake"
INTAKE_SCOPE = uuid5(NAMESPACE_URL, "renda:county:referral-intake")
TITLE_LENGTH = 40

log = logging.getLogger("renda.referral_intake")

METADATA = MetaData()

referral_sources = Table(
    "county_referral_sources",
    METADATA,
    Column("referral_id", Uuid, primary_key=True),
    Column("opinion_id", Uuid, nullable=False),
    Column("region_code", String(12), nullable=False),
    Column("category", String(50), nullable=False),
    Column("content", Text, nullable=False),
)


class ReferralToUnknownDeputyError(NotFoundError):
    """Raised when a township routes a referral to a deputy the county's roster does not have: it is parked."""

    code = "DEPUTY_NOT_FOUND"
    message = "乡镇转交的代表不在本县代表名册中，未形成建议"


def referral_intake(runtime: ServiceRuntime) -> Projection:
    """The intake for referrals from townships inside this deployment's scope."""
    scope_region_code = runtime.settings.platform.scope_region_code

    def referral_opened(session: Session, event: Envelope[Any]) -> None:
        if not is_within(event.region_code, scope_region_code):
            return
        insert_if_absent(
            session,
            referral_sources,
            {
                "referral_id": event.aggregate_id,
                "opinion_id": event.payload.opinion_id,
                "region_code": event.region_code,
                "category": event.payload.category,
                # Masked by the station since it seals the words; masked here too for those recorded before.
                "content": mask_personal_numbers(event.payload.content),
            },
        )

    def referral_routed(session: Session, event: Envelope[Any]) -> None:
        payload = event.payload
        if payload.route is not ReferralRoute.DEPUTY_SUGGESTION or payload.deputy_id is None:
            return
        source = (
            session.execute(select(referral_sources).where(referral_sources.c.referral_id == event.aggregate_id))
            .mappings()
            .first()
        )
        if source is None:
            return  # a referral outside this deployment's scope
        if not runtime.store.exists(payload.deputy_id):
            log.error(
                "referral %s routed to deputy %s, who is not on the county's roster: no suggestion taken up; "
                "parked on %s (renda dlq list county), replay it once the deputy is on the roster",
                event.aggregate_id,
                payload.deputy_id,
                dead_letter_topic(topics.TOWNSHIP_REFERRAL),
                extra={"referral_id": str(event.aggregate_id), "deputy_id": str(payload.deputy_id)},
            )
            raise ReferralToUnknownDeputyError(field="deputy_id")
        content = source["content"] if not payload.note else f"{source['content']}\n\n乡镇转办意见：{payload.note}"
        take_up = TakeUpReferral(
            command_id=event.event_id,
            referral_id=event.aggregate_id,
            opinion_id=source["opinion_id"],
            lead_deputy_id=payload.deputy_id,
            title=f"关于{source['category']}：{source['content'][:TITLE_LENGTH]}",
            content=content,
        )
        ctx = county_context(runtime, actor=INTAKE_ACTOR, scope=INTAKE_SCOPE)
        COMMAND_HANDLERS.dispatch(take_up, ctx.caused_by(event_id=event.event_id, occurred_at=event.occurred_at))

    return Projection(
        name=names.COUNTY_REFERRAL_INTAKE,
        version=1,
        topics=(topics.TOWNSHIP_REFERRAL,),
        metadata=METADATA,
        commands=runtime.commands,
        handlers=Handlers().on(ReferralOpenedV2, referral_opened).on(ReferralRouted, referral_routed),
    )
