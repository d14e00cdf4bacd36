"""A paged list over HTTP, walked with the cursors it hands out while referrals keep arriving in the inbox:
every referral there when the walk began is shown once, none twice, and the filters hold on every page."""

from __future__ import annotations

import os
import uuid
from collections import Counter
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from renda.services import SERVICES
from services.township.projections.inbox import referrals
from shared.application import utc_now
from shared.auth import Role
from shared.calendar import china_date
from shared.privacy import Contact, ContactSealer
from shared.runtime import ServiceRuntime

pytestmark = pytest.mark.integration

MakeRuntime = Callable[[str], ServiceRuntime]
TOWNSHIP = "410327100000"
VILLAGE = "410327100201"
STATION = uuid.uuid4()
SEALER = ContactSealer(os.urandom(32))


class Inbox:
    """The township's inbox read model, filled directly, and its staff reading it over HTTP."""

    def __init__(self, make_runtime: MakeRuntime) -> None:
        self.runtime = make_runtime("township")
        self.api = TestClient(SERVICES["township"].create_app(self.runtime))
        self.runtime.accounts.create(
            username="cg", password="correct horse 2026", role=Role.TOWNSHIP_STAFF, region_code=TOWNSHIP
        )
        login = self.api.post("/api/v1/auth/login", json={"username": "cg", "password": "correct horse 2026"})
        self.staff = {"Authorization": f"Bearer {login.json()['access_token']}"}
        self.today = china_date(utc_now())

    def arrive(self, *, due_in_days: int, status: str = "open") -> str:
        """A referral due `due_in_days` from today (past due when negative)."""
        referral_id = uuid.uuid4()
        recorded = datetime.now(UTC) - timedelta(days=40)
        with self.runtime.engine.begin() as connection:
            connection.execute(
                referrals.insert().values(
                    referral_id=referral_id,
                    opinion_id=uuid.uuid4(),
                    station_id=STATION,
                    region_code=VILLAGE,
                    township_region_code=TOWNSHIP,
                    category="城乡建设",
                    content="路灯不亮",
                    content_sealed=None,
                    voter_sealed=SEALER.seal(Contact(name="张三丰", phone="13812345678")),
                    voter_name_masked="张**",
                    voter_phone_masked="138****5678",
                    opinion_recorded_at=recorded,
                    opened_at=recorded,
                    answer_due=self.today + timedelta(days=due_in_days),
                    due_is_provisional=False,
                    status=status,
                    version=1,
                )
            )
        return str(referral_id)

    def page(self, **params: Any) -> dict[str, Any]:
        response = self.api.get("/api/v1/referrals", headers=self.staff, params=params)
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    def walk(self, *, between_pages: Callable[[], None], **params: Any) -> list[dict[str, Any]]:
        """Every page in turn, following each page's next_cursor, with `between_pages` run after each but the last."""
        pages = [self.page(**params)]
        while pages[-1]["next_cursor"] is not None:
            between_pages()
            pages.append(self.page(**params, cursor=pages[-1]["next_cursor"]))
        assert all(len(page["items"]) == params["limit"] for page in pages[:-1])
        return [row for page in pages for row in page["items"]]


def test_a_walk_through_the_inbox_shows_every_referral_once_while_more_arrive(make_runtime: MakeRuntime) -> None:
    inbox = Inbox(make_runtime)
    present = {inbox.arrive(due_in_days=days) for days in range(-6, 17)}
    arrived: list[str] = []

    def more_arrive() -> None:
        # Due before everything shown so far, among what is still to come, and after it all.
        arrived.extend(inbox.arrive(due_in_days=days) for days in (-30, 3, 60))

    rows = inbox.walk(between_pages=more_arrive, limit=4)
    shown = Counter(row["referral_id"] for row in rows)

    assert len(rows) > 4, "more than one page"
    assert {referral for referral in present if shown[referral] == 1} == present, "each one there at the start, once"
    assert max(shown.values()) == 1, "none twice"
    assert set(shown) <= present | set(arrived)
    dues = [row["answer_due"] for row in rows]
    assert dues == sorted(dues), "oldest due first, across pages"
    assert all(row["voter_phone"] == "138****5678" for row in rows), "no key of this township opens them: masked"


def test_the_filters_hold_on_every_page(make_runtime: MakeRuntime) -> None:
    inbox = Inbox(make_runtime)
    overdue = {inbox.arrive(due_in_days=-days) for days in range(1, 12)}
    for days in range(0, 30, 2):
        inbox.arrive(due_in_days=days)
    routed_late = {inbox.arrive(due_in_days=days, status="routed") for days in range(-5, 0)}
    routed = routed_late | {inbox.arrive(due_in_days=days, status="routed") for days in range(5)}

    late: list[str] = []
    red = inbox.walk(between_pages=lambda: late.append(inbox.arrive(due_in_days=-100)), limit=3, colour="red")
    routed_rows = inbox.walk(between_pages=lambda: None, limit=3, status="routed")
    first = inbox.page(limit=200)

    assert {row["colour"] for row in red} == {"red"}
    assert sorted(row["referral_id"] for row in red) == sorted(overdue | routed_late), "unanswered past due, once"
    assert {row["referral_id"] for row in routed_rows} == routed
    assert first["next_cursor"] is None and len(first["items"]) == len(overdue) + 15 + len(routed) + len(late)
    assert date.fromisoformat(red[0]["answer_due"]) <= date.fromisoformat(red[-1]["answer_due"])
