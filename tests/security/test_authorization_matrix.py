"""Who may call what: every route of every service × every role × an actor inside or outside the target's region.

The table below is the rule book (like `domain.md`): for each route, the roles that may call it, its
region rule and, for a list, the scope of its rows. Routes are enumerated from the apps themselves, so a
new route without an entry fails, and so does a list answered without a rule for its rows.

- no credentials → 401;
- a role not listed → 403, before the request body is validated (an empty body still gets 403), and
  an `access_refused` audit record names the actor;
- a listed role inside the region → passes authorization: 2xx, or 404/409/422 from what comes after
  (an empty body gets 422, which comes only after the role check);
- a listed role outside the region → by the route's region rule: TARGET routes refuse (403, audited;
  sent a valid body, so the refusal is the region's and not validation's), SCOPED routes answer with
  the caller's own region only, OWN routes act on the caller's own region or station and so pass,
  OWNED routes (a terminal's command on an activity or opinion) tell another station's terminal that the
  record does not exist (404 naming the field, sent a valid body so the ownership rule answers), and the
  DEPLOYMENT route (the holiday calendar) refuses a county's staff and passes staff over the whole scope;
- a station's liaison belongs to a station: inside is the liaison of the station the routes act on,
  outside the liaison of another station in a region that covers it, so the station decides, not the region;
- every list answered 200 is read row by row (`matrix_rows`): no row lies outside the caller's scope, and
  each list rule saw rows somewhere, so it is not checked on nothing.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient

from renda.demo.seed import _id as demo_id
from renda.services import SERVICES
from services.station.adapters.device_keys import SqlDeviceKeys
from shared.application import utc_now
from shared.auth import Actor, Role
from tests.security import matrix_rows as scope
from tests.security.conftest import SecurityPlatform
from tests.security.matrix_rows import Rows, Seen, rows_at

pytestmark = pytest.mark.integration


class Region(Enum):
    NONE = "none"
    """No region in play: the route acts in the caller's own region (or on public data)."""
    SCOPED = "scoped"
    """A list or figure the route narrows to the caller's region: outside callers see their own."""
    TARGET = "target"
    """The route acts on something with a region (or an owner): callers outside it, or not its owner, get 403."""
    OWN = "own"
    """A terminal acts on the one station its key is bound to, wherever that is."""
    OWNED = "owned"
    """A terminal acts on a record of its own station: another station's terminal naming one gets 404."""
    DEPLOYMENT = "deployment"
    """The route sets what the whole deployment shares: only callers whose region covers its scope pass."""


PUBLIC = "public"
STREAM = "stream"  # server-sent events: never ends, so only refusals are requested


@dataclass(frozen=True)
class Rule:
    roles: frozenset[Role] | str
    region: Region = Region.NONE
    query: dict[str, str] = field(default_factory=dict)
    body: dict[str, Any] = field(default_factory=dict)
    """Fields a valid body needs beyond the generated minimum (for the outside-the-region case)."""
    rows: tuple[Rows, ...] = ()
    """The lists in a 200 answer and the scope each row must lie in."""
    refused_field: str = ""
    """For an OWNED route: the field naming the record another station's terminal is told does not exist."""


def rule(*roles: Role, region: Region = Region.NONE, **kwargs: Any) -> Rule:
    return Rule(roles=frozenset(roles), region=region, **kwargs)


CS, TS, SL, DEP, HU, CV, AU, TERM = (
    Role.COUNTY_STAFF,
    Role.TOWNSHIP_STAFF,
    Role.STATION_LIAISON,
    Role.DEPUTY,
    Role.HANDLING_UNIT,
    Role.CITY_VIEWER,
    Role.AUDITOR,
    Role.TERMINAL,
)
EVERY_PERSON = (CS, TS, SL, DEP, HU, CV, AU)
COUNTY_READERS = (CS, CV, AU)
READERS = (CS, TS, CV, AU)

COUNTY = "410327000000"
TOWNSHIP = "410327100000"
VILLAGE = "410327100201"
TODAY = date.today().isoformat()
YEAR = str(date.today().year)
YEAR_START = f"{YEAR}-01-01"
PERIOD = {"start": YEAR_START, "end": TODAY}

PUBLIC_ROUTES = {
    ("GET", "/openapi.json"): Rule(PUBLIC),
    ("GET", "/docs"): Rule(PUBLIC),
    ("GET", "/docs/oauth2-redirect"): Rule(PUBLIC),
    ("GET", "/redoc"): Rule(PUBLIC),
    ("GET", "/healthz"): Rule(PUBLIC),
    ("GET", "/readyz"): Rule(PUBLIC),
    ("POST", "/api/v1/auth/login"): Rule(PUBLIC),
}

# An item of a terminal's batch upload that passes validation, so what refuses it is whose activity it names.
BATCH_HOLD = {"type": "hold_reception", "command_id": str(uuid.uuid4()), "held_on": TODAY, "voters_received": 1}

STATION_MATRIX: dict[tuple[str, str], Rule] = {
    **PUBLIC_ROUTES,
    ("GET", "/terminal"): Rule(PUBLIC),
    ("GET", "/terminal/assets/{name}"): Rule(PUBLIC),
    ("POST", "/api/v1/stations"): rule(CS, TS, region=Region.TARGET, body={"region_code": VILLAGE}),
    ("GET", "/api/v1/stations"): rule(
        CS, TS, SL, CV, AU, region=Region.SCOPED, rows=(Rows(scope.own_station_in_region),)
    ),
    ("GET", "/api/v1/stations/{station_id}"): rule(CS, TS, SL, CV, AU, region=Region.TARGET),
    ("POST", "/api/v1/stations/{station_id}/staff"): rule(CS, TS, region=Region.TARGET),
    ("PUT", "/api/v1/stations/{station_id}/schedule"): rule(
        CS, TS, region=Region.TARGET, body={"kind": "monthly", "days_of_month": [5]}
    ),
    ("POST", "/api/v1/stations/{station_id}/standard-checks"): rule(CS, TS, region=Region.TARGET),
    ("POST", "/api/v1/stations/{station_id}/rename"): rule(CS, TS, region=Region.TARGET),
    ("POST", "/api/v1/stations/{station_id}/close"): rule(CS, TS, region=Region.TARGET),
    ("POST", "/api/v1/stations/{station_id}/device-keys"): rule(CS, TS, region=Region.TARGET),
    ("DELETE", "/api/v1/stations/{station_id}/device-keys/{key_id}"): rule(CS, TS, region=Region.TARGET),
    ("GET", "/api/v1/stations/{station_id}/deputies"): rule(
        CS, TS, SL, CV, AU, region=Region.TARGET, rows=(Rows(scope.deputy_of_station),)
    ),
    ("GET", "/api/v1/stations/{station_id}/ledger/receptions"): rule(
        CS, TS, SL, CV, AU, region=Region.TARGET, rows=(Rows(scope.reception_of_station),)
    ),
    ("GET", "/api/v1/stations/{station_id}/ledger/opinions"): rule(
        CS, TS, SL, CV, AU, region=Region.TARGET, rows=(Rows(scope.opinion_of_station),)
    ),
    ("GET", "/api/v1/stations/{station_id}/ledger/deputies"): rule(
        CS, TS, SL, CV, AU, region=Region.TARGET, rows=(Rows(scope.deputy_of_station),)
    ),
    ("GET", "/api/v1/stations/{station_id}/summary"): rule(CS, TS, SL, CV, AU, region=Region.TARGET),
    ("POST", "/api/v1/terminal/receptions"): rule(TERM, region=Region.OWN),
    **{
        ("POST", f"/api/v1/terminal/{path}"): rule(
            TERM, region=Region.OWNED, body={named: f"{{{named}}}", **more}, refused_field=named
        )
        for path, named, more in (
            ("receptions/held", "reception_id", {}),
            ("check-ins", "reception_id", {}),
            ("leaves", "reception_id", {}),
            ("opinions", "reception_id", {"voter_phone": "13800000000"}),
            ("opinions/solved", "opinion_id", {}),
            ("opinions/referred", "opinion_id", {}),
            ("opinions/feedback", "opinion_id", {}),
        )
    },
    ("POST", "/api/v1/terminal/batch"): rule(
        TERM,
        region=Region.OWNED,
        body={"items": [{**BATCH_HOLD, "reception_id": "{reception_id}"}]},
        refused_field="reception_id",
    ),
    ("GET", "/api/v1/terminal/station"): rule(
        TERM,
        region=Region.OWN,
        # Today's activities are the ledger's rows of today, checked there; the demo holds none for today.
        rows=(Rows(scope.deputy_of_station, at="deputies"),),
    ),
    ("GET", "/api/v1/terminal/ledger/receptions"): rule(
        TERM, region=Region.OWN, rows=(Rows(scope.reception_of_station),)
    ),
    ("GET", "/api/v1/terminal/ledger/opinions"): rule(TERM, region=Region.OWN, rows=(Rows(scope.opinion_of_station),)),
    ("GET", "/api/v1/terminal/ledger/deputies"): rule(TERM, region=Region.OWN, rows=(Rows(scope.deputy_of_station),)),
    ("GET", "/api/v1/terminal/summary"): rule(TERM, region=Region.OWN),
}

TOWNSHIP_MATRIX: dict[tuple[str, str], Rule] = {
    **PUBLIC_ROUTES,
    ("GET", "/api/v1/stations"): rule(TS, CS, AU, region=Region.SCOPED, rows=(Rows(scope.in_region("region_code")),)),
    ("POST", "/api/v1/stations/{station_id}/supervisions"): rule(TS, region=Region.TARGET),
    ("GET", "/api/v1/referrals"): rule(*READERS, region=Region.SCOPED, rows=(Rows(scope.in_region("region_code")),)),
    **{
        ("POST", f"/api/v1/referrals/{{referral_id}}/{step}"): rule(TS, region=Region.TARGET, body=body)
        for step, body in (
            ("route", {"route": "township_department"}),
            ("merge", {}),
            ("answer", {}),
            ("close", {"outcome": "solved"}),
        )
    },
    ("GET", "/api/v1/figures/stations/{station_id}"): rule(*READERS, region=Region.TARGET),
    ("GET", "/api/v1/figures"): rule(
        *READERS,
        region=Region.TARGET,
        query={**PERIOD, "region_code": TOWNSHIP},
        rows=(Rows(scope.in_region("region_code"), at="stations"),),
    ),
    ("POST", "/api/v1/reports"): rule(TS),
    ("GET", "/api/v1/reports/preview"): rule(
        *READERS,
        region=Region.TARGET,
        query={"period_kind": "month", "period_start": f"{date.today():%Y-%m}-01", "township_region_code": TOWNSHIP},
    ),
}

SUGGESTION_STEPS = {
    **{step: (CS,) for step in ("review", "register", "assign", "merge", "extension/decision", "close")},
    **{step: (CS,) for step in ("follow-up", "look-back")},
    **{step: (CS, DEP) for step in ("revise", "withdraw", "supervise", "on-site-check")},
    **{step: (HU,) for step in ("return", "extension", "contacts", "co-opinion", "reply-draft", "reply")},
    "rating": (DEP,),
}
APPOINTMENT_STEPS = (
    "vet",
    "pre-talk",
    "notice",
    "audit",
    "exam",
    "introduce",
    "statement",
    "ballot",
    "certificate",
    "performance-review",
)
STEP_BODIES: dict[str, dict[str, Any]] = {
    "assign": {"lead_unit_id": "{unit_id}"},
    "merge": {"merged_with": "{other_suggestion_id}"},
}
REPORT_QUERY = {"period_kind": "year", "period_start": YEAR_START, "county_region_code": COUNTY}

COUNTY_MATRIX: dict[tuple[str, str], Rule] = {
    **PUBLIC_ROUTES,
    ("GET", "/"): Rule(PUBLIC),
    ("GET", "/ui"): Rule(PUBLIC),
    ("GET", "/ui/contract.js"): Rule(PUBLIC),
    ("GET", "/api/v1/live"): Rule(STREAM),
    # 代表 (deputies)
    ("POST", "/api/v1/deputies"): rule(CS, region=Region.TARGET, body={"resident_region_code": VILLAGE}),
    ("GET", "/api/v1/deputies"): rule(
        CS, TS, CV, AU, region=Region.SCOPED, rows=(Rows(scope.in_region("resident_region_code")),)
    ),
    ("POST", "/api/v1/deputies/{deputy_id}/stations"): rule(
        CS, region=Region.TARGET, body={"station_region_code": VILLAGE}
    ),
    ("POST", "/api/v1/deputies/{deputy_id}/groups"): rule(CS, region=Region.TARGET),
    ("DELETE", "/api/v1/deputies/{deputy_id}/groups/{group_name}"): rule(CS, region=Region.TARGET),
    ("POST", "/api/v1/deputies/{deputy_id}/leave-office"): rule(CS, region=Region.TARGET),
    ("GET", "/api/v1/deputies/{deputy_id}/ledger"): rule(
        *READERS, DEP, region=Region.TARGET, rows=(Rows(scope.of_path_deputy),)
    ),
    ("GET", "/api/v1/deputies/{deputy_id}/profile"): rule(
        *READERS, DEP, region=Region.TARGET, rows=(Rows(scope.of_path_deputy, at="entries"),)
    ),
    # 节假日安排 (holiday schedules): one calendar for the whole deployment
    ("POST", "/api/v1/calendar/schedules"): rule(CS, region=Region.DEPLOYMENT),
    ("GET", "/api/v1/calendar/schedules"): rule(
        *EVERY_PERSON, rows=(scope.unscoped("the official holiday schedules hold for the whole deployment"),)
    ),
    # 承办单位 (handling units)
    ("POST", "/api/v1/handling-units"): rule(CS),
    ("GET", "/api/v1/handling-units"): rule(*COUNTY_READERS, rows=(Rows(scope.in_region("region_code")),)),
    ("POST", "/api/v1/routing-rules"): rule(CS),
    ("GET", "/api/v1/routing-rules"): rule(*COUNTY_READERS, rows=(Rows(scope.in_region("county_region_code")),)),
    # 代表建议 (suggestions)
    ("POST", "/api/v1/suggestions"): rule(CS, DEP, region=Region.TARGET, body={"lead_deputy_id": "{deputy_id}"}),
    ("GET", "/api/v1/suggestions"): rule(
        *COUNTY_READERS,
        HU,
        DEP,
        region=Region.TARGET,
        query={"region": VILLAGE},
        rows=(Rows(scope.suggestion_in_scope),),
    ),
    ("GET", "/api/v1/suggestions/figures"): rule(
        *COUNTY_READERS,
        region=Region.TARGET,
        query={"region": COUNTY},
        rows=(scope.unscoped("figures summed over the queried region, one row per handling unit"),),
    ),
    ("GET", "/api/v1/suggestions/export/tracking.xlsx"): rule(
        *COUNTY_READERS, HU, DEP, region=Region.TARGET, query={"region": VILLAGE}
    ),
    ("GET", "/api/v1/suggestions/export/statistics.xlsx"): rule(*COUNTY_READERS, region=Region.SCOPED),
    ("GET", "/api/v1/suggestions/{suggestion_id}"): rule(*COUNTY_READERS, HU, DEP, region=Region.TARGET),
    **{
        ("POST", f"/api/v1/suggestions/{{suggestion_id}}/{step}"): rule(
            *roles, region=Region.TARGET, body=STEP_BODIES.get(step, {})
        )
        for step, roles in SUGGESTION_STEPS.items()
    },
    # 人事任免 (appointments)
    ("POST", "/api/v1/appointments"): rule(CS),
    ("POST", "/api/v1/appointments/exam-batches"): rule(
        CS, region=Region.TARGET, body={"results": [{"appointment_id": "{appointment_id}", "score": 90}]}
    ),
    ("POST", "/api/v1/appointments/oath-ceremonies"): rule(
        CS, region=Region.TARGET, body={"appointment_ids": ["{appointment_id}"]}
    ),
    **{
        ("POST", f"/api/v1/appointments/{{appointment_id}}/{step}"): rule(CS, region=Region.TARGET)
        for step in APPOINTMENT_STEPS
    },
    ("GET", "/api/v1/appointments"): rule(
        *COUNTY_READERS, region=Region.SCOPED, rows=(Rows(scope.in_region("region_code")),)
    ),
    ("GET", "/api/v1/appointments/figures"): rule(*COUNTY_READERS, region=Region.SCOPED),
    ("GET", "/api/v1/appointments/notices"): rule(
        *COUNTY_READERS,
        region=Region.SCOPED,
        rows=(
            Rows(scope.appointment_in_region, at="pre_appointment"),
            Rows(scope.appointment_in_region, at="decisions"),
        ),
    ),
    ("GET", "/api/v1/appointments/{appointment_id}"): rule(*COUNTY_READERS, region=Region.TARGET),
    ("GET", "/api/v1/appointments/{appointment_id}/certificate"): rule(*COUNTY_READERS, region=Region.TARGET),
    # 履职档案与积分 (duty ledger and points)
    ("POST", "/api/v1/duty/activities"): rule(CS, TS, region=Region.TARGET, body={"attended": ["{deputy_id}"]}),
    ("POST", "/api/v1/duty/rule-sets"): rule(CS),
    ("GET", "/api/v1/duty/rule-sets"): rule(
        *READERS,
        region=Region.TARGET,
        query={"region_code": TOWNSHIP},
        rows=(scope.unscoped("the versions of the queried county's one rule set"),),
    ),
    ("POST", "/api/v1/duty/reviews"): rule(DEP, TS, CS, region=Region.TARGET, body={"deputy_id": "{deputy_id}"}),
    ("GET", "/api/v1/duty/points"): rule(
        *READERS,
        region=Region.TARGET,
        query={"region_code": TOWNSHIP, "year": YEAR},
        rows=(Rows(scope.in_region("resident_region_code"), at="deputies"),),
    ),
    ("GET", "/api/v1/duty/non-renomination"): rule(
        *READERS,
        region=Region.TARGET,
        query={"region_code": TOWNSHIP},
        rows=(Rows(scope.in_region("resident_region_code"), at="below"),),
    ),
    ("GET", "/api/v1/duty/reports-to-voters"): rule(
        *READERS,
        region=Region.TARGET,
        query={"region_code": TOWNSHIP, "year": YEAR},
        rows=(Rows(scope.in_region("resident_region_code"), at="deputies"),),
    ),
    # 区划 (regions)
    ("POST", "/api/v1/regions"): rule(CS, region=Region.TARGET),
    ("POST", "/api/v1/regions/{code}/reparent"): rule(CS, region=Region.TARGET, body={"parent_code": COUNTY}),
    ("POST", "/api/v1/regions/{code}/kind"): rule(CS, region=Region.TARGET),
    ("POST", "/api/v1/regions/{code}/rename"): rule(CS, region=Region.TARGET),
    ("GET", "/api/v1/regions"): rule(
        *COUNTY_READERS, region=Region.TARGET, query={"within": COUNTY}, rows=(Rows(scope.in_region("code")),)
    ),
    ("GET", "/api/v1/regions/{code}"): rule(*COUNTY_READERS, region=Region.TARGET),
    # 驾驶舱 roll-up, station sheets, county reports
    ("GET", "/api/v1/rollup"): rule(*READERS, region=Region.TARGET, query={**PERIOD, "code": TOWNSHIP}),
    ("GET", "/api/v1/rollup/months"): rule(
        *READERS,
        region=Region.TARGET,
        query={**PERIOD, "code": TOWNSHIP},
        rows=(scope.unscoped("the queried place's figures, one row per month"),),
    ),
    ("GET", "/api/v1/stations/{station_id}/sheet"): rule(*READERS, region=Region.TARGET, query=PERIOD),
    ("POST", "/api/v1/reports"): rule(CS),
    ("GET", "/api/v1/reports/preview"): rule(*COUNTY_READERS, region=Region.TARGET, query=REPORT_QUERY),
    ("GET", "/api/v1/reports/document.docx"): rule(*COUNTY_READERS, region=Region.TARGET, query=REPORT_QUERY),
    ("GET", "/api/v1/reports/tables.xlsx"): rule(*COUNTY_READERS, region=Region.TARGET, query=REPORT_QUERY),
}

MATRICES = {"county": COUNTY_MATRIX, "township": TOWNSHIP_MATRIX, "station": STATION_MATRIX}
ALLOWED = {200, 201, 204, 404, 409, 422}

DOOR_STATION = demo_id("东门社区人大代表联络站")
"""The station the station routes act on (东门社区, in VILLAGE), whose liaison and terminal are "inside"."""
TOWN_STATION = demo_id("城关镇人大代表联络站")
WEST_STATION = demo_id("城西街道人大代表联络站")
SCOPE = "410300000000"
"""The deployment's scope (the platform's default): the region a DEPLOYMENT route's caller must cover."""

# The callers: each role once inside the demo county's places, once somewhere else (another county or city).
# A liaison is held to its station: the one outside is 城关镇 station's, with a region that covers 东门社区.
INSIDE = {
    CS: Actor(id="matrix-county", role=CS, region_code=COUNTY),
    TS: Actor(id="matrix-township", role=TS, region_code=TOWNSHIP),
    SL: Actor(id="matrix-liaison", role=SL, region_code=VILLAGE, station_id=DOOR_STATION),
    DEP: Actor(id="matrix-deputy", role=DEP, region_code=VILLAGE, deputy_id=demo_id("王建国")),
    HU: Actor(id="matrix-unit", role=HU, region_code=COUNTY, unit_id=str(demo_id("matrix-unit"))),
    CV: Actor(id="matrix-city", role=CV, region_code="410300000000"),
    AU: Actor(id="matrix-auditor", role=AU, region_code="410300000000"),
}
OUTSIDE = {
    CS: Actor(id="outside-county", role=CS, region_code="410328000000"),
    TS: Actor(id="outside-township", role=TS, region_code="410328001000"),
    SL: Actor(id="outside-liaison", role=SL, region_code=TOWNSHIP, station_id=TOWN_STATION),
    DEP: Actor(id="outside-deputy", role=DEP, region_code="410328001201", deputy_id=demo_id("陈伟")),
    HU: Actor(id="outside-unit", role=HU, region_code="410328000000", unit_id=str(uuid.uuid4())),
    CV: Actor(id="outside-city", role=CV, region_code="410400000000"),
    AU: Actor(id="outside-auditor", role=AU, region_code="410400000000"),
}


def enumerate_routes(app: FastAPI) -> set[tuple[str, str]]:
    """Every (method, path) the app serves, from its own route table (included routers and mounts too)."""
    found: set[tuple[str, str]] = set()
    for route in iter_route_contexts(app.routes):
        path = getattr(route, "path", None) or getattr(route.original_route, "path", "")
        methods = getattr(route, "methods", None) or {"GET"}
        found.update((method, path) for method in methods if method != "HEAD")
    return found


def minimal_body(schema: dict[str, Any], components: dict[str, Any], overrides: dict[str, Any]) -> Any:
    """A small valid instance of a request body's JSON schema."""
    if "$ref" in schema:
        return minimal_body(components[schema["$ref"].rsplit("/", 1)[-1]], components, overrides)
    if "anyOf" in schema or "oneOf" in schema:
        options = [s for s in schema.get("anyOf", schema.get("oneOf", [])) if s.get("type") != "null"]
        return minimal_body(options[0], components, overrides)
    if "const" in schema:
        return schema["const"]
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object":
        body = {}
        for name in schema.get("required", []):
            if name.endswith("region_code") or name in ("code", "parent_code"):
                body[name] = overrides.get(name, VILLAGE)
                continue
            body[name] = overrides.get(name, minimal_body(schema["properties"][name], components, {}))
        return body | {name: value for name, value in overrides.items() if name in schema.get("properties", {})}
    if kind == "array":
        return [minimal_body(schema["items"], components, {}) for _ in range(schema.get("minItems", 0))]
    if kind == "integer":
        return max(schema.get("minimum", 1), 1)
    if kind == "number":
        return 1
    if kind == "boolean":
        return True
    if schema.get("format") == "uuid":
        return str(uuid.uuid4())
    if schema.get("format") == "date":
        return TODAY
    if schema.get("format") == "date-time":
        return utc_now().isoformat()
    if "pattern" in schema and "\\d{12}" in schema["pattern"]:
        return VILLAGE
    return "测" * max(schema.get("minLength", 1), 2)


@dataclass
class Targets:
    """Real things in the demo county that the routes act on, all inside 宜阳县 (410327)."""

    path: dict[str, str]
    terminal_inside: str
    terminal_outside: str
    """A key of 城西街道's station, in another county: a terminal that is not the inside station's."""


@pytest.fixture(scope="module")
def targets(security_platform: SecurityPlatform) -> Targets:
    demo = security_platform.demo
    suggestions = demo.county_items("county_admin", "/api/v1/suggestions")
    # One in handling, so the steps of a handling unit and a deputy reach their ownership checks.
    suggestion = next(
        row
        for row in suggestions
        if row.get("status") == "assigned"
        and row.get("lead_unit_id")
        and str(row["lead_deputy_id"]) != str(demo_id("陈伟"))
    )
    other = next(row for row in suggestions if row["suggestion_id"] != suggestion["suggestion_id"])
    appointment = demo.county_get("county_admin", "/api/v1/appointments")["items"][0]
    township = TestClient(SERVICES["township"].create_app(demo.runtimes["township"]))
    login = township.post("/api/v1/auth/login", json={"username": "township_cg", "password": "renda-demo-2026"})
    referrals = township.get("/api/v1/referrals", headers={"Authorization": f"Bearer {login.json()['access_token']}"})
    assert referrals.status_code == 200 and referrals.json()["items"], referrals.text
    keys = SqlDeviceKeys(demo.runtimes["station"].engine)
    outside_key = keys.issue(station_id=WEST_STATION, region_code="410328001201", label="矩阵")
    # An activity and an opinion of the inside station, for the commands another station's terminal may not touch.
    terminal = TestClient(SERVICES["station"].create_app(demo.runtimes["station"]))
    own = {"X-Device-Key": demo.terminal_key}
    reception = terminal.get("/api/v1/terminal/ledger/receptions", headers=own).json()["items"][0]
    opinion = terminal.get("/api/v1/terminal/ledger/opinions", headers=own).json()["items"][0]
    return Targets(
        path={
            "station_id": str(DOOR_STATION),
            "reception_id": str(reception["reception_id"]),
            "opinion_id": str(opinion["opinion_id"]),
            "suggestion_id": str(suggestion["suggestion_id"]),
            "other_suggestion_id": str(other["suggestion_id"]),
            "unit_id": str(suggestion["lead_unit_id"]),
            "appointment_id": str(appointment["appointment_id"]),
            "referral_id": str(referrals.json()["items"][0]["referral_id"]),
            "deputy_id": str(suggestion["lead_deputy_id"]),
            "code": TOWNSHIP,
            "group_name": "矩阵小组",
            "key_id": "0123456789abcdef",
            "name": "terminal.js",
        },
        terminal_inside=demo.terminal_key,
        terminal_outside=outside_key.plaintext,
    )


@dataclass
class Case:
    service: str
    method: str
    path: str
    role: Role | None
    inside: bool
    expected: set[int]
    valid_body: bool


def expected_cases(service: str, matrix: dict[tuple[str, str], Rule]) -> list[Case]:
    cases: list[Case] = []
    for (method, path), entry in sorted(matrix.items()):
        if entry.roles == PUBLIC:
            cases.append(Case(service, method, path, None, True, {200, 307, 422}, False))
            continue
        cases.append(Case(service, method, path, None, True, {401}, False))
        for role in Role:
            for inside in (True, False):
                if role is TERM and service != "station":
                    refused = {401}  # only the station service takes device keys at all
                elif entry.roles == STREAM:
                    continue  # every person may listen; the stream would not end
                elif role not in entry.roles:
                    refused = {403}
                else:
                    refused = set()
                if refused:
                    cases.append(Case(service, method, path, role, inside, refused, False))
                elif not inside and entry.region in (Region.TARGET, Region.DEPLOYMENT):
                    cases.append(Case(service, method, path, role, inside, {403}, True))
                elif not inside and entry.region is Region.OWNED:
                    # A batch answers 200 and refuses the item; a single command is answered 404.
                    cases.append(
                        Case(service, method, path, role, inside, {200 if "items" in entry.body else 404}, True)
                    )
                else:
                    cases.append(Case(service, method, path, role, inside, ALLOWED, False))
    return cases


def actor_for(case: Case, entry: Rule, targets: Targets) -> Actor | None:
    """The caller a case sends; a terminal as the station its key is bound to."""
    if case.role is None:
        return None
    if case.role is TERM:
        station, region = (DOOR_STATION, VILLAGE) if case.inside else (WEST_STATION, "410328001201")
        return Actor(id="terminal", role=TERM, region_code=region, station_id=station)
    actor = (INSIDE if case.inside else OUTSIDE)[case.role]
    if entry.region is Region.DEPLOYMENT:
        # Inside is staff over the whole deployment; outside, the staff of one county in it.
        return Actor(id=f"scope-{actor.id}", role=actor.role, region_code=SCOPE) if case.inside else INSIDE[case.role]
    if case.role is HU and case.inside:
        # Inside, for a handling unit, is the unit the suggestion was assigned to.
        actor = Actor(id=actor.id, role=HU, region_code=actor.region_code, unit_id=targets.path["unit_id"])
    if case.role is DEP and case.inside:
        # And for a deputy, the suggestion's lead deputy.
        actor = Actor(
            id=actor.id, role=DEP, region_code=actor.region_code, deputy_id=uuid.UUID(targets.path["deputy_id"])
        )
    return actor


def headers_for(case: Case, entry: Rule, targets: Targets, platform: SecurityPlatform) -> dict[str, str]:
    if case.role is None:
        return {}
    if case.role is TERM:
        return {"X-Device-Key": targets.terminal_inside if case.inside else targets.terminal_outside}
    actor = actor_for(case, entry, targets)
    assert actor is not None
    token = platform.demo.runtimes["county"].tokens.issue(actor=actor, now=utc_now()).token
    return {"Authorization": f"Bearer {token}"}


def _filled(value: Any, targets: Targets) -> Any:
    if isinstance(value, list):
        return [_filled(item, targets) for item in value]
    if isinstance(value, dict):
        return {name: _filled(item, targets) for name, item in value.items()}
    if isinstance(value, str) and value.startswith("{"):
        return targets.path[value.strip("{}")]
    return value


def request_body(app: FastAPI, case: Case, entry: Rule, targets: Targets) -> Any:
    """`{}` (invalid for every command) unless the case needs a valid body to reach the region check."""
    if case.method in ("GET", "DELETE"):
        return None
    if not case.valid_body:
        return {}
    openapi = app.openapi()
    operation = openapi["paths"][case.path][case.method.lower()]
    schema = operation["requestBody"]["content"]["application/json"]["schema"]
    overrides = {name: _filled(value, targets) for name, value in entry.body.items()}
    if case.path.endswith("/merge"):
        overrides.setdefault("into", targets.path["referral_id"])
    return minimal_body(schema, openapi["components"]["schemas"], overrides)


def run_case(
    client: TestClient, app: FastAPI, case: Case, entry: Rule, targets: Targets, platform: SecurityPlatform
) -> tuple[httpx.Response, list[logging.LogRecord]]:
    path = case.path.format(**{name: value for name, value in targets.path.items() if f"{{{name}}}" in case.path})
    if case.path == "/ui":
        path = "/ui/"
    body = request_body(app, case, entry, targets)
    records: list[logging.LogRecord] = []
    handler = _Collect(records)
    audit = logging.getLogger("renda.audit")
    audit.addHandler(handler)
    try:
        response: httpx.Response = client.request(
            case.method,
            path,
            params=entry.query or None,
            json=body,
            headers=headers_for(case, entry, targets, platform),
            follow_redirects=False,
        )
    finally:
        audit.removeHandler(handler)
    return response, records


class _Collect(logging.Handler):
    def __init__(self, records: list[logging.LogRecord]) -> None:
        super().__init__(level=logging.DEBUG)
        self.records = records

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def describe(case: Case) -> str:
    who = "anonymous" if case.role is None else f"{case.role.value}/{'inside' if case.inside else 'outside'}"
    return f"{case.service} {case.method} {case.path} as {who}"


@pytest.mark.parametrize("service", sorted(MATRICES))
def test_every_route_has_an_entry_in_the_matrix(service: str, security_platform: SecurityPlatform) -> None:
    app = SERVICES[service].create_app(security_platform.demo.runtimes[service])
    served = enumerate_routes(app)
    assert served - MATRICES[service].keys() == set(), "routes without a rule in the matrix"
    assert MATRICES[service].keys() - served == set(), "rules for routes the service does not serve"


@pytest.mark.parametrize("service", sorted(MATRICES))
def test_every_role_inside_and_outside_the_region_gets_what_the_matrix_says(
    service: str, security_platform: SecurityPlatform, targets: Targets
) -> None:
    app = SERVICES[service].create_app(security_platform.demo.runtimes[service])
    client = TestClient(app)
    matrix = MATRICES[service]
    cases = expected_cases(service, matrix)
    wrong: list[str] = []
    rows_seen: dict[tuple[str, str, str | None], int] = {}
    for case in cases:
        entry = matrix[(case.method, case.path)]
        response, records = run_case(client, app, case, entry, targets, security_platform)
        status, text = response.status_code, response.text[:300]
        if status not in case.expected:
            wrong.append(f"{describe(case)}: {status}, expected {sorted(case.expected)}: {text}")
            continue
        if status == 403:
            refused = [r for r in records if getattr(r, "audit_event", None) == "access_refused"]
            actor = None if case.role in (None, TERM) else actor_for(case, entry, targets)
            if not refused or (actor is not None and refused[0].__dict__.get("actor_id") != actor.id):
                wrong.append(f"{describe(case)}: refused without an access_refused audit record")
            if "error" not in text or "message" not in text:
                wrong.append(f"{describe(case)}: refusal without the platform's error body: {text}")
        if case.valid_body and entry.region is Region.OWNED:
            wrong.extend(_not_refused_as_unknown(case, entry, response))
        if status == 200 and case.role is not None and case.method == "GET":
            wrong.extend(_rows_out_of_scope(case, entry, response, targets, security_platform, rows_seen))
    for (method, path), entry in sorted(matrix.items()):
        for rows in entry.rows:
            if rows.check is not None and not rows_seen.get((method, path, rows.at)):
                wrong.append(
                    f"{service} {method} {path}: no caller saw a row of {rows.at or 'the list'}, so none was checked"
                )
    assert not wrong, f"{len(wrong)} of {len(cases)} cases differ from the matrix:\n" + "\n".join(wrong)


def _not_refused_as_unknown(case: Case, entry: Rule, response: httpx.Response) -> list[str]:
    """Another station's terminal is told the record it names does not exist, by that record's field."""
    body = response.json()
    if "results" in body:  # a batch: the item is refused, nothing accepted
        results = body["results"]
        error = (results[0].get("error") or {}) if results else {}
        refused_all = body["accepted"] == 0
    else:
        error, refused_all = body.get("error", {}), True
    if (error.get("code"), error.get("field")) != ("NOT_FOUND", entry.refused_field) or not refused_all:
        return [f"{describe(case)}: not refused by the ownership rule on {entry.refused_field}: {response.text[:300]}"]
    return []


def _rows_out_of_scope(
    case: Case,
    entry: Rule,
    response: httpx.Response,
    targets: Targets,
    platform: SecurityPlatform,
    rows_seen: dict[tuple[str, str, str | None], int],
) -> list[str]:
    """Every row of every list in the answer lies in the caller's scope; a list with no rule for its rows fails."""
    if "json" not in response.headers.get("content-type", ""):
        return []
    body = response.json()
    wrong: list[str] = []
    if rows_at(body, None) is not None and not any(rows.at is None for rows in entry.rows):
        wrong.append(f"{describe(case)}: a list without a rule for the scope of its rows")
    actor = actor_for(case, entry, targets)
    assert actor is not None
    station = targets.path["station_id"] if "{station_id}" in case.path else actor.station_id
    seen = Seen(
        actor=actor,
        station_id=None if station is None else uuid.UUID(str(station)),
        path=targets.path,
        platform=platform,
    )
    for rows in entry.rows:
        found = rows_at(body, rows.at)
        if found is None:
            wrong.append(f"{describe(case)}: no list at {rows.at or 'the answer'}: {response.text[:300]}")
            continue
        if rows.check is None:
            continue
        key = (case.method, case.path, rows.at)
        rows_seen[key] = rows_seen.get(key, 0) + len(found)
        outside = [row for row in found if not rows.check(seen, row)]
        if outside:
            wrong.append(
                f"{describe(case)}: {len(outside)} of {len(found)} rows outside the caller's scope: {outside[0]}"
            )
    return wrong
