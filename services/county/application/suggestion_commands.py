"""The commands on suggestions (代表建议办理), each with the request body it is built from.

County staff steer a suggestion, the lead deputy submits and rates it, and the units it is assigned
to answer it; every step names the suggestion it acts on, and a unit's step the unit acting.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar, Literal
from uuid import UUID

from pydantic import Field

from services.county.application.command_kinds import ByHandlingUnit, CountyCommand, OnSuggestion
from shared.command_bus import Command
from shared.events.catalog.suggestion import (
    AspectRatings,
    ContactMethod,
    ContactStage,
    NotAcceptedGround,
    ReplyResult,
    ReviewDecision,
    SessionPeriod,
    SuggestionCategory,
    SupervisionKind,
)


class SubmitSuggestion(CountyCommand):
    """A lead deputy submits a suggestion, or county staff enter it for them during a session."""

    step = "submit_suggestion"

    title: str = Field(min_length=1, max_length=200)
    content: str = Field(min_length=1, max_length=20000)
    lead_deputy_id: UUID
    co_signer_ids: tuple[UUID, ...] = Field(default=(), max_length=100)
    period: SessionPeriod
    term: int = Field(ge=1, le=99)
    session_label: str = Field(default="", max_length=100)


class TakeUpReferral(CountyCommand):
    """A township routes a voter's opinion to a deputy to take up: the deputy's suggestion, between sessions."""

    step = "take_up_referral"

    referral_id: UUID
    opinion_id: UUID
    lead_deputy_id: UUID
    title: str
    content: str


class ReviewCreate(Command):
    decision: ReviewDecision
    ground: NotAcceptedGround | None = None
    note: str = Field(default="", max_length=2000)


class ReviewSuggestion(ReviewCreate, OnSuggestion):
    """Review a submission: accept it, ask for a revision, advise withdrawal, or not accept it (with the ground)."""

    step = "review"


class RevisionCreate(Command):
    title: str = Field(min_length=1, max_length=200)
    content: str = Field(min_length=1, max_length=20000)


class ReviseSuggestion(RevisionCreate, OnSuggestion):
    """Revise a suggestion as the review asked; it goes back to review."""

    step = "revise"


class WithdrawalCreate(Command):
    reason: str = Field(default="", max_length=2000)


class WithdrawSuggestion(WithdrawalCreate, OnSuggestion):
    """Withdraw a suggestion, at any time before it is closed."""

    step = "withdraw"


class RegistrationCreate(Command):
    number: str = Field(min_length=1, max_length=30)
    category: SuggestionCategory
    is_key: bool = False


class RegisterSuggestion(RegistrationCreate, OnSuggestion):
    """Register an accepted suggestion: its number, category, and whether it is a key suggestion."""

    step = "register"


class AssignmentCreate(Command):
    lead_unit_id: UUID
    co_unit_ids: tuple[UUID, ...] = Field(default=(), max_length=20)
    leader: str = Field(min_length=1, max_length=50)


class AssignSuggestion(AssignmentCreate, OnSuggestion):
    """Assign a suggestion (交办) to a lead unit and co-units, under the routing rule in force."""

    step = "assign"


class MergeCreate(Command):
    merged_with: UUID


class MergeSuggestion(MergeCreate, OnSuggestion):
    """Handle a suggestion together with another one (并案); each deputy is still answered on their own."""

    step = "merge"


class ExtensionDecisionCreate(Command):
    decision: Literal["approve", "decline"]
    reason: str = Field(default="", max_length=2000)


class DecideExtension(ExtensionDecisionCreate, OnSuggestion):
    """Approve or decline the lead unit's pending request for more time (a decline says why)."""

    step = "decide_extension"


class CloseCreate(Command):
    note: str = Field(default="", max_length=2000)


class CloseSuggestion(CloseCreate, OnSuggestion):
    """Close a suggestion (办结) once its reply has been rated."""

    step = "close"


class FollowUpCreate(Command):
    visited_on: date
    implemented: bool
    note: str = Field(default="", max_length=2000)


class FollowUpSuggestion(FollowUpCreate, OnSuggestion):
    """Visit the deputy after closure (回访) and record whether what was promised was done."""

    step = "follow_up"


class LookBackCreate(Command):
    year: int = Field(ge=2000, le=2100)


class SelectForLookBack(LookBackCreate, OnSuggestion):
    """Select a closed key suggestion for a year's look-back (回头看)."""

    step = "select_for_look_back"


class SupervisionCreate(Command):
    kind: SupervisionKind
    supervised_by: str = Field(min_length=1, max_length=100)
    note: str = Field(default="", max_length=2000)


class SuperviseSuggestion(SupervisionCreate, OnSuggestion):
    """Record a supervision action (督办) on a suggestion still being handled."""

    step = "supervise"


class OnSiteCheckCreate(Command):
    checked_on: date
    note: str = Field(default="", max_length=2000)


class CheckOnSite(OnSiteCheckCreate, OnSuggestion):
    """The deputy checks the handling on site."""

    step = "check_on_site"


class RatingCreate(Command):
    aspects: AspectRatings


class RateSuggestion(RatingCreate, OnSuggestion):
    """The lead deputy rates the reply on six aspects; 不满意 on the first reply starts re-handling."""

    step = "rate"
    case_fields: ClassVar[tuple[str, ...]] = ("suggestion_id", "deputy_id")

    deputy_id: UUID


class ReturnCreate(Command):
    reason: str = Field(min_length=1, max_length=2000)


class ReturnSuggestion(ReturnCreate, ByHandlingUnit):
    """The lead unit returns a suggestion outside its competence (退回), within 7 working days of assignment."""

    step = "return"


class ExtensionCreate(Command):
    months: int = Field(ge=1, le=3)
    reason: str = Field(min_length=1, max_length=2000)


class RequestExtension(ExtensionCreate, ByHandlingUnit):
    """The lead unit asks for more time on a complex suggestion, before its first reply."""

    step = "request_extension"


class ContactCreate(Command):
    stage: ContactStage
    method: ContactMethod
    contacted_on: date
    note: str = Field(default="", max_length=2000)


class LogContact(ContactCreate, ByHandlingUnit):
    """A lead or co-unit records a contact with the deputy (办前、办中、办后沟通)."""

    step = "log_contact"


class CoOpinionCreate(Command):
    opinion: str = Field(min_length=1, max_length=5000)


class GiveCoOpinion(CoOpinionCreate, ByHandlingUnit):
    """A co-unit gives its opinion to the lead unit, once."""

    step = "give_co_opinion"


class ReplyDraftCreate(Command):
    result: ReplyResult
    text: str = Field(min_length=1, max_length=20000)


class DraftReply(ReplyDraftCreate, ByHandlingUnit):
    """The lead unit drafts its reply letter; only issuing it counts as replying."""

    step = "draft_reply"


class ReplyCreate(Command):
    result: ReplyResult
    text: str = Field(min_length=1, max_length=20000)
    signed_by: str = Field(min_length=1, max_length=50, description="签发人")
    received_by: str = Field(min_length=1, max_length=50, description="签收人")
    received_by_deputy: bool = Field(description="代表本人签收；否则为代签")


class ReplyToSuggestion(ReplyCreate, ByHandlingUnit):
    """The lead unit issues its reply letter (答复函): the first, or the second after a 不满意 rating."""

    step = "reply"
