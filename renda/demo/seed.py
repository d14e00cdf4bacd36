"""Demo data for `make run`: accounts for every role, and a small roster and station network.

Seeding is idempotent: accounts are upserted, and the roster is seeded only into an empty store.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from uuid import NAMESPACE_URL, UUID, uuid5

from renda.demo.appointments import seed_appointments
from renda.demo.duty import DEMO_SCHEDULE, seed_county_duty, seed_fixed_days, seed_station_days
from renda.demo.regions import seed_regions
from renda.demo.suggestions import seed_suggestions, unit_id
from services.county.domain.deputy import Deputy, DeputyProfile
from services.station.adapters.device_keys import SqlDeviceKeys
from services.station.adapters.reads import SqlStationReads
from services.station.application.commands import COMMAND_HANDLERS, RecordOpinion, ReferToTownship, SolveOnSpot
from services.station.application.context import StationContext
from services.station.domain.station import Station
from shared.application import utc_now
from shared.auth import Role
from shared.calendar.china_time import china_date
from shared.events.catalog.county import DeputyLevel
from shared.events.catalog.station import OpinionChannel, StandardItem, StationKind
from shared.privacy import ContactSealer
from shared.runtime import ServiceRuntime

DEMO_PASSWORD = "renda-demo-2026"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: Role
    region_code: str
    display_name: str
    unit_id: str | None = None
    deputy_id: UUID | None = None
    station_id: UUID | None = None


def _id(name: str) -> UUID:
    # Stable ids, so a re-seed after `make clean` produces the same demo world.
    return uuid5(NAMESPACE_URL, f"renda-demo:{name}")


ACCOUNTS = (
    DemoAccount("county_admin", Role.COUNTY_STAFF, "410327000000", "县人大常委会选任联工委"),
    DemoAccount("township_cg", Role.TOWNSHIP_STAFF, "410327100000", "城关镇人大主席团"),
    DemoAccount(
        "liaison_dm",
        Role.STATION_LIAISON,
        "410327100201",
        "东门社区联络站联络员",
        station_id=_id("东门社区人大代表联络站"),
    ),
    DemoAccount("city_viewer", Role.CITY_VIEWER, "410300000000", "市人大常委会"),
    DemoAccount("auditor", Role.AUDITOR, "410300000000", "审计查看"),
    DemoAccount(
        "unit_zjj", Role.HANDLING_UNIT, "410327000000", "县住房和城乡建设局", unit_id=str(unit_id("县住房和城乡建设局"))
    ),
    DemoAccount("unit_jtj", Role.HANDLING_UNIT, "410327000000", "县交通运输局", unit_id=str(unit_id("县交通运输局"))),
    DemoAccount("deputy_wjg", Role.DEPUTY, "410327100201", "王建国代表", deputy_id=_id("王建国")),
    DemoAccount("deputy_lxy", Role.DEPUTY, "410327100202", "李秀英代表", deputy_id=_id("李秀英")),
)


STATIONS = (
    (
        "东门社区人大代表联络站",
        StationKind.COMMUNITY_ROOM,
        "东门社区党群服务中心",
        "410327100201",
        ["410327100201", "410327100202"],
    ),
    ("城关镇人大代表联络站", StationKind.TOWNSHIP_SEAT, "城关镇便民服务中心", "410327100203", ["410327100203"]),
    ("丰李镇人大代表联络站", StationKind.TOWNSHIP_SEAT, "丰李镇便民服务中心", "410327101201", ["410327101201"]),
    ("城西街道人大代表联络站", StationKind.STREET, "城西街道党群服务中心", "410328001201", ["410328001201"]),
)

# The township's last 九有 check: two stations meet the standard, one lacks its equipment and archive.
NINE_HAVES_MET: dict[str, list[StandardItem]] = {
    "东门社区人大代表联络站": list(StandardItem),
    "城关镇人大代表联络站": [
        item for item in StandardItem if item not in (StandardItem.EQUIPMENT, StandardItem.ARCHIVE)
    ],
    "丰李镇人大代表联络站": list(StandardItem),
    "城西街道人大代表联络站": list(StandardItem),
}

DEPUTIES = (
    ("王建国", DeputyLevel.COUNTY, "410327000000", "410327100201", "东门社区人大代表联络站", True, False),
    ("李秀英", DeputyLevel.COUNTY, "410327000000", "410327100202", "东门社区人大代表联络站", False, True),
    ("张国强", DeputyLevel.TOWNSHIP, "410327100000", "410327100203", "城关镇人大代表联络站", False, False),
    ("刘芳", DeputyLevel.CITY, "410300000000", "410327101201", "丰李镇人大代表联络站", False, False),
    ("陈伟", DeputyLevel.COUNTY, "410328000000", "410328001201", "城西街道人大代表联络站", True, True),
)


def seed_accounts(runtime: ServiceRuntime) -> None:
    for account in ACCOUNTS:
        runtime.accounts.create(
            username=account.username,
            password=DEMO_PASSWORD,
            role=account.role,
            region_code=account.region_code,
            display_name=account.display_name,
            unit_id=account.unit_id,
            deputy_id=account.deputy_id,
            station_id=account.station_id,
        )


def seed_stations(runtime: ServiceRuntime) -> None:
    if runtime.store.position() > 0:
        return
    stations = []
    checked_on = china_date(utc_now()) - timedelta(days=30)
    for name, kind, host, code, villages in STATIONS:
        ctx = runtime.commands.context(actor="demo-seed")
        station = Station.set_up(
            station_id=_id(name),
            name=name,
            kind=kind,
            host_place=host,
            region_code=code,
            villages_served=villages,
            ctx=ctx,
        )
        # "每月5日、20日（遇节假日顺延至后第一个工作日）"
        station.set_schedule(schedule=DEMO_SCHEDULE, ctx=ctx)
        station.check_standard(checked_on=checked_on, items_met=NINE_HAVES_MET[name], ctx=ctx)
        stations.append(station)
    runtime.store.save(*stations)


DEMO_OPINIONS = (
    ("道路交通", "东门路口红绿灯时间太短，老人过马路来不及", "张桂兰", "13812345678", "solve"),
    ("城乡建设", "东门路路灯不亮，夜间出行不便", "刘志强", "13987654321", "refer"),
    ("教育", "学校门口上下学时段拥堵，希望增设临时停车点", "陈玉梅", "0379-6123456", "refer"),
)


def seed_opinions(runtime: ServiceRuntime) -> None:
    """Three opinions at 东门社区: one solved on the spot, two referred to 城关镇 (once, into an empty ledger)."""
    name, *_ = STATIONS[0]
    station_id = _id(name)
    if runtime.store.exists(_id("demo-opinion-0")):
        return
    terminal = StationContext(
        commands=runtime.commands,
        reads=SqlStationReads(runtime.engine),
        sealer=ContactSealer.from_setting(runtime.settings.platform.contact_key),
        actor="demo-seed",
        now=utc_now(),
        terminal_station_id=station_id,
    )
    for index, (category, content, voter, phone, outcome) in enumerate(DEMO_OPINIONS):
        opinion = RecordOpinion(
            command_id=_id(f"demo-opinion-{index}"),
            channel=OpinionChannel.RECEPTION,
            category=category,
            content=content,
            place="东门社区",
            voter_name=voter,
            voter_phone=phone,
        )
        opinion_id = COMMAND_HANDLERS.dispatch(opinion, terminal).aggregate_id
        follow_up = _id(f"demo-opinion-{index}-handled")
        if outcome == "solve":
            solved = SolveOnSpot(
                command_id=follow_up, opinion_id=opinion_id, resolution="联系交警中队，已将绿灯时间延长至40秒"
            )
            COMMAND_HANDLERS.dispatch(solved, terminal)
        else:
            COMMAND_HANDLERS.dispatch(ReferToTownship(command_id=follow_up, opinion_id=opinion_id), terminal)


def demo_terminal_key(runtime: ServiceRuntime, *, var_dir: Path) -> str:
    """The demo station's terminal key: issued once, kept in var/ so `make run` can print it every time.

    Only the demo does this; a real key's plaintext is shown once at issuance and never stored.
    """
    path = var_dir / "demo-terminal-key.txt"
    if path.exists():
        return path.read_text().strip()
    name, _, _, code, _ = STATIONS[0]
    key = SqlDeviceKeys(runtime.engine).issue(station_id=_id(name), region_code=code, label="演示终端")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(key.plaintext)
    return key.plaintext


def seed_roster(runtime: ServiceRuntime) -> None:
    if runtime.store.position() > 0:
        return
    station_codes = {name: code for name, _, _, code, _ in STATIONS}
    deputies = []
    for name, level, congress, resident, station, leading, public in DEPUTIES:
        ctx = runtime.commands.context(actor="demo-seed")
        profile = DeputyProfile(
            name=name,
            level=level,
            term=18 if level is not DeputyLevel.TOWNSHIP else 19,
            congress_region_code=congress,
            resident_region_code=resident,
            elected_on=date(2021, 11, 1),
            holds_leading_office=leading,
            is_public_servant=public,
        )
        deputy = Deputy.elect(deputy_id=_id(name), profile=profile, ctx=ctx)
        deputy.attach_to_station(station_id=_id(station), station_region_code=station_codes[station], ctx=ctx)
        deputies.append(deputy)
    runtime.store.save(*deputies)


def _attachments() -> dict[UUID, set[UUID]]:
    """The demo roster's deputies by the station they are attached to."""
    attached: dict[UUID, set[UUID]] = {}
    for name, *_, station, _leading, _public in DEPUTIES:
        attached.setdefault(_id(station), set()).add(_id(name))
    return attached


def seed(runtimes: dict[str, ServiceRuntime]) -> None:
    """Accounts in every service; the roster in the county, the stations in the station service."""
    for runtime in runtimes.values():
        seed_accounts(runtime)
    seed_roster(runtimes["county"])
    seed_suggestions(runtimes["county"], deputy=_id)
    seed_appointments(runtimes["county"])
    seed_county_duty(runtimes["county"], ids=_id)
    seed_regions(runtimes["county"])
    seed_stations(runtimes["station"])
    seed_opinions(runtimes["station"])
    seed_station_days(runtimes["station"], station_id=_id(STATIONS[0][0]), attached=_attachments(), ids=_id)
    seed_fixed_days(
        runtimes["station"], station_ids=[_id(name) for name, *_ in STATIONS], ids=_id, today=china_date(utc_now())
    )


def seed_every_service() -> None:
    """`renda seed-demo`: the demo data in the three services the environment configures."""
    from renda.services import SERVICES

    seed({name: entry.build_runtime() for name, entry in SERVICES.items()})
