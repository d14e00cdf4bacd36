"""Events of a deputy's suggestion (代表建议、批评和意见) from submission to closure, `domain.md` §3."""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import ClassVar
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from shared.events import topics
from shared.events.envelope import EventPayload


class SessionPeriod(str, Enum):
    """Submitted during a session of the congress (大会期间) or between sessions (闭会期间)."""

    DURING_SESSION = "during_session"
    BETWEEN_SESSIONS = "between_sessions"


class SuggestionCategory(str, Enum):
    """The seven categories a suggestion is registered under."""

    AGRICULTURE = "agriculture"
    """农林水牧"""
    TRANSPORT = "transport"
    """交通运输"""
    URBAN_CONSTRUCTION = "urban_construction"
    """城建环保"""
    EDUCATION_CULTURE_HEALTH = "education_culture_health"
    """教科文卫"""
    FINANCE_ECONOMY = "finance_economy"
    """财税经济"""
    SOCIAL_AFFAIRS = "social_affairs"
    """社会民政"""
    LAW_AND_GOVERNANCE = "law_and_governance"
    """政法综合"""


class ReviewDecision(str, Enum):
    """The outcome of reviewing a submitted suggestion one by one."""

    ACCEPTED = "accepted"
    REVISION_REQUESTED = "revision_requested"
    WITHDRAWAL_ADVISED = "withdrawal_advised"
    NOT_ACCEPTED = "not_accepted"


class NotAcceptedGround(str, Enum):
    """不作为建议: why a submission is not handled as a suggestion."""

    OUTSIDE_JURISDICTION = "outside_jurisdiction"
    PERSONAL_MATTER = "personal_matter"
    NO_REAL_CONTENT = "no_real_content"


class ContactStage(str, Enum):
    """三沟通: before, during and after handling."""

    BEFORE = "before"
    DURING = "during"
    AFTER = "after"


class ContactMethod(str, Enum):
    """How the unit reached the deputy; in person and meetings count as meeting the deputy (见面)."""

    IN_PERSON = "in_person"
    MEETING = "meeting"
    PHONE = "phone"
    WRITTEN = "written"


class ReplyResult(str, Enum):
    """The result class of a reply: A 已解决, B 正在解决 / 列入计划, C 留作参考."""

    SOLVED = "solved"
    IN_PROGRESS = "in_progress"
    PLANNED = "planned"
    FOR_REFERENCE = "for_reference"


class Satisfaction(str, Enum):
    """满意 / 基本满意 / 不满意."""

    SATISFIED = "satisfied"
    BASICALLY_SATISFIED = "basically_satisfied"
    UNSATISFIED = "unsatisfied"


class AspectRatings(BaseModel):
    """The six aspects a deputy rates (满意度测评); the overall one (综合评价) decides the result."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    leadership: Satisfaction = Field(description="组织领导")
    attitude: Satisfaction = Field(description="办理态度")
    communication: Satisfaction = Field(description="面商沟通")
    reply_quality: Satisfaction = Field(description="答复质量")
    implementation: Satisfaction = Field(description="落实情况")
    overall: Satisfaction = Field(description="综合评价")


class SupervisionKind(str, Enum):
    """督办 actions: 电话催办, 上门督办, 会议督办, 视察."""

    PHONE = "phone"
    VISIT = "visit"
    MEETING = "meeting"
    INSPECTION = "inspection"


class _SuggestionEvent(EventPayload):
    aggregate_type: ClassVar[str] = "Suggestion"
    topic: ClassVar[str] = topics.COUNTY_SUGGESTION


class SuggestionSubmitted(_SuggestionEvent):
    """A lead deputy (领衔代表) submitted a suggestion, with co-signers (附议), in or between sessions."""

    event_type: ClassVar[str] = "SuggestionSubmitted"

    title: str = Field(min_length=1, max_length=200)
    content: str = Field(min_length=1, max_length=20000)
    lead_deputy_id: UUID
    co_signer_ids: list[UUID] = Field(default_factory=list)
    period: SessionPeriod
    term: int = Field(ge=1, le=99, description="届次")
    session_label: str = Field(default="", max_length=100, description="e.g. 第十八届人大第三次会议")
    received_on: date
    assign_due: date | None = Field(default=None, description="Between sessions: assign within 5 working days.")
    due_is_provisional: bool = False
    source_referral_id: UUID | None = Field(default=None, description="The township referral it was taken up from.")
    source_opinion_id: UUID | None = Field(default=None, description="The station opinion behind that referral.")


class SuggestionReviewed(_SuggestionEvent):
    """The county reviewed a submission: accepted, revision requested, withdrawal advised or not accepted."""

    event_type: ClassVar[str] = "SuggestionReviewed"

    decision: ReviewDecision
    ground: NotAcceptedGround | None = None
    note: str = Field(default="", max_length=2000)


class SuggestionRevised(_SuggestionEvent):
    """The deputy revised the suggestion after a revision was requested; it is reviewed again."""

    event_type: ClassVar[str] = "SuggestionRevised"

    title: str = Field(min_length=1, max_length=200)
    content: str = Field(min_length=1, max_length=20000)


class SuggestionWithdrawn(_SuggestionEvent):
    """The deputy withdrew the suggestion before it was closed."""

    event_type: ClassVar[str] = "SuggestionWithdrawn"

    reason: str = Field(default="", max_length=2000)


class SuggestionRegistered(_SuggestionEvent):
    """The county registered an accepted suggestion: its number, category and whether it is a key one (重点建议)."""

    event_type: ClassVar[str] = "SuggestionRegistered"

    number: str = Field(min_length=1, max_length=30)
    category: SuggestionCategory
    is_key: bool = False


class SuggestionAssigned(_SuggestionEvent):
    """The county assigned (交办) the suggestion to a lead unit and co-units, with the leader and the clocks."""

    event_type: ClassVar[str] = "SuggestionAssigned"

    lead_unit_id: UUID
    lead_unit_name: str = Field(min_length=1, max_length=100)
    vice_governor: str = Field(default="", max_length=50, description="The vice-governor in charge of the lead unit.")
    co_unit_ids: list[UUID] = Field(default_factory=list)
    leader: str = Field(min_length=1, max_length=50, description="The leader in charge (分管领导).")
    supervising_body: str = Field(min_length=1, max_length=100, description="The working body that supervises it.")
    routing_rule_version: int = Field(ge=1)
    assigned_on: date
    return_due: date = Field(description="A unit that is not competent returns it by this day (7 working days).")
    co_opinion_due: date = Field(description="Co-units give their opinion by this day (1 month).")
    reply_due: date = Field(description="3 months from assignment.")
    due_is_provisional: bool = False


class SuggestionReturned(_SuggestionEvent):
    """The lead unit returned the suggestion as not within its competence (退回); it awaits reassignment."""

    event_type: ClassVar[str] = "SuggestionReturned"

    unit_id: UUID
    reason: str = Field(min_length=1, max_length=2000)


class SuggestionMerged(_SuggestionEvent):
    """The suggestion is handled together with another (并案); its deputy is still answered on its own."""

    event_type: ClassVar[str] = "SuggestionMerged"

    merged_with: UUID


class SuggestionExtensionRequested(_SuggestionEvent):
    """The lead unit asked for more time on a complex suggestion."""

    event_type: ClassVar[str] = "SuggestionExtensionRequested"

    unit_id: UUID
    months: int = Field(ge=1, le=3)
    reason: str = Field(min_length=1, max_length=2000)


class SuggestionExtensionApproved(_SuggestionEvent):
    """The county approved an extension: the reply is due later, at most 6 months from assignment."""

    event_type: ClassVar[str] = "SuggestionExtensionApproved"

    months: int = Field(ge=1, le=3)
    reply_due: date
    due_is_provisional: bool = False


class SuggestionExtensionDeclined(_SuggestionEvent):
    """The county declined an extension request; the reply stays due when it was."""

    event_type: ClassVar[str] = "SuggestionExtensionDeclined"

    reason: str = Field(min_length=1, max_length=2000)


class SuggestionContactLogged(_SuggestionEvent):
    """A unit contacted the deputy about the suggestion (三沟通: before, during, after)."""

    event_type: ClassVar[str] = "SuggestionContactLogged"

    unit_id: UUID
    stage: ContactStage
    method: ContactMethod
    contacted_on: date
    note: str = Field(default="", max_length=2000)


class CoUnitOpinionGiven(_SuggestionEvent):
    """A co-unit gave its opinion to the lead unit (within a month of assignment)."""

    event_type: ClassVar[str] = "CoUnitOpinionGiven"

    unit_id: UUID
    opinion: str = Field(min_length=1, max_length=5000)


class SuggestionReplyDrafted(_SuggestionEvent):
    """The lead unit drafted its reply (答复函 draft), not yet issued to the deputy."""

    event_type: ClassVar[str] = "SuggestionReplyDrafted"

    unit_id: UUID
    result: ReplyResult
    text: str = Field(min_length=1, max_length=20000)


class SuggestionReplied(_SuggestionEvent):
    """The lead unit issued its reply (答复函) with a result class, who signed it and who signed for it."""

    event_type: ClassVar[str] = "SuggestionReplied"

    unit_id: UUID
    unit_name: str = Field(min_length=1, max_length=100)
    round: int = Field(ge=1, le=2, description="1, or 2 for the second reply after 不满意.")
    result: ReplyResult
    text: str = Field(min_length=1, max_length=20000)
    signed_by: str = Field(min_length=1, max_length=50, description="签发人: the unit's head who signed the reply.")
    received_by: str = Field(min_length=1, max_length=50, description="Who signed for it on the deputy's side.")
    received_by_deputy: bool = Field(description="False when someone signed on the deputy's behalf (代签).")
    replied_on: date
    source_referral_id: UUID | None = Field(default=None, description="So the township can answer its voter.")


class SuggestionCheckedOnSite(_SuggestionEvent):
    """The deputy checked the handling on site (实地察看)."""

    event_type: ClassVar[str] = "SuggestionCheckedOnSite"

    checked_on: date
    note: str = Field(default="", max_length=2000)


class SuggestionRated(_SuggestionEvent):
    """The lead deputy rated a reply on the six aspects; 不满意 after the first reply starts re-handling."""

    event_type: ClassVar[str] = "SuggestionRated"

    round: int = Field(ge=1, le=2)
    deputy_id: UUID
    aspects: AspectRatings
    rated_on: date
    second_reply_due: date | None = Field(default=None, description="Set when the first reply is rated 不满意.")
    due_is_provisional: bool = False


class SuggestionClosed(_SuggestionEvent):
    """The county closed the suggestion (办结)."""

    event_type: ClassVar[str] = "SuggestionClosed"

    closed_on: date
    note: str = Field(default="", max_length=2000)


class SuggestionFollowedUp(_SuggestionEvent):
    """The county visited the deputy after closure (回访) and recorded whether what was promised was done."""

    event_type: ClassVar[str] = "SuggestionFollowedUp"

    visited_on: date
    implemented: bool
    note: str = Field(default="", max_length=2000)


class SuggestionSelectedForLookBack(_SuggestionEvent):
    """A closed key suggestion was selected for next year's look-back (回头看)."""

    event_type: ClassVar[str] = "SuggestionSelectedForLookBack"

    year: int = Field(ge=2000, le=2100)


class SuggestionSupervised(_SuggestionEvent):
    """A leader, working body or deputy pressed the unit on the suggestion (督办)."""

    event_type: ClassVar[str] = "SuggestionSupervised"

    kind: SupervisionKind
    supervised_by: str = Field(min_length=1, max_length=100)
    supervised_on: date
    note: str = Field(default="", max_length=2000)


EVENTS: tuple[type[EventPayload], ...] = (
    SuggestionSubmitted,
    SuggestionReviewed,
    SuggestionRevised,
    SuggestionWithdrawn,
    SuggestionRegistered,
    SuggestionAssigned,
    SuggestionReturned,
    SuggestionMerged,
    SuggestionExtensionRequested,
    SuggestionExtensionApproved,
    SuggestionExtensionDeclined,
    SuggestionContactLogged,
    CoUnitOpinionGiven,
    SuggestionReplyDrafted,
    SuggestionReplied,
    SuggestionCheckedOnSite,
    SuggestionRated,
    SuggestionClosed,
    SuggestionFollowedUp,
    SuggestionSelectedForLookBack,
    SuggestionSupervised,
)
