"""Every county command and the one handler that runs it: routes and the referral intake dispatch through here.

The command classes live by concept in `<concept>_commands.py`, their handlers beside the use cases
they run; this map is the whole of the county's write side at a glance.
"""

from __future__ import annotations

from services.county.application import (
    appointment_steps,
    calendar,
    county_reports,
    deputies,
    duty,
    handling_units,
    regions,
    suggestion_steps,
    suggestions,
)
from services.county.application.appointment_commands import (
    CompleteAudit,
    HoldOathCeremony,
    HoldPreTalk,
    IntroduceAppointee,
    IssueCertificate,
    MakeStatement,
    PublishNotice,
    RecordBallot,
    RequestAppointment,
    ReviewPerformance,
    TakeExamBatch,
    TakeLawExam,
    VetAppointment,
)
from services.county.application.calendar_commands import LoadHolidaySchedule
from services.county.application.context import CountyContext
from services.county.application.county_report_commands import PublishCountyReport
from services.county.application.deputy_commands import (
    AttachDeputyToStation,
    ElectDeputy,
    JoinDeputyGroup,
    LeaveDeputyGroup,
    LeaveOffice,
)
from services.county.application.duty_commands import PublishPointsRuleSet, RecordDutyActivity, ReviewDutyEntries
from services.county.application.handling_unit_commands import PublishRoutingRule, RegisterHandlingUnit
from services.county.application.region_commands import (
    ChangeRegionKind,
    RegisterRegionUnit,
    RenameRegionUnit,
    ReparentRegionUnit,
)
from services.county.application.suggestion_commands import (
    AssignSuggestion,
    CheckOnSite,
    CloseSuggestion,
    DecideExtension,
    DraftReply,
    FollowUpSuggestion,
    GiveCoOpinion,
    LogContact,
    MergeSuggestion,
    RateSuggestion,
    RegisterSuggestion,
    ReplyToSuggestion,
    RequestExtension,
    ReturnSuggestion,
    ReviewSuggestion,
    ReviseSuggestion,
    SelectForLookBack,
    SubmitSuggestion,
    SuperviseSuggestion,
    TakeUpReferral,
    WithdrawSuggestion,
)
from shared.command_bus import CommandBus

COMMAND_HANDLERS: CommandBus[CountyContext] = (
    CommandBus[CountyContext]()
    # Suggestions (代表建议办理): submitted, steered by county staff, answered by units, rated by the deputy.
    .on(SubmitSuggestion, suggestions.submit)
    .on(TakeUpReferral, suggestions.take_up_referral)
    .on(ReviewSuggestion, suggestion_steps.review)
    .on(ReviseSuggestion, suggestion_steps.revise)
    .on(WithdrawSuggestion, suggestion_steps.withdraw)
    .on(RegisterSuggestion, suggestion_steps.register)
    .on(AssignSuggestion, suggestions.assign)
    .on(MergeSuggestion, suggestion_steps.merge)
    .on(DecideExtension, suggestion_steps.decide_extension)
    .on(CloseSuggestion, suggestion_steps.close)
    .on(FollowUpSuggestion, suggestion_steps.follow_up)
    .on(SelectForLookBack, suggestion_steps.select_for_look_back)
    .on(SuperviseSuggestion, suggestion_steps.supervise)
    .on(CheckOnSite, suggestion_steps.check_on_site)
    .on(RateSuggestion, suggestion_steps.rate)
    .on(ReturnSuggestion, suggestion_steps.return_to_county)
    .on(RequestExtension, suggestion_steps.request_extension)
    .on(LogContact, suggestion_steps.log_contact)
    .on(GiveCoOpinion, suggestion_steps.give_co_opinion)
    .on(DraftReply, suggestion_steps.draft_reply)
    .on(ReplyToSuggestion, suggestion_steps.reply)
    # Appointments (人事任免): from the request to the vote, then the certificate, the oath and the reviews.
    .on(RequestAppointment, appointment_steps.request)
    .on(VetAppointment, appointment_steps.vet)
    .on(HoldPreTalk, appointment_steps.hold_pre_talk)
    .on(PublishNotice, appointment_steps.publish_notice)
    .on(CompleteAudit, appointment_steps.complete_audit)
    .on(TakeLawExam, appointment_steps.take_law_exam)
    .on(TakeExamBatch, appointment_steps.sit_exam_batch)
    .on(IntroduceAppointee, appointment_steps.introduce)
    .on(MakeStatement, appointment_steps.make_statement)
    .on(RecordBallot, appointment_steps.record_ballot)
    .on(IssueCertificate, appointment_steps.issue_certificate)
    .on(HoldOathCeremony, appointment_steps.swear_in)
    .on(ReviewPerformance, appointment_steps.review_performance)
    # The deputy roster (代表名册).
    .on(ElectDeputy, deputies.elect)
    .on(AttachDeputyToStation, deputies.attach_to_station)
    .on(JoinDeputyGroup, deputies.join_group)
    .on(LeaveDeputyGroup, deputies.leave_group)
    .on(LeaveOffice, deputies.leave_office)
    # The region directory (区划目录).
    .on(RegisterRegionUnit, regions.register)
    .on(ReparentRegionUnit, regions.reparent)
    .on(ChangeRegionKind, regions.change_kind)
    .on(RenameRegionUnit, regions.rename)
    # The duty record (履职档案).
    .on(RecordDutyActivity, duty.record_activity)
    .on(PublishPointsRuleSet, duty.publish_rule_set)
    .on(ReviewDutyEntries, duty.review_entries)
    # What the cases rely on: the holiday calendar, the handling units and the routing rule.
    .on(LoadHolidaySchedule, calendar.load_holiday_schedule)
    .on(RegisterHandlingUnit, handling_units.register)
    .on(PublishRoutingRule, handling_units.publish)
    # The county's period report to the city (县级上报).
    .on(PublishCountyReport, county_reports.publish)
)
