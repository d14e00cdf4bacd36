"""A station with a terminal key in a fresh station database, and the opinions its terminal uploads."""

from __future__ import annotations

import uuid


def opinion(index: int) -> dict[str, object]:
    """The terminal's `record_opinion` command, numbered `index`."""
    return {
        "type": "record_opinion",
        "command_id": str(uuid.uuid4()),
        "category": "城乡建设",
        "content": f"第{index}号意见：村道破损，雨天积水，请求修缮",
        "place": "东门路",
        "voter_name": "张三",
        "voter_phone": "13812345678",
    }


def prepare_station(url: str) -> tuple[str, str]:
    """A station and a device key in a fresh station database, as the service will find them."""
    from sqlalchemy.orm import Session

    from services.station.adapters.device_keys import SqlDeviceKeys
    from services.station.config import StationSettings
    from services.station.domain.station import Station
    from services.station.projections.directory import DIRECTORY
    from shared.events.catalog.station import StationKind
    from shared.runtime import ServiceRuntime

    runtime = ServiceRuntime(settings=StationSettings(event_store_url=url, database_url=url), projections=[DIRECTORY])
    station = Station.set_up(
        station_id=uuid.uuid4(),
        name="基准测试联络站",
        kind=StationKind.COMMUNITY_ROOM,
        host_place="",
        region_code="410327100201",
        villages_served=[],
        ctx=runtime.commands.context(actor="bench"),
    )
    [event] = station.collect_events()
    runtime.store.append([event])
    with Session(runtime.engine) as session, session.begin():
        DIRECTORY.handlers[event.event_type](session, event)
    key = SqlDeviceKeys(runtime.engine).issue(station_id=station.id, region_code="410327100201", label="bench")
    runtime.close()
    return str(station.id), key.plaintext
