"""Suggestion rules and clocks (`domain.md` §3, §6): given events, when a command, then the events or the refusal."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

import pytest

from services.county.domain.routing_rule import NoRoutingRuleError, RoutingRule
from services.county.domain.suggestion import Reply, Submission, Suggestion
from services.county.domain.suggestion_rules import (
    AlreadySelectedForLookBackError,
    CoOpinionAlreadyGivenError,
    CoSignerIsLeadError,
    DateInFutureError,
    DeclineNeedsReasonError,
    ExtensionLimitExceededError,
    LeadUnitAlsoCoUnitError,
    LookBackNeedsKeyError,
    NotAcceptedNeedsGroundError,
    NotACoUnitError,
    NotAnAssignedUnitError,
    NotTheLeadDeputyError,
    NotTheLeadUnitError,
    ReturnWindowClosedError,
    SuggestionStatus,
    SuggestionStepNotAllowedError,
)
from shared.aggregate import CommandContext
from shared.calendar import WorkingDayCalendar
from shared.events.catalog.suggestion import (
    AspectRatings,
    ContactMethod,
    ContactStage,
    NotAcceptedGround,
    ReplyResult,
    ReviewDecision,
    Satisfaction,
    SessionPeriod,
    SuggestionAssigned,
    SuggestionCategory,
    SuggestionExtensionApproved,
    SuggestionRated,
    SuggestionReplied,
    SuggestionSubmitted,
    SupervisionKind,
)
from tests.support.context import context

CALENDAR = WorkingDayCalendar()
RULE = RoutingRule.start(rule_id=UUID(int=50))
RULE.publish(
    bodies=dict.fromkeys(SuggestionCategory, "城建环保工委"),
    effective_from=date(2026, 1, 1),
    region_code="410327000000",
    ctx=context(),
)
DEPUTY = UUID(int=1)
OTHER_DEPUTY = UUID(int=2)
LEAD_UNIT = UUID(int=10)
CO_UNIT = UUID(int=11)
OTHER_UNIT = UUID(int=12)


def on(day: date) -> CommandContext:
    """A command taken on a day in China (10:00 Beijing time)."""
    return context(occurred_at=datetime(day.year, day.month, day.day, 2, 0, tzinfo=UTC))


def submitted(
    *, received: date = date(2026, 9, 30), period: SessionPeriod = SessionPeriod.BETWEEN_SESSIONS
) -> Suggestion:
    submission = Submission(
        title="关于改善东门路照明的建议",
        content="东门路路灯长期不亮。",
        lead_deputy_id=DEPUTY,
        co_signer_ids=(OTHER_DEPUTY,),
        period=period,
        term=18,
    )
    return Suggestion.submit(
        suggestion_id=UUID(int=100),
        submission=submission,
        region_code="410327100201",
        calendar=CALENDAR,
        ctx=on(received),
    )


def registered(*, is_key: bool = False) -> Suggestion:
    suggestion = submitted()
    suggestion.review(decision=ReviewDecision.ACCEPTED, ground=None, note="", ctx=on(date(2026, 9, 30)))
    suggestion.register(
        number="2026-018", category=SuggestionCategory.URBAN_CONSTRUCTION, is_key=is_key, ctx=on(date(2026, 9, 30))
    )
    return suggestion


def assign(suggestion: Suggestion, *, day: date = date(2026, 9, 29), co_units: tuple[UUID, ...] = (CO_UNIT,)) -> None:
    suggestion.assign(
        lead_unit_id=LEAD_UNIT,
        lead_unit_name="县住房和城乡建设局",
        vice_governor="李副县长",
        co_unit_ids=co_units,
        leader="李副县长",
        rule=RULE,
        calendar=CALENDAR,
        ctx=on(day),
    )


def assigned(**changes: Any) -> Suggestion:
    suggestion = registered(**changes)
    assign(suggestion)
    return suggestion


LETTER = Reply(
    result=ReplyResult.PLANNED,
    text="已列入明年城区亮化工程。",
    signed_by="张局长",
    received_by="王建国",
    received_by_deputy=True,
)


def replied(**changes: Any) -> Suggestion:
    suggestion = assigned(**changes)
    suggestion.reply(unit_id=LEAD_UNIT, letter=LETTER, ctx=on(date(2026, 11, 2)))
    return suggestion


def ratings(overall: Satisfaction) -> AspectRatings:
    good = Satisfaction.SATISFIED
    return AspectRatings(
        leadership=good, attitude=good, communication=good, reply_quality=good, implementation=overall, overall=overall
    )


def rate(suggestion: Suggestion, overall: Satisfaction, *, day: date = date(2026, 11, 20)) -> None:
    suggestion.rate(deputy_id=DEPUTY, aspects=ratings(overall), calendar=CALENDAR, ctx=on(day))


def last_event(suggestion: Suggestion) -> Any:
    return suggestion.pending_events()[-1].payload


def test_between_sessions_a_suggestion_must_be_assigned_within_five_working_days_over_national_day() -> None:
    payload = last_event(submitted(received=date(2026, 9, 30)))
    assert isinstance(payload, SuggestionSubmitted)
    # 10-01..10-07 off; Saturday 10-10 is a swapped working day.
    assert payload.assign_due == date(2026, 10, 13)
    assert payload.due_is_provisional is False


def test_during_a_session_no_assignment_clock_runs() -> None:
    assert last_event(submitted(period=SessionPeriod.DURING_SESSION)).assign_due is None


def test_the_lead_deputy_cannot_also_co_sign() -> None:
    submission = Submission(
        title="t",
        content="c",
        lead_deputy_id=DEPUTY,
        co_signer_ids=(DEPUTY,),
        period=SessionPeriod.DURING_SESSION,
        term=18,
    )
    with pytest.raises(CoSignerIsLeadError):
        Suggestion.submit(
            suggestion_id=UUID(int=100),
            submission=submission,
            region_code="410327100201",
            calendar=CALENDAR,
            ctx=on(date(2026, 9, 30)),
        )


def test_not_accepting_a_suggestion_requires_the_ground() -> None:
    suggestion = submitted()
    with pytest.raises(NotAcceptedNeedsGroundError):
        suggestion.review(decision=ReviewDecision.NOT_ACCEPTED, ground=None, note="", ctx=on(date(2026, 9, 30)))


def test_a_suggestion_not_accepted_cannot_be_registered() -> None:
    suggestion = submitted()
    suggestion.review(
        decision=ReviewDecision.NOT_ACCEPTED,
        ground=NotAcceptedGround.PERSONAL_MATTER,
        note="",
        ctx=on(date(2026, 9, 30)),
    )
    with pytest.raises(SuggestionStepNotAllowedError) as refused:
        suggestion.register(number="1", category=SuggestionCategory.TRANSPORT, is_key=False, ctx=on(date(2026, 9, 30)))
    assert refused.value.code == "SUGGESTION_STEP_NOT_ALLOWED"
    assert "不作为建议" in refused.value.message


def test_a_revision_request_sends_the_revised_suggestion_back_to_review() -> None:
    suggestion = submitted()
    suggestion.review(decision=ReviewDecision.REVISION_REQUESTED, ground=None, note="请补充", ctx=on(date(2026, 9, 30)))
    suggestion.revise(title="修改后", content="补充了路段", ctx=on(date(2026, 10, 8)))
    assert suggestion.status is SuggestionStatus.SUBMITTED


def test_a_deputy_may_withdraw_while_it_is_handled_but_not_after_closure() -> None:
    suggestion = assigned()
    suggestion.withdraw(reason="问题已解决", ctx=on(date(2026, 10, 9)))
    assert suggestion.status is SuggestionStatus.WITHDRAWN
    with pytest.raises(SuggestionStepNotAllowedError):
        suggestion.withdraw(reason="", ctx=on(date(2026, 10, 9)))


def test_a_reply_before_assignment_is_refused() -> None:
    with pytest.raises(SuggestionStepNotAllowedError):
        registered().reply(unit_id=LEAD_UNIT, letter=LETTER, ctx=on(date(2026, 10, 9)))


def test_assignment_sets_the_return_co_opinion_and_reply_clocks_over_national_day() -> None:
    payload = last_event(assigned())
    assert isinstance(payload, SuggestionAssigned)
    assert payload.return_due == date(2026, 10, 14)  # 7 working days after 09-29
    assert payload.co_opinion_due == date(2026, 10, 29)
    assert payload.reply_due == date(2026, 12, 29)
    assert (payload.supervising_body, payload.routing_rule_version) == ("城建环保工委", 1)


def test_a_suggestion_cannot_be_assigned_before_it_is_registered() -> None:
    with pytest.raises(SuggestionStepNotAllowedError):
        assign(submitted())


def test_no_suggestion_is_assigned_before_a_routing_rule_is_published() -> None:
    suggestion = registered()
    with pytest.raises(NoRoutingRuleError):
        suggestion.assign(
            lead_unit_id=LEAD_UNIT,
            lead_unit_name="县住房和城乡建设局",
            vice_governor="",
            co_unit_ids=(),
            leader="李副县长",
            rule=RoutingRule.start(rule_id=UUID(int=51)),
            calendar=CALENDAR,
            ctx=on(date(2026, 9, 29)),
        )


def test_an_extension_is_declined_only_with_the_reason() -> None:
    suggestion = assigned()
    suggestion.request_extension(unit_id=LEAD_UNIT, months=1, reason="复杂", ctx=on(date(2026, 12, 1)))
    with pytest.raises(DeclineNeedsReasonError):
        suggestion.decline_extension(reason=" ", ctx=on(date(2026, 12, 2)))


def test_the_lead_unit_cannot_also_be_a_co_unit() -> None:
    with pytest.raises(LeadUnitAlsoCoUnitError):
        assign(registered(), co_units=(LEAD_UNIT,))


def test_the_lead_unit_may_return_on_the_seventh_working_day() -> None:
    suggestion = assigned()
    suggestion.return_to_county(unit_id=LEAD_UNIT, reason="不属本单位职责", ctx=on(date(2026, 10, 14)))
    assert suggestion.status is SuggestionStatus.RETURNED


def test_a_return_after_seven_working_days_is_refused() -> None:
    with pytest.raises(ReturnWindowClosedError):
        assigned().return_to_county(unit_id=LEAD_UNIT, reason="不属本单位职责", ctx=on(date(2026, 10, 15)))


def test_a_co_unit_cannot_return_the_suggestion() -> None:
    with pytest.raises(NotTheLeadUnitError):
        assigned().return_to_county(unit_id=CO_UNIT, reason="x", ctx=on(date(2026, 10, 9)))


def test_a_returned_suggestion_is_reassigned_with_fresh_clocks() -> None:
    suggestion = assigned()
    suggestion.return_to_county(unit_id=LEAD_UNIT, reason="不属本单位职责", ctx=on(date(2026, 10, 9)))
    assign(suggestion, day=date(2026, 10, 12))
    assert last_event(suggestion).reply_due == date(2027, 1, 12)
    assert last_event(suggestion).due_is_provisional is True  # 2027 has no official schedule yet


def test_an_extension_moves_the_reply_to_six_months_and_no_further() -> None:
    suggestion = assigned()
    suggestion.request_extension(unit_id=LEAD_UNIT, months=3, reason="涉及年度预算", ctx=on(date(2026, 12, 1)))
    suggestion.approve_extension(calendar=CALENDAR, ctx=on(date(2026, 12, 2)))
    payload = last_event(suggestion)
    assert isinstance(payload, SuggestionExtensionApproved)
    assert payload.reply_due == date(2027, 3, 29)
    with pytest.raises(ExtensionLimitExceededError):
        suggestion.request_extension(unit_id=LEAD_UNIT, months=1, reason="再延", ctx=on(date(2027, 3, 1)))


def test_an_extension_beyond_three_months_is_refused() -> None:
    suggestion = assigned()
    suggestion.request_extension(unit_id=LEAD_UNIT, months=2, reason="复杂", ctx=on(date(2026, 12, 1)))
    suggestion.approve_extension(calendar=CALENDAR, ctx=on(date(2026, 12, 2)))
    with pytest.raises(ExtensionLimitExceededError):
        suggestion.request_extension(unit_id=LEAD_UNIT, months=2, reason="再延", ctx=on(date(2027, 1, 5)))


def test_only_an_assigned_unit_logs_contacts_and_none_dated_in_the_future() -> None:
    suggestion = assigned()
    with pytest.raises(NotAnAssignedUnitError):
        suggestion.log_contact(
            unit_id=OTHER_UNIT,
            stage=ContactStage.BEFORE,
            method=ContactMethod.IN_PERSON,
            contacted_on=date(2026, 10, 9),
            note="",
            ctx=on(date(2026, 10, 9)),
        )
    with pytest.raises(DateInFutureError):
        suggestion.log_contact(
            unit_id=LEAD_UNIT,
            stage=ContactStage.BEFORE,
            method=ContactMethod.IN_PERSON,
            contacted_on=date(2026, 10, 10),
            note="",
            ctx=on(date(2026, 10, 9)),
        )


def test_a_co_unit_gives_its_opinion_once_and_the_lead_unit_none() -> None:
    suggestion = assigned()
    suggestion.give_co_opinion(unit_id=CO_UNIT, opinion="同意", ctx=on(date(2026, 10, 20)))
    with pytest.raises(CoOpinionAlreadyGivenError):
        suggestion.give_co_opinion(unit_id=CO_UNIT, opinion="再次", ctx=on(date(2026, 10, 21)))
    with pytest.raises(NotACoUnitError):
        suggestion.give_co_opinion(unit_id=LEAD_UNIT, opinion="主办", ctx=on(date(2026, 10, 21)))


def test_a_draft_is_not_a_reply() -> None:
    suggestion = assigned()
    suggestion.draft_reply(unit_id=LEAD_UNIT, result=ReplyResult.SOLVED, text="草稿", ctx=on(date(2026, 10, 20)))
    assert suggestion.status is SuggestionStatus.ASSIGNED


def test_the_reply_records_who_signed_it_and_who_signed_for_it() -> None:
    payload = last_event(replied())
    assert isinstance(payload, SuggestionReplied)
    assert (payload.round, payload.signed_by, payload.received_by, payload.received_by_deputy) == (
        1,
        "张局长",
        "王建国",
        True,
    )
    assert payload.replied_on == date(2026, 11, 2)


def test_only_the_lead_deputy_rates_the_reply() -> None:
    with pytest.raises(NotTheLeadDeputyError):
        replied().rate(
            deputy_id=OTHER_DEPUTY,
            aspects=ratings(Satisfaction.SATISFIED),
            calendar=CALENDAR,
            ctx=on(date(2026, 11, 20)),
        )


def test_unsatisfied_starts_re_handling_with_a_one_month_clock_rolled_past_the_weekend() -> None:
    suggestion = replied()
    rate(suggestion, Satisfaction.UNSATISFIED, day=date(2026, 11, 20))
    payload = last_event(suggestion)
    assert isinstance(payload, SuggestionRated)
    assert payload.second_reply_due == date(2026, 12, 21)  # 12-20 is a Sunday
    assert suggestion.status is SuggestionStatus.REHANDLING


def test_a_re_handled_suggestion_is_replied_again_rated_again_and_closed() -> None:
    suggestion = replied()
    rate(suggestion, Satisfaction.UNSATISFIED)
    suggestion.reply(unit_id=LEAD_UNIT, letter=LETTER, ctx=on(date(2026, 12, 10)))
    assert last_event(suggestion).round == 2
    rate(suggestion, Satisfaction.UNSATISFIED, day=date(2026, 12, 15))
    assert last_event(suggestion).second_reply_due is None  # no third round
    suggestion.close(note="", ctx=on(date(2026, 12, 16)))
    assert suggestion.status is SuggestionStatus.CLOSED


def test_a_suggestion_cannot_be_closed_before_it_is_rated() -> None:
    with pytest.raises(SuggestionStepNotAllowedError):
        replied().close(note="", ctx=on(date(2026, 11, 3)))


def test_only_a_closed_key_suggestion_is_selected_for_the_look_back_once_a_year() -> None:
    ordinary = replied()
    rate(ordinary, Satisfaction.SATISFIED)
    ordinary.close(note="", ctx=on(date(2026, 11, 21)))
    with pytest.raises(LookBackNeedsKeyError):
        ordinary.select_for_look_back(year=2027, ctx=on(date(2026, 11, 21)))
    key = replied(is_key=True)
    rate(key, Satisfaction.BASICALLY_SATISFIED)
    key.close(note="", ctx=on(date(2026, 11, 21)))
    key.select_for_look_back(year=2027, ctx=on(date(2026, 11, 21)))
    with pytest.raises(AlreadySelectedForLookBackError):
        key.select_for_look_back(year=2027, ctx=on(date(2026, 11, 21)))


def test_supervision_is_recorded_only_while_the_suggestion_is_handled() -> None:
    suggestion = assigned()
    suggestion.supervise(kind=SupervisionKind.PHONE, supervised_by="城建环保工委", note="", ctx=on(date(2026, 12, 1)))
    assert last_event(suggestion).supervised_on == date(2026, 12, 1)
    suggestion.reply(unit_id=LEAD_UNIT, letter=LETTER, ctx=on(date(2026, 12, 2)))
    with pytest.raises(SuggestionStepNotAllowedError):
        suggestion.supervise(kind=SupervisionKind.PHONE, supervised_by="x", note="", ctx=on(date(2026, 12, 3)))


def test_replay_gives_the_same_state_as_the_commands() -> None:
    suggestion = replied()
    rate(suggestion, Satisfaction.UNSATISFIED)
    replayed = Suggestion.rehydrate(aggregate_id=suggestion.id, events=suggestion.pending_events())
    assert (replayed.status, replayed.reply_round, replayed.version) == (
        suggestion.status,
        suggestion.reply_round,
        suggestion.version,
    )
