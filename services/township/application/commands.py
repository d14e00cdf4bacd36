"""The township's commands: what its staff do with referrals, stations and reports, and what its intakes turn
other tiers' events into. A staff command is the request body its route reads plus the record the path names;
`COMMAND_HANDLERS` runs each class through its use case, whoever sends it.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from pydantic import Field

from services.township.application import referrals, reports, supervisions
from services.township.application.context import TownshipContext
from shared.command_bus import Command, CommandBus
from shared.events.catalog.station import OpinionReferredV2
from shared.events.catalog.suggestion import SuggestionReplied
from shared.events.catalog.township import ReferralOutcome, ReferralRoute
from shared.events.envelope import Envelope
from shared.figures.township_draft import ReportDraft


class OpenReferral(Command):
    """Open the referral for an opinion a station referred (from the station's `OpinionReferred`)."""

    referred: Envelope[OpinionReferredV2]


class RouteCreate(Command):
    route: ReferralRoute
    routed_to: str = Field(min_length=1, max_length=100, description="承办部门、单位或代表")
    deputy_id: UUID | None = None
    note: str = Field(default="", max_length=2000)


class RouteReferral(RouteCreate):
    """Route a referral (交办/转办): a township department, the county, the city, or a deputy's suggestion."""

    referral_id: UUID


class MergeCreate(Command):
    into: UUID


class MergeReferral(MergeCreate):
    """Handle a referral with a duplicate (并案); its voter is still answered."""

    referral_id: UUID


class AnswerCreate(Command):
    answer: str = Field(min_length=1, max_length=5000)
    answered_by: str = Field(default="", max_length=100)


class AnswerReferral(AnswerCreate):
    """Answer the voter (答复群众)."""

    referral_id: UUID


class AnswerFromSuggestion(Command):
    """Answer a referral with the first reply to the suggestion a deputy made of it (route (d))."""

    referral_id: UUID
    replied: Envelope[SuggestionReplied]


class CloseCreate(Command):
    outcome: ReferralOutcome
    reason: str = Field(default="", max_length=2000)


class CloseReferral(CloseCreate):
    """Close a referral as solved, or leave it in coordination with the reason (办结)."""

    referral_id: UUID


class SupervisionCreate(Command):
    """A supervision visit as staff send it; a resend under the same `command_id` records nothing more."""

    visited_on: date
    findings: str = Field(min_length=1, max_length=2000)


class RecordSupervision(SupervisionCreate):
    """Record a supervision visit to a station (督导)."""

    station_id: UUID
    station_region_code: str


class PublishReport(Command):
    """Publish a township's figures for a period as drafted from its stations' work (上报)."""

    draft: ReportDraft


COMMAND_HANDLERS: CommandBus[TownshipContext] = (
    CommandBus[TownshipContext]()
    .on(OpenReferral, referrals.open_referral)
    .on(RouteReferral, referrals.route_referral)
    .on(MergeReferral, referrals.merge_referral)
    .on(AnswerReferral, referrals.answer_referral)
    .on(AnswerFromSuggestion, referrals.answer_from_suggestion)
    .on(CloseReferral, referrals.close_referral)
    .on(RecordSupervision, supervisions.record_supervision)
    .on(PublishReport, reports.publish_report)
)
"""Every township command, and the use case that runs it."""
