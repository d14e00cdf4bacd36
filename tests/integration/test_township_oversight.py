"""Station → township: the township sees its stations, records supervision, and pushes live updates."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
import redis
from fastapi.testclient import TestClient

from renda.services import SERVICES
from shared.auth import Role
from shared.messaging.live import channel_for
from shared.runtime import ServiceRuntime
from tests.support.platform import running

pytestmark = pytest.mark.integration

MakeRuntime = Callable[[str], ServiceRuntime]


def _token(client: TestClient, runtime: ServiceRuntime, *, username: str, role: Role, region: str) -> dict[str, str]:
    runtime.accounts.create(username=username, password="correct horse 2026", role=role, region_code=region)
    response = client.post("/api/v1/auth/login", json={"username": username, "password": "correct horse 2026"})
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def test_a_township_sees_only_its_own_stations_and_records_supervision(
    make_runtime: MakeRuntime, redis_url: str
) -> None:
    station, township = make_runtime("station"), make_runtime("township")
    station_api = TestClient(SERVICES["station"].create_app(station))
    township_api = TestClient(SERVICES["township"].create_app(township))
    county_staff = _token(station_api, station, username="county", role=Role.COUNTY_STAFF, region="410327000000")
    chengguan = _token(township_api, township, username="cg", role=Role.TOWNSHIP_STAFF, region="410327100000")
    fengli = _token(township_api, township, username="fl", role=Role.TOWNSHIP_STAFF, region="410327101000")
    live = redis.Redis.from_url(redis_url).pubsub()
    live.subscribe(channel_for(namespace=township.settings.platform.redis_namespace, service="township"))

    with running(station, projections=False), running(township):
        ours = station_api.post(
            "/api/v1/stations",
            headers=county_staff,
            json={"name": "东门社区人大代表联络站", "kind": "community_room", "region_code": "410327100201"},
        ).json()
        theirs = station_api.post(
            "/api/v1/stations",
            headers=county_staff,
            json={"name": "丰李镇人大代表联络站", "kind": "township_seat", "region_code": "410327101201"},
        ).json()
        for created in (theirs, ours):
            synced = township_api.get(
                "/api/v1/stations", headers=chengguan, params={"wait_for": created["event_ids"][0]}
            )
            assert synced.status_code == 200, synced.text

        visit = township_api.post(
            f"/api/v1/stations/{ours['id']}/supervisions",
            headers=chengguan,
            json={"visited_on": "2026-11-20", "findings": "台账齐全，九有达标。"},
        )
        assert visit.status_code == 201, visit.text
        overview = township_api.get(
            "/api/v1/stations", headers=chengguan, params={"wait_for": visit.json()["event_ids"][0]}
        )
        refused = township_api.post(
            f"/api/v1/stations/{ours['id']}/supervisions",
            headers=fengli,
            json={"visited_on": "2026-11-20", "findings": "越界督导"},
        )

    assert [(s["name"], s["supervisions"], s["last_supervised_on"]) for s in overview.json()] == [
        ("东门社区人大代表联络站", 1, "2026-11-20")
    ]
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "FORBIDDEN"
    notices = [n for n in _notices(live) if n["projection"] == "township.oversight"]
    assert sum(n["applied"] for n in notices) == 3  # two stations set up, one supervision


def _notices(pubsub: redis.client.PubSub) -> list[dict[str, object]]:
    notices = []
    while (message := pubsub.get_message(timeout=1.0)) is not None:
        if message["type"] == "message":
            notices.append(json.loads(message["data"]))
    pubsub.close()
    return notices
