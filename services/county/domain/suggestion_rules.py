"""The states of a suggestion, what each step requires, and the named errors for steps that break a rule."""

from __future__ import annotations

from enum import Enum

from shared.errors import ConflictError, ForbiddenError, ValidationFailedError


class SuggestionStatus(str, Enum):
    SUBMITTED = "submitted"
    REVISION_REQUESTED = "revision_requested"
    WITHDRAWAL_ADVISED = "withdrawal_advised"
    NOT_ACCEPTED = "not_accepted"
    WITHDRAWN = "withdrawn"
    ACCEPTED = "accepted"
    REGISTERED = "registered"
    ASSIGNED = "assigned"
    RETURNED = "returned"
    REPLIED = "replied"
    REHANDLING = "rehandling"
    RATED = "rated"
    CLOSED = "closed"


CATEGORY_LABELS: dict[str, str] = {
    "agriculture": "农林水牧",
    "transport": "交通运输",
    "urban_construction": "城建环保",
    "education_culture_health": "教科文卫",
    "finance_economy": "财税经济",
    "social_affairs": "社会民政",
    "law_and_governance": "政法综合",
}

STATUS_LABELS: dict[SuggestionStatus, str] = {
    SuggestionStatus.SUBMITTED: "待审查",
    SuggestionStatus.REVISION_REQUESTED: "退回修改",
    SuggestionStatus.WITHDRAWAL_ADVISED: "建议撤回",
    SuggestionStatus.NOT_ACCEPTED: "不作为建议",
    SuggestionStatus.WITHDRAWN: "已撤回",
    SuggestionStatus.ACCEPTED: "已立案",
    SuggestionStatus.REGISTERED: "待交办",
    SuggestionStatus.ASSIGNED: "办理中",
    SuggestionStatus.RETURNED: "已退回待重新交办",
    SuggestionStatus.REPLIED: "已答复待测评",
    SuggestionStatus.REHANDLING: "重新办理中",
    SuggestionStatus.RATED: "已测评待办结",
    SuggestionStatus.CLOSED: "已办结",
}

FINISHED = frozenset({SuggestionStatus.NOT_ACCEPTED, SuggestionStatus.WITHDRAWN, SuggestionStatus.CLOSED})
IN_HANDLING = frozenset({SuggestionStatus.ASSIGNED, SuggestionStatus.REPLIED, SuggestionStatus.REHANDLING})
AWAITING_ASSIGNMENT = frozenset({SuggestionStatus.REGISTERED, SuggestionStatus.RETURNED})
AWAITING_REPLY = frozenset({SuggestionStatus.ASSIGNED, SuggestionStatus.REHANDLING})

STEP_LABELS: dict[str, str] = {
    "review": "审查",
    "revise": "修改",
    "withdraw": "撤回",
    "register": "登记",
    "assign": "交办",
    "return": "退回",
    "merge": "并案",
    "request_extension": "申请延期",
    "decide_extension": "审批延期",
    "log_contact": "记录沟通",
    "give_co_opinion": "提出协办意见",
    "draft_reply": "拟写答复",
    "reply": "答复",
    "check_on_site": "实地察看",
    "rate": "测评",
    "close": "办结",
    "follow_up": "回访",
    "select_for_look_back": "列入回头看",
    "supervise": "督办",
}


class SuggestionStepNotAllowedError(ConflictError):
    """Raised when a step is taken in a state that does not allow it (e.g. a reply before assignment)."""

    code = "SUGGESTION_STEP_NOT_ALLOWED"
    message = "当前状态不能执行此操作"

    def __init__(self, *, status: SuggestionStatus, step: str) -> None:
        super().__init__(f"建议当前状态为“{STATUS_LABELS[status]}”，不能{STEP_LABELS[step]}", field="status")


class NotAcceptedNeedsGroundError(ValidationFailedError):
    """Raised when a submission is not accepted as a suggestion without the ground for it."""

    code = "NOT_ACCEPTED_NEEDS_GROUND"
    message = "不作为建议处理的，须说明理由（不属职权范围、个人事项或无实质内容）"


class CoSignerIsLeadError(ValidationFailedError):
    """Raised when the lead deputy is also listed as a co-signer, or a co-signer twice."""

    code = "CO_SIGNER_INVALID"
    message = "附议代表不能包含领衔代表，也不能重复"


class LeadUnitAlsoCoUnitError(ValidationFailedError):
    """Raised when the lead unit is also listed as a co-unit, or a co-unit twice."""

    code = "CO_UNIT_INVALID"
    message = "协办单位不能包含主办单位，也不能重复"


class UnitOfAnotherCountyError(ValidationFailedError):
    """Raised when a suggestion is assigned to a unit that is not a handling unit of the suggestion's county."""

    code = "UNIT_OF_ANOTHER_COUNTY"
    message = "只能交办给本县（区）登记的承办单位"


class ReturnWindowClosedError(ConflictError):
    """Raised when a unit returns a suggestion after the 7 working days allowed for it."""

    code = "RETURN_WINDOW_CLOSED"
    message = "已超过交办后7个工作日的退回期限，不能退回"


class NotTheLeadUnitError(ForbiddenError):
    """Raised when a unit other than the lead unit returns, drafts, replies or asks for an extension."""

    code = "NOT_THE_LEAD_UNIT"
    message = "只有主办单位可以执行此操作"


class NotAnAssignedUnitError(ForbiddenError):
    """Raised when a unit the suggestion was not assigned to acts on it."""

    code = "NOT_AN_ASSIGNED_UNIT"
    message = "该建议未交本单位办理"


class NotACoUnitError(ForbiddenError):
    """Raised when a unit that is not a co-unit gives a co-unit opinion."""

    code = "NOT_A_CO_UNIT"
    message = "只有协办单位可以提出协办意见"


class CoOpinionAlreadyGivenError(ConflictError):
    """Raised when a co-unit gives its opinion a second time."""

    code = "CO_OPINION_ALREADY_GIVEN"
    message = "本单位已提出协办意见"


class ExtensionLimitExceededError(ConflictError):
    """Raised when extensions would take the reply past 6 months from assignment."""

    code = "EXTENSION_LIMIT_EXCEEDED"
    message = "延期后答复期限不能超过交办之日起6个月"


class ExtensionAlreadyPendingError(ConflictError):
    """Raised when an extension is requested while another request awaits a decision."""

    code = "EXTENSION_ALREADY_PENDING"
    message = "已有延期申请待审批"


class DeclineNeedsReasonError(ValidationFailedError):
    """Raised when an extension request is declined without the reason."""

    code = "DECLINE_NEEDS_REASON"
    message = "不同意延期须说明理由"


class NoExtensionPendingError(ConflictError):
    """Raised when an extension is approved or declined with no request pending."""

    code = "NO_EXTENSION_PENDING"
    message = "没有待审批的延期申请"


class NotTheLeadDeputyError(ForbiddenError):
    """Raised when someone other than the lead deputy rates the reply."""

    code = "NOT_THE_LEAD_DEPUTY"
    message = "只有领衔代表本人可以测评"


class MergeWithItselfError(ValidationFailedError):
    """Raised when a suggestion is merged with itself."""

    code = "MERGE_WITH_ITSELF"
    message = "不能与自身并案"


class AlreadyMergedError(ConflictError):
    """Raised when a suggestion that is already merged is merged again."""

    code = "ALREADY_MERGED"
    message = "该建议已并案办理"


class LookBackNeedsKeyError(ConflictError):
    """Raised when a suggestion that is not a key suggestion is selected for the look-back."""

    code = "LOOK_BACK_NEEDS_KEY"
    message = "只有重点建议可以列入“回头看”"


class AlreadySelectedForLookBackError(ConflictError):
    """Raised when a suggestion is selected for the look-back of a year twice."""

    code = "ALREADY_SELECTED_FOR_LOOK_BACK"
    message = "该建议已列入当年“回头看”"


class DateInFutureError(ValidationFailedError):
    """Raised when a contact, check or visit is dated after the day it is recorded."""

    code = "DATE_IN_FUTURE"
    message = "日期不能晚于记录当天"
