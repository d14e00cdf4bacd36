"""Bad input is refused with the platform's error (a code, a Chinese message, the field) and changes nothing.

Oversized bodies, malformed JSON, bodies in the wrong encoding, text PostgreSQL cannot store, impossible
region codes and impossible dates, each sent to the real apps on the seeded demo world; every event store
stays where it was, and so does the read model the request would have changed.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from shared.auth.dependencies import DEVICE_KEY_HEADER
from tests.support.paging import all_items
from tests.support.seeded_platform import DEMO_STATION, SeededPlatform, demo_uuid, seeded_platform, store_positions
from tests.support.servers import Postgres

pytestmark = pytest.mark.integration

LIMIT = 2 * 1024 * 1024


@pytest.fixture(scope="module")
def platform(postgres: Postgres, redis_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[SeededPlatform]:
    with seeded_platform(postgres=postgres, redis_url=redis_url, workdir=tmp_path_factory.mktemp("bad")) as seeded:
        yield seeded


@pytest.fixture(scope="module")
def county_admin(platform: SeededPlatform) -> dict[str, str]:
    return platform.bearer("county", "county_admin")


@pytest.fixture(scope="module")
def terminal(platform: SeededPlatform) -> dict[str, str]:
    return {DEVICE_KEY_HEADER: platform.terminal_key}


def _opinion(**changes: Any) -> dict[str, Any]:
    return {
        "command_id": str(uuid.uuid4()),
        "category": "道路交通",
        "content": "东门路口红绿灯时间太短",
        "place": "东门社区",
        "voter_name": "孙丽华",
        "voter_phone": "13700001111",
        **changes,
    }


def _deputy(**changes: Any) -> dict[str, Any]:
    return {
        "name": "赵明",
        "level": "county",
        "term": 18,
        "congress_region_code": "410327000000",
        "resident_region_code": "410327100201",
        "elected_on": "2021-11-01",
        **changes,
    }


def _opinion_count(platform: SeededPlatform, terminal: dict[str, str]) -> int:
    return len(all_items(platform.clients["station"], "/api/v1/terminal/ledger/opinions", headers=terminal))


def _roster_size(platform: SeededPlatform, county_admin: dict[str, str]) -> int:
    roster = platform.clients["county"].get("/api/v1/deputies", headers=county_admin, params={"limit": 500})
    assert roster.status_code == 200, roster.text
    return len(roster.json())


def _refused(response: Any, *, status: int, code: str, field: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    error: dict[str, Any] = response.json()["error"]
    assert error["code"] == code, error
    assert error["field"] == field, error
    assert any("\u4e00" <= char <= "\u9fff" for char in error["message"]), error
    return error


class Unchanged:
    """Store positions and a read model's size before a request, compared after it."""

    def __init__(self, platform: SeededPlatform, probe: Any) -> None:
        self.platform, self.probe = platform, probe
        self.positions, self.size = store_positions(platform), probe()

    def check(self) -> None:
        assert store_positions(self.platform) == self.positions
        assert self.probe() == self.size


@pytest.fixture
def opinions_unchanged(platform: SeededPlatform, terminal: dict[str, str]) -> Iterator[None]:
    unchanged = Unchanged(platform, lambda: _opinion_count(platform, terminal))
    yield
    unchanged.check()


@pytest.fixture
def roster_unchanged(platform: SeededPlatform, county_admin: dict[str, str]) -> Iterator[None]:
    unchanged = Unchanged(platform, lambda: _roster_size(platform, county_admin))
    yield
    unchanged.check()


def _station(platform: SeededPlatform) -> TestClient:
    return platform.clients["station"]


def test_a_body_over_the_limit_is_refused_with_413(
    platform: SeededPlatform, terminal: dict[str, str], opinions_unchanged: None
) -> None:
    body = json.dumps(_opinion(content="意" * (LIMIT // 3 + 1)), ensure_ascii=False).encode()
    response = _station(platform).post(
        "/api/v1/terminal/opinions", content=body, headers={**terminal, "Content-Type": "application/json"}
    )
    error = _refused(response, status=413, code="REQUEST_TOO_LARGE", field="body")
    assert str(LIMIT) in error["message"]


def test_a_streamed_body_over_the_limit_is_refused_with_413(
    platform: SeededPlatform, terminal: dict[str, str], opinions_unchanged: None
) -> None:
    # No Content-Length: the size is only known as the chunks arrive.
    def chunks() -> Iterator[bytes]:
        yield b'{"content": "'
        for _ in range(LIMIT // 65536 + 1):
            yield b"x" * 65536
        yield b'"}'

    response = _station(platform).post(
        "/api/v1/terminal/opinions", content=chunks(), headers={**terminal, "Content-Type": "application/json"}
    )
    _refused(response, status=413, code="REQUEST_TOO_LARGE", field="body")


def test_a_body_within_the_limit_is_accepted(platform: SeededPlatform, terminal: dict[str, str]) -> None:
    response = _station(platform).post("/api/v1/terminal/opinions", json=_opinion(), headers=terminal)
    assert response.status_code == 201, response.text
    # Projected before the next test counts the ledger.
    [event_id] = response.json()["event_ids"]
    ledger = _station(platform).get("/api/v1/terminal/ledger/opinions", params={"wait_for": event_id}, headers=terminal)
    assert ledger.status_code == 200, ledger.text


def test_malformed_json_is_refused_naming_the_body(
    platform: SeededPlatform, terminal: dict[str, str], opinions_unchanged: None
) -> None:
    response = _station(platform).post(
        "/api/v1/terminal/opinions",
        content=b'{"category": "\xe9\x81\x93\xe8\xb7\xaf", "content": ',
        headers={**terminal, "Content-Type": "application/json"},
    )
    error = _refused(response, status=422, code="VALIDATION_FAILED", field="body")
    assert "JSON" in error["message"]


def test_a_gbk_body_declared_as_utf8_is_refused(
    platform: SeededPlatform, terminal: dict[str, str], opinions_unchanged: None
) -> None:
    body = json.dumps(_opinion(), ensure_ascii=False).encode("gbk")
    response = _station(platform).post(
        "/api/v1/terminal/opinions",
        content=body,
        headers={**terminal, "Content-Type": "application/json; charset=utf-8"},
    )
    error = _refused(response, status=400, code="INVALID_ENCODING", field="body")
    assert "UTF-8" in error["message"]


def test_invalid_utf8_bytes_are_refused(
    platform: SeededPlatform, terminal: dict[str, str], opinions_unchanged: None
) -> None:
    body = json.dumps(_opinion(content="PLACEHOLDER")).encode().replace(b"PLACEHOLDER", b"\xff\xfe\xc3\x28")
    response = _station(platform).post(
        "/api/v1/terminal/opinions", content=body, headers={**terminal, "Content-Type": "application/json"}
    )
    _refused(response, status=400, code="INVALID_ENCODING", field="body")


def test_a_nul_character_in_text_is_refused_naming_the_field(
    platform: SeededPlatform, terminal: dict[str, str], opinions_unchanged: None
) -> None:
    response = _station(platform).post(
        "/api/v1/terminal/opinions", json=_opinion(content="路灯坏了\u0000"), headers=terminal
    )
    _refused(response, status=422, code="INVALID_CHARACTER", field="content")


def test_a_lone_surrogate_in_text_is_refused_naming_the_field(
    platform: SeededPlatform, terminal: dict[str, str], opinions_unchanged: None
) -> None:
    body = json.dumps(_opinion(voter_name="PLACEHOLDER")).replace("PLACEHOLDER", "\\ud800")
    response = _station(platform).post(
        "/api/v1/terminal/opinions", content=body, headers={**terminal, "Content-Type": "application/json"}
    )
    _refused(response, status=422, code="INVALID_CHARACTER", field="voter_name")


def test_a_nul_character_in_a_query_is_refused(platform: SeededPlatform, county_admin: dict[str, str]) -> None:
    response = platform.clients["county"].get("/api/v1/deputies?group=%E5%B0%8F%00", headers=county_admin)
    _refused(response, status=422, code="INVALID_CHARACTER", field="group")


def test_a_nul_character_in_a_login_is_refused(platform: SeededPlatform) -> None:
    response = platform.clients["county"].post(
        "/api/v1/auth/login", json={"username": "county_admin\u0000", "password": "x"}
    )
    _refused(response, status=422, code="INVALID_CHARACTER", field="username")


@pytest.mark.parametrize("code", ["4103271002", "4103271002011", "41032710020A", "０１０３２７１００２０１"])
def test_a_region_code_that_is_not_12_digits_is_refused(
    platform: SeededPlatform, county_admin: dict[str, str], roster_unchanged: None, code: str
) -> None:
    response = platform.clients["county"].post(
        "/api/v1/deputies", json=_deputy(resident_region_code=code), headers=county_admin
    )
    _refused(response, status=422, code="INVALID_REGION_CODE", field="resident_region_code")


def test_an_impossible_region_code_is_refused(
    platform: SeededPlatform, county_admin: dict[str, str], roster_unchanged: None
) -> None:
    # A village under no township: 410327 000 201.
    response = platform.clients["county"].post(
        "/api/v1/deputies", json=_deputy(resident_region_code="410327000201"), headers=county_admin
    )
    _refused(response, status=422, code="INVALID_REGION_CODE", field="resident_region_code")


def test_a_region_code_unknown_to_the_directory_is_not_found(
    platform: SeededPlatform, county_admin: dict[str, str]
) -> None:
    response = platform.clients["county"].get("/api/v1/regions/410327999000", headers=county_admin)
    _refused(response, status=404, code="NOT_FOUND", field="code")


def test_renaming_a_region_unknown_to_the_directory_changes_nothing(
    platform: SeededPlatform, county_admin: dict[str, str]
) -> None:
    before = store_positions(platform)
    response = platform.clients["county"].post(
        "/api/v1/regions/410327999000/rename", json={"name": "无此镇"}, headers=county_admin
    )
    assert response.status_code == 404, response.text
    assert response.json()["error"]["message"]
    assert store_positions(platform) == before


def test_an_election_dated_far_in_the_future_is_refused(
    platform: SeededPlatform, county_admin: dict[str, str], roster_unchanged: None
) -> None:
    response = platform.clients["county"].post(
        "/api/v1/deputies", json=_deputy(elected_on="2999-01-01"), headers=county_admin
    )
    _refused(response, status=422, code="DATE_IN_FUTURE", field="elected_on")


def test_leaving_office_before_the_term_began_is_refused(
    platform: SeededPlatform, county_admin: dict[str, str]
) -> None:
    before = store_positions(platform)
    response = platform.clients["county"].post(
        f"/api/v1/deputies/{demo_uuid('王建国')}/leave-office",
        json={"reason": "resigned", "left_on": "2001-01-01"},
        headers=county_admin,
    )
    _refused(response, status=422, code="LEFT_OFFICE_BEFORE_ELECTION", field="left_on")
    assert store_positions(platform) == before


def test_an_opinion_dated_far_in_the_future_is_refused(
    platform: SeededPlatform, terminal: dict[str, str], opinions_unchanged: None
) -> None:
    response = _station(platform).post(
        "/api/v1/terminal/opinions", json=_opinion(occurred_at="2999-01-01T09:00:00+08:00"), headers=terminal
    )
    _refused(response, status=422, code="OCCURRED_IN_FUTURE", field="occurred_at")


def test_a_duty_activity_before_the_deputys_term_is_refused(
    platform: SeededPlatform, county_admin: dict[str, str]
) -> None:
    before = store_positions(platform)
    response = platform.clients["county"].post(
        "/api/v1/duty/activities",
        json={
            "kind": "inspection",
            "title": "视察城关镇农贸市场",
            "held_on": "1990-05-01",
            "organiser": "县人大常委会",
            "attended": [str(demo_uuid("王建国"))],
        },
        headers=county_admin,
    )
    assert response.status_code in (409, 422), response.text
    error = response.json()["error"]
    assert error["field"] and error["message"] and error["code"]
    assert store_positions(platform) == before


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [("0001-01-01", "9999-12-31", "start"), ("1999-12-31", "2000-06-30", "start"), ("2001-01-01", "2026-12-31", "end")],
)
def test_a_roll_up_period_before_the_platform_or_longer_than_a_term_is_refused(
    platform: SeededPlatform, county_admin: dict[str, str], start: str, end: str, field: str
) -> None:
    # Each month of a period is a roll-up of its own: ten thousand years of them would hold the service.
    response = platform.clients["county"].get(
        "/api/v1/rollup/months", params={"start": start, "end": end}, headers=county_admin
    )
    _refused(response, status=422, code="PERIOD_OUT_OF_RANGE", field=field)


def test_a_station_summary_for_the_year_zero_is_refused(platform: SeededPlatform, terminal: dict[str, str]) -> None:
    response = _station(platform).get("/api/v1/terminal/summary", params={"month": "0000-01"}, headers=terminal)
    _refused(response, status=422, code="VALIDATION_FAILED", field="month")


@pytest.mark.parametrize(
    ("toward", "status", "code"),
    [("4103271", 422, "INVALID_REGION_CODE"), ("410327101000", 404, "NOT_FOUND")],
)
def test_a_roll_up_opened_toward_a_place_not_below_it_is_refused(
    platform: SeededPlatform, county_admin: dict[str, str], toward: str, status: int, code: str
) -> None:
    response = platform.clients["county"].get(
        "/api/v1/rollup",
        params={"start": "2026-01-01", "end": "2026-12-31", "code": "410327100000", "depth": 1, "toward": toward},
        headers=county_admin,
    )
    _refused(response, status=status, code=code, field="toward")


# Every list that grows with history, and who reads it here.
PAGED_LISTS = [
    pytest.param("county", "/api/v1/suggestions", "county_admin", id="suggestions"),
    pytest.param("county", "/api/v1/appointments", "county_admin", id="appointments"),
    pytest.param("county", f"/api/v1/deputies/{demo_uuid('王建国')}/ledger", "county_admin", id="duty record"),
    pytest.param("township", "/api/v1/referrals", "township_cg", id="township inbox"),
    pytest.param("station", f"/api/v1/stations/{DEMO_STATION}/ledger/receptions", "county_admin", id="receptions"),
    pytest.param("station", f"/api/v1/stations/{DEMO_STATION}/ledger/opinions", "county_admin", id="opinions"),
    pytest.param("station", "/api/v1/terminal/ledger/receptions", None, id="terminal receptions"),
    pytest.param("station", "/api/v1/terminal/ledger/opinions", None, id="terminal opinions"),
]


def _reader(platform: SeededPlatform, service: str, username: str | None) -> dict[str, str]:
    return {DEVICE_KEY_HEADER: platform.terminal_key} if username is None else platform.bearer(service, username)


@pytest.mark.parametrize(("service", "path", "username"), PAGED_LISTS)
def test_a_page_larger_than_the_maximum_is_refused_naming_the_limit(
    platform: SeededPlatform, service: str, path: str, username: str | None
) -> None:
    headers = _reader(platform, service, username)
    largest = platform.clients[service].get(path, params={"limit": 200}, headers=headers)
    assert largest.status_code == 200, largest.text

    response = platform.clients[service].get(path, params={"limit": 201}, headers=headers)

    _refused(response, status=422, code="VALIDATION_FAILED", field="limit")


@pytest.mark.parametrize(("service", "path", "username"), PAGED_LISTS)
def test_a_tampered_cursor_is_refused_and_the_one_handed_out_reads_the_next_page(
    platform: SeededPlatform, service: str, path: str, username: str | None
) -> None:
    headers = _reader(platform, service, username)
    first = platform.clients[service].get(path, params={"limit": 1}, headers=headers)
    assert first.status_code == 200, first.text
    cursor = first.json()["next_cursor"]
    assert cursor, "the demo has more than one row in every paged list"
    tampered = cursor[:-2] + ("AA" if cursor[-2:] != "AA" else "BA")

    following = platform.clients[service].get(path, params={"limit": 1, "cursor": cursor}, headers=headers)
    response = platform.clients[service].get(path, params={"limit": 1, "cursor": tampered}, headers=headers)

    assert following.status_code == 200, following.text
    assert following.json()["items"] and following.json()["items"] != first.json()["items"]
    _refused(response, status=422, code="INVALID_CURSOR", field="cursor")
