"""Demo handling units, the routing rule, and suggestions in every state, through the county's use cases.

Every step carries a command id derived from the demo's names, so seeding again changes nothing; steps
are dated in the past (business time), so the tracking list shows green, yellow and red clocks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from services.county.application.handling_unit_commands import PublishRoutingRule, RegisterHandlingUnit
from services.county.application.handling_units import publish_routing_rule, register_handling_unit
from services.county.application.suggestion_commands import AssignSuggestion
from services.county.application.suggestions import act_on_suggestion, assign_suggestion, submit_suggestion
from services.county.domain.routing_rule import routing_rule_id
from services.county.domain.suggestion import Reply, Submission, Suggestion
from shared.aggregate import CommandContext, Recorded
from shared.application import derived_id, utc_now
from shared.calendar import CHINA, WorkingDayCalendar, china_date
from shared.events.catalog.handling import HandlingUnitKind
from shared.events.catalog.suggestion import (
    AspectRatings,
    ContactMethod,
    ContactStage,
    NotAcceptedGround,
    ReplyResult,
    ReviewDecision,
    Satisfaction,
    SessionPeriod,
    SuggestionCategory,
    SupervisionKind,
)
from shared.runtime import ServiceRuntime

ACTOR = "demo-seed"
COUNTY = "410327000000"

UNITS = (
    ("县住房和城乡建设局", HandlingUnitKind.GOVERNMENT_DEPARTMENT, "张立新", "李卫东"),
    ("县交通运输局", HandlingUnitKind.GOVERNMENT_DEPARTMENT, "赵国庆", "李卫东"),
    ("县教育局", HandlingUnitKind.GOVERNMENT_DEPARTMENT, "周文博", "孙慧敏"),
    ("县农业农村局", HandlingUnitKind.GOVERNMENT_DEPARTMENT, "马建军", "孙慧敏"),
    ("县卫生健康委员会", HandlingUnitKind.GOVERNMENT_DEPARTMENT, "吴晓红", "孙慧敏"),
)

BODIES = {
    SuggestionCategory.AGRICULTURE: "农工委",
    SuggestionCategory.TRANSPORT: "城建环保工委",
    SuggestionCategory.URBAN_CONSTRUCTION: "城建环保工委",
    SuggestionCategory.EDUCATION_CULTURE_HEALTH: "教科文卫工委",
    SuggestionCategory.FINANCE_ECONOMY: "财经工委",
    SuggestionCategory.SOCIAL_AFFAIRS: "人事代表联络工委",
    SuggestionCategory.LAW_AND_GOVERNANCE: "法工委",
}


def _id(name: str) -> UUID:
    return uuid5(NAMESPACE_URL, f"renda-demo:{name}")


def unit_id(name: str) -> UUID:
    """The id the demo's registration of a unit creates (its command id is derived from the name)."""
    return derived_id(scope=UUID(int=0), kind="register_handling_unit", command_id=_id(f"unit:{name}"))


def _days_ago(today: date, days: int) -> datetime:
    """10:00 Beijing time, `days` before today."""
    return datetime.combine(today - timedelta(days=days), time(10, 0), CHINA).astimezone(UTC)


def _satisfaction(overall: Satisfaction) -> AspectRatings:
    return AspectRatings(
        leadership=Satisfaction.SATISFIED,
        attitude=Satisfaction.SATISFIED,
        communication=overall,
        reply_quality=overall,
        implementation=overall,
        overall=overall,
    )


@dataclass(frozen=True)
class _Case:
    """One demo suggestion, walked step by step on past days."""

    runtime: ServiceRuntime
    key: str
    suggestion_id: UUID
    today: date

    def at(self, days_ago: int) -> datetime:
        return _days_ago(self.today, days_ago)

    def step(self, name: str, days_ago: int, command: Callable[[Suggestion, CommandContext], None]) -> Recorded:
        return act_on_suggestion(
            self.runtime.commands,
            actor=ACTOR,
            suggestion_id=self.suggestion_id,
            step=name,
            command=command,
            command_id=_id(f"{self.key}:{name}:{days_ago}"),
            occurred_at=self.at(days_ago),
        )

    def accept(self, days_ago: int, *, number: str, category: SuggestionCategory, is_key: bool = False) -> None:
        self.step(
            "review", days_ago, lambda s, ctx: s.review(decision=ReviewDecision.ACCEPTED, ground=None, note="", ctx=ctx)
        )
        self.step(
            "register", days_ago, lambda s, ctx: s.register(number=number, category=category, is_key=is_key, ctx=ctx)
        )

    def assign(self, days_ago: int, unit: str, *co_units: str) -> None:
        assignment = AssignSuggestion(
            command_id=_id(f"{self.key}:assign:{days_ago}"),
            suggestion_id=self.suggestion_id,
            lead_unit_id=unit_id(unit),
            co_unit_ids=tuple(unit_id(name) for name in co_units),
            leader=next(vice for name, _, _, vice in UNITS if name == unit),
        )
        assign_suggestion(
            self.runtime.commands,
            assignment,
            actor=ACTOR,
            calendar=WorkingDayCalendar(),
            occurred_at=self.at(days_ago),
        )

    def meet(self, days_ago: int, unit: str) -> None:
        self.step(
            "log_contact",
            days_ago,
            lambda s, ctx: s.log_contact(
                unit_id=unit_id(unit),
                stage=ContactStage.BEFORE,
                method=ContactMethod.IN_PERSON,
                contacted_on=self.today - timedelta(days=days_ago),
                note="到代表所在社区面商办理方案",
                ctx=ctx,
            ),
        )

    def reply(self, days_ago: int, unit: str, result: ReplyResult, text: str, *, by_deputy: bool = True) -> None:
        letter = Reply(
            result=result,
            text=text,
            signed_by=next(head for name, _, head, _ in UNITS if name == unit),
            received_by="本人" if by_deputy else "社区工作人员（代签）",
            received_by_deputy=by_deputy,
        )
        self.step("reply", days_ago, lambda s, ctx: s.reply(unit_id=unit_id(unit), letter=letter, ctx=ctx))

    def rate(self, days_ago: int, deputy: UUID, overall: Satisfaction) -> None:
        aspects = _satisfaction(overall)
        self.step(
            "rate",
            days_ago,
            lambda s, ctx: s.rate(deputy_id=deputy, aspects=aspects, calendar=WorkingDayCalendar(), ctx=ctx),
        )


def seed_suggestions(runtime: ServiceRuntime, *, deputy: Callable[[str], UUID]) -> None:
    """Units, the rule, and a dozen suggestions from submission to closure (once; re-seeding is a no-op)."""
    commands = runtime.commands
    if runtime.store.exists(routing_rule_id(COUNTY)):
        return
    for name, kind, head, vice in UNITS:
        unit = RegisterHandlingUnit(command_id=_id(f"unit:{name}"), name=name, kind=kind, head=head, vice_governor=vice)
        register_handling_unit(commands, unit, actor=ACTOR, region_code=COUNTY)
    today = china_date(utc_now())
    rule = PublishRoutingRule(bodies=BODIES, effective_from=date(today.year, 1, 1))
    publish_routing_rule(commands, rule, actor=ACTOR, county_region_code=COUNTY)
    wang, li = deputy("王建国"), deputy("李秀英")

    def case(key: str, days_ago: int, title: str, content: str, lead: UUID, **more: Any) -> _Case:
        submission = Submission(
            title=title,
            content=content,
            lead_deputy_id=lead,
            period=more.pop("period", SessionPeriod.BETWEEN_SESSIONS),
            term=18,
            co_signer_ids=more.pop("co_signers", ()),
        )
        recorded = submit_suggestion(
            commands,
            actor=ACTOR,
            submission=submission,
            calendar=WorkingDayCalendar(),
            command_id=_id(f"suggestion:{key}"),
            occurred_at=_days_ago(today, days_ago),
        )
        return _Case(runtime, key, recorded.aggregate_id, today)

    case("new", 2, "关于在城关镇增设公共充电桩的建议", "城关镇新能源车辆增多，充电桩严重不足。", wang)

    personal = case("personal", 30, "关于解决本人子女入学问题的建议", "本人子女入学遇到困难。", li)
    personal.step(
        "review",
        28,
        lambda s, ctx: s.review(
            decision=ReviewDecision.NOT_ACCEPTED, ground=NotAcceptedGround.PERSONAL_MATTER, note="属个人事项", ctx=ctx
        ),
    )

    withdrawn = case("withdrawn", 40, "关于修缮东门社区活动室的建议", "社区活动室屋顶漏雨。", wang)
    withdrawn.step("withdraw", 35, lambda s, ctx: s.withdraw(reason="社区已自行修缮", ctx=ctx))

    waiting = case("waiting", 12, "关于规范城区校外培训机构的建议", "部分校外培训机构无证经营。", li)
    waiting.accept(11, number="2026-009", category=SuggestionCategory.EDUCATION_CULTURE_HEALTH)

    lamps = case(
        "lamps", 25, "关于改善东门路夜间照明的建议", "东门路路灯长期不亮，夜间出行不便。", wang, co_signers=(li,)
    )
    lamps.accept(24, number="2026-010", category=SuggestionCategory.URBAN_CONSTRUCTION, is_key=True)
    lamps.assign(22, "县住房和城乡建设局", "县交通运输局")
    lamps.meet(15, "县住房和城乡建设局")

    school = case("school", 110, "关于缓解城关一小上下学交通拥堵的建议", "学校门口上下学时段严重拥堵。", li)
    school.accept(108, number="2026-003", category=SuggestionCategory.EDUCATION_CULTURE_HEALTH)
    school.assign(105, "县教育局", "县交通运输局")
    school.step(
        "supervise",
        10,
        lambda s, ctx: s.supervise(kind=SupervisionKind.PHONE, supervised_by="教科文卫工委", note="电话催办", ctx=ctx),
    )

    returned = case("returned", 20, "关于加快农村公路养护的建议", "部分村道坑洼严重。", wang)
    returned.accept(19, number="2026-011", category=SuggestionCategory.TRANSPORT)
    returned.assign(18, "县住房和城乡建设局")
    returned.step(
        "return",
        15,
        lambda s, ctx: s.return_to_county(
            unit_id=unit_id("县住房和城乡建设局"), reason="农村公路由县交通运输局负责", ctx=ctx
        ),
    )

    water = case("water", 80, "关于实施丰李镇农村饮水提质工程的建议", "部分村庄饮水水质不达标。", li)
    water.accept(79, number="2026-005", category=SuggestionCategory.AGRICULTURE, is_key=True)
    water.assign(78, "县农业农村局")
    water.step(
        "request_extension",
        30,
        lambda s, ctx: s.request_extension(
            unit_id=unit_id("县农业农村局"), months=3, reason="工程需列入明年预算", ctx=ctx
        ),
    )
    water.step("decide_extension", 28, lambda s, ctx: s.approve_extension(calendar=WorkingDayCalendar(), ctx=ctx))

    market = case("market", 70, "关于规范城关农贸市场周边停车的建议", "农贸市场周边乱停乱放严重。", wang)
    market.accept(69, number="2026-006", category=SuggestionCategory.TRANSPORT)
    market.assign(68, "县交通运输局")
    market.meet(50, "县交通运输局")
    market.reply(5, "县交通运输局", ReplyResult.IN_PROGRESS, "已施划临时停车位120个，正在建设立体停车场。")

    bus = case("bus", 95, "关于增开城乡公交班次的建议", "偏远村组公交班次过少。", li)
    bus.accept(94, number="2026-004", category=SuggestionCategory.TRANSPORT)
    bus.assign(93, "县交通运输局")
    bus.reply(40, "县交通运输局", ReplyResult.FOR_REFERENCE, "将在条件成熟时研究。")
    bus.rate(30, li, Satisfaction.UNSATISFIED)

    fields = case(
        "fields", 150, "关于建设高标准农田的建议", "部分农田灌溉设施老化。", wang, period=SessionPeriod.DURING_SESSION
    )
    fields.accept(148, number="2026-001", category=SuggestionCategory.AGRICULTURE, is_key=True)
    fields.assign(140, "县农业农村局")
    fields.meet(120, "县农业农村局")
    fields.reply(90, "县农业农村局", ReplyResult.SOLVED, "已完成高标准农田建设5000亩。")
    fields.rate(85, wang, Satisfaction.SATISFIED)
    fields.step("close", 80, lambda s, ctx: s.close(note="", ctx=ctx))
    fields.step(
        "follow_up",
        20,
        lambda s, ctx: s.follow_up(
            visited_on=today - timedelta(days=20), implemented=True, note="灌溉设施已投入使用", ctx=ctx
        ),
    )
    fields.step("select_for_look_back", 10, lambda s, ctx: s.select_for_look_back(year=today.year + 1, ctx=ctx))

    clinic = case(
        "clinic", 140, "关于加强村卫生室建设的建议", "村卫生室设备陈旧。", li, period=SessionPeriod.DURING_SESSION
    )
    clinic.accept(139, number="2026-002", category=SuggestionCategory.EDUCATION_CULTURE_HEALTH)
    clinic.assign(135, "县卫生健康委员会")
    clinic.reply(60, "县卫生健康委员会", ReplyResult.PLANNED, "已列入明年卫生事业计划。", by_deputy=False)
    clinic.rate(55, li, Satisfaction.BASICALLY_SATISFIED)
    clinic.step("close", 50, lambda s, ctx: s.close(note="", ctx=ctx))
