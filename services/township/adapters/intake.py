"""The township's intake: stations' `OpinionReferred` events become referrals in the township's store.

An anti-corruption entrypoint run by the projection runner: the tracking row makes redelivery a no-op,
and the referral id derived from the event makes a retry after a crash open nothing twice. A batch's
referrals are stored together (see `commands_for`).
"""

from __future__ import annotations

from sqlalchemy import MetaData
from sqlalchemy.orm import Session

from services.township.application.commands import COMMAND_HANDLERS, AnswerFromSuggestion, OpenReferral
from services.township.application.context import TownshipContext
from services.township.application.ports import TownshipReads
from shared.application import Commands, utc_now
from shared.events import topics
from shared.events.catalog.station import OpinionReferredV2
from shared.events.catalog.suggestion import SuggestionReplied
from shared.events.envelope import Envelope
from shared.events.region import is_within
from shared.readmodel import names
from shared.readmodel.projection import Handlers, Projection, commands_for

INTAKE_ACTOR = "system:intake"
OUTCOME_ACTOR = "system:suggestion-outcome"


def intake(*, commands: Commands, reads: TownshipReads, scope_region_code: str) -> Projection:
    """The intake for the townships inside this deployment's scope."""

    def opinion_referred(session: Session, event: Envelope[OpinionReferredV2]) -> None:
        if is_within(event.payload.township_region_code, scope_region_code):
            ctx = TownshipContext(
                commands=commands_for(session, commands), reads=reads, actor=INTAKE_ACTOR, now=utc_now()
            )
            COMMAND_HANDLERS.dispatch(OpenReferral(referred=event), ctx)

    return Projection(
        name=names.TOWNSHIP_INTAKE,
        version=1,
        topics=(topics.STATION_OPINION,),
        metadata=MetaData(),
        commands=commands,
        handlers=Handlers().on(OpinionReferredV2, opinion_referred),
    )


def suggestion_outcomes(*, commands: Commands, reads: TownshipReads) -> Projection:
    """Answers for referrals a deputy took up as a suggestion (route (d)): the unit's first reply answers the voter."""

    def suggestion_replied(_session: Session, event: Envelope[SuggestionReplied]) -> None:
        payload = event.payload
        referral_id = payload.source_referral_id
        if payload.round != 1 or referral_id is None or not commands.store.exists(referral_id):
            return
        ctx = TownshipContext(commands=commands, reads=reads, actor=OUTCOME_ACTOR, now=utc_now())
        COMMAND_HANDLERS.dispatch(AnswerFromSuggestion(referral_id=referral_id, replied=event), ctx)

    return Projection(
        name=names.TOWNSHIP_SUGGESTION_OUTCOMES,
        version=1,
        topics=(topics.COUNTY_SUGGESTION,),
        metadata=MetaData(),
        commands=commands,
        handlers=Handlers().on(SuggestionReplied, suggestion_replied),
    )
