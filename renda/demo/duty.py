"""Demo duty record: station activities the demo deputies checked in at, activities the county recorded
once, the points rule set, and a first round of reviews — all through the services' use cases.

Every command carries an id derived from the demo's names, so seeding again changes nothing. The
station learns which deputies are attached from the county's events once its projection runs; the
seed runs before that, so it reads the attachments from the demo's own roster.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime, time
from uuid import UUID

from services.county.application.duty import (
    load_points_rule_set,
    publish_points_rule_set,
    record_duty_activity,
    review_duty_entries,
)
from services.county.application.duty_commands import PublishPointsRuleSet, RecordDutyActivity, ReviewDutyEntries
from services.county.domain.duty_record import duty_record_id
from services.county.projections.duty_ledger import entry_id
from services.station.adapters.reads import SqlStationReads
from services.station.application.commands import (
    COMMAND_HANDLERS,
    CheckIn,
    HoldReception,
    RequestLeave,
    ScheduleReception,
)
from services.station.application.context import StationContext
from shared.application import utc_now
from shared.calendar import CHINA, WorkingDayCalendar
from shared.calendar.activity_days import ActivitySchedule, activity_days
from shared.events.catalog.duty import (
    DutyActivityKind,
    LedgerItem,
    PointsCategory,
    PointsItem,
    ReviewStage,
    ReviewVerdict,
)
from shared.events.catalog.station import ActivityKind, ScheduleKind
from shared.privacy import ContactSealer
from shared.runtime import ServiceRuntime

ACTOR = "demo-seed"
COUNTY = "410327000000"
L = LedgerItem

# (day, who checked in, who asked for leave) at 东门社区's fixed days (每月5日、20日).
STATION_DAYS = (
    (date(2025, 3, 5), ("王建国", "李秀英"), ()),
    (date(2025, 4, 7), ("王建国",), ("李秀英",)),
    (date(2025, 5, 20), ("王建国", "李秀英"), ()),
    (date(2025, 7, 7), ("王建国",), ()),
    (date(2025, 9, 5), ("李秀英",), ("王建国",)),
    (date(2025, 11, 20), ("王建国", "李秀英"), ()),
    (date(2026, 3, 5), ("王建国", "李秀英"), ()),
    (date(2026, 5, 20), ("王建国",), ("李秀英",)),
    (date(2026, 8, 5), ("王建国", "李秀英"), ()),
    (date(2026, 10, 20), ("王建国",), ()),
)

DAYS_WITH_CHECK_INS = {day for day, _, _ in STATION_DAYS}
# "每月5日、20日（遇节假日顺延至后第一个工作日）", as every demo station keeps them.
DEMO_SCHEDULE = ActivitySchedule(kind=ScheduleKind.MONTHLY, days_of_month=(5, 20))
TOPICS = (
    ["道路维修", "路灯照明"],
    ["饮水安全", "农田灌溉"],
    ["学校周边交通", "校外培训"],
    ["农贸市场停车", "环境卫生"],
    ["养老服务", "医保缴费"],
)

# (kind, title, held on, organiser, attended, excused)
ACTIVITIES = (
    (
        DutyActivityKind.CONGRESS_SESSION,
        "县第十八届人民代表大会第五次会议",
        date(2025, 1, 8),
        "县人大常委会",
        ("王建国", "李秀英"),
        (),
    ),
    (
        DutyActivityKind.STANDING_MEETING,
        "县十八届人大常委会第十九次会议",
        date(2025, 4, 22),
        "县人大常委会办公室",
        ("王建国",),
        (),
    ),
    (
        DutyActivityKind.INSPECTION,
        "视察县城污水处理厂提标改造",
        date(2025, 6, 12),
        "县人大城建环保工委",
        ("王建国", "刘芳"),
        ("李秀英",),
    ),
    (
        DutyActivityKind.TRAINING,
        "县乡人大代表履职培训班",
        date(2025, 9, 16),
        "县人大常委会选任联工委",
        ("王建国", "李秀英", "张国强"),
        (),
    ),
    (
        DutyActivityKind.REPORT_TO_VOTERS,
        "东门社区选民述职评议会",
        date(2025, 11, 25),
        "城关镇人大主席团",
        ("王建国",),
        (),
    ),
    (
        DutyActivityKind.CONGRESS_SESSION,
        "县第十八届人民代表大会第六次会议",
        date(2026, 1, 10),
        "县人大常委会",
        ("王建国", "李秀英"),
        (),
    ),
    (
        DutyActivityKind.GROUP_ACTIVITY,
        "城关镇代表小组集中活动",
        date(2026, 3, 18),
        "城关镇人大主席团",
        ("王建国", "李秀英", "张国强"),
        (),
    ),
    (DutyActivityKind.SURVEY, "农村义务教育学校布局调研", date(2026, 6, 20), "县人大教科文卫工委", ("李秀英",), ()),
    (
        DutyActivityKind.STANDING_MEETING,
        "县十八届人大常委会第二十三次会议",
        date(2026, 10, 28),
        "县人大常委会办公室",
        ("李秀英",),
        ("王建国",),
    ),
)

RULE_SET = PublishPointsRuleSet(
    name="县人大代表履职积分办法（试行）",
    effective_from_year=2025,
    categories=(
        PointsCategory(
            code="meetings",
            name="参加会议",
            items=[
                PointsItem(item=L.CONGRESS_SESSION, points=10),
                PointsItem(item=L.STANDING_MEETING, points=5, cap=15),
            ],
            cap=30,
        ),
        PointsCategory(
            code="voters",
            name="联系群众",
            items=[
                PointsItem(item=L.STATION_RECEPTION, points=2, cap=24),
                PointsItem(item=L.OPINION_TAKEN, points=1, cap=10),
                PointsItem(item=L.REPORT_TO_VOTERS, points=10),
                PointsItem(item=L.LEAVE, points=-1, cap=5),
            ],
            cap=40,
        ),
        PointsCategory(
            code="inspections",
            name="视察调研",
            items=[
                PointsItem(item=L.INSPECTION, points=5),
                PointsItem(item=L.SURVEY, points=5),
                PointsItem(item=L.GROUP_ACTIVITY, points=3),
                PointsItem(item=L.ON_SITE_CHECK, points=3),
            ],
            cap=20,
        ),
        PointsCategory(code="training", name="学习培训", items=[PointsItem(item=L.TRAINING, points=5)], cap=10),
        PointsCategory(
            code="suggestions",
            name="提出建议",
            items=[
                PointsItem(item=L.SUGGESTION_LED, points=5),
                PointsItem(item=L.SUGGESTION_CO_SIGNED, points=2),
                PointsItem(item=L.RATING_GIVEN, points=1),
            ],
            cap=20,
        ),
    ),
    excellent_from=60,
    competent_from=30,
    talk_below=20,
    non_renomination_below=25,
)


class _SeedReads(SqlStationReads):
    """The station's reads, with the attachments of the demo roster the station has not yet heard of."""

    def __init__(self, runtime: ServiceRuntime, attached: Mapping[UUID, set[UUID]]) -> None:
        super().__init__(runtime.engine)
        self._attached = attached

    def attached_deputies(self, station_id: UUID) -> set[UUID]:
        return self._attached.get(station_id, set())


def _terminal(station: ServiceRuntime, reads: SqlStationReads, station_id: UUID) -> StationContext:
    """The demo station's terminal, as the seed runs its commands."""
    sealer = ContactSealer.from_setting(station.settings.platform.contact_key)
    return StationContext(
        commands=station.commands,
        reads=reads,
        sealer=sealer,
        actor=ACTOR,
        now=utc_now(),
        terminal_station_id=station_id,
    )


def seed_station_days(
    station: ServiceRuntime, *, station_id: UUID, attached: Mapping[UUID, set[UUID]], ids: Callable[[str], UUID]
) -> None:
    """Reception days at the demo station, with the check-ins and leaves the terminal recorded."""
    terminal = _terminal(station, _SeedReads(station, attached), station_id)
    for day, present, away in STATION_DAYS:
        at = datetime.combine(day, time(9, 30), tzinfo=CHINA)
        scheduled = ScheduleReception(
            command_id=ids(f"demo-reception-{day}"),
            occurred_at=at,
            kind=ActivityKind.RECEPTION_DAY,
            scheduled_on=day,
            title=f"{day.month}月{day.day}日代表接待日",
        )
        reception = COMMAND_HANDLERS.dispatch(scheduled, terminal).aggregate_id
        _hold(terminal, at, reception, day, ids=ids, key=f"demo-held-{day}")
        for name in present:
            check_in = CheckIn(
                command_id=ids(f"demo-check-in-{day}-{name}"),
                occurred_at=at,
                reception_id=reception,
                deputy_id=ids(name),
            )
            COMMAND_HANDLERS.dispatch(check_in, terminal)
        for name in away:
            leave = RequestLeave(
                command_id=ids(f"demo-leave-{day}-{name}"),
                occurred_at=at,
                reception_id=reception,
                deputy_id=ids(name),
                reason="外出开会",
            )
            COMMAND_HANDLERS.dispatch(leave, terminal)


def _hold(
    terminal: StationContext, at: datetime, reception: UUID, day: date, *, ids: Callable[[str], UUID], key: str
) -> None:
    held = HoldReception(
        command_id=ids(key),
        occurred_at=at,
        reception_id=reception,
        held_on=day,
        voters_received=6 + ids(key).int % 25,
        topics=TOPICS[day.month % len(TOPICS)],
        notes="代表接待选民，意见已登记。",
    )
    COMMAND_HANDLERS.dispatch(held, terminal)


def seed_fixed_days(
    station: ServiceRuntime, *, station_ids: list[UUID], ids: Callable[[str], UUID], today: date
) -> None:
    """This year's fixed activity days at every demo station up to yesterday: most held, a few missed."""
    reads = SqlStationReads(station.engine)
    calendar = WorkingDayCalendar()
    for station_id in station_ids:
        terminal = _terminal(station, reads, station_id)
        for month in range(1, today.month + 1):
            for fixed in activity_days(schedule=DEMO_SCHEDULE, year=today.year, month=month, calendar=calendar):
                day = fixed.held_on
                key = f"demo-fixed-{station_id}-{day}"
                if day >= today or day in DAYS_WITH_CHECK_INS or ids(key).int % 6 == 0:
                    continue  # one fixed day in six is missed, so the rates show something to follow up
                at = datetime.combine(day, time(9, 30), tzinfo=CHINA)
                scheduled = ScheduleReception(
                    command_id=ids(key),
                    occurred_at=at,
                    kind=ActivityKind.RECEPTION_DAY,
                    scheduled_on=day,
                    title=f"{day.month}月{day.day}日代表接待日",
                )
                reception = COMMAND_HANDLERS.dispatch(scheduled, terminal).aggregate_id
                _hold(terminal, at, reception, day, ids=ids, key=f"{key}-held")


def seed_county_duty(county: ServiceRuntime, *, ids: Callable[[str], UUID]) -> None:
    """The activities the county recorded, the rule set, and 王建国's 2025 entries reviewed by him and his group."""
    reviewed: list[UUID] = []
    for kind, title, held_on, organiser, attended, excused in ACTIVITIES:
        activity = RecordDutyActivity(
            command_id=ids(f"demo-duty-{title}"),
            kind=kind,
            title=title,
            held_on=held_on,
            organiser=organiser,
            attended=tuple(ids(name) for name in attended),
            excused=tuple(ids(name) for name in excused),
        )
        recorded = record_duty_activity(county.commands, actor=ACTOR, activity=activity, region_code=COUNTY)
        if held_on.year == 2025 and "王建国" in attended:
            reviewed.append(entry_id(recorded.event_ids[0], ids("王建国")))
    if not load_points_rule_set(county.commands, county_region_code=COUNTY).versions:
        publish_points_rule_set(county.commands, actor=ACTOR, county_region_code=COUNTY, draft=RULE_SET)
    wang = ids("王建国")
    if county.store.exists(duty_record_id(wang, 2025)):
        return
    for stage in (ReviewStage.SELF, ReviewStage.GROUP):
        review = ReviewDutyEntries(
            deputy_id=wang, year=2025, stage=stage, verdict=ReviewVerdict.CONFIRMED, entry_ids=tuple(reviewed)
        )
        review_duty_entries(county.commands, actor=ACTOR, review=review, region_code="410327100201")
