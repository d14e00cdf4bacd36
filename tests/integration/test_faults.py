"""Faults under traffic: workers and servers killed with SIGKILL, and a broker that comes back empty.

The platform runs as `renda run` runs it — `renda serve`, `renda relay` and `renda project` for each
service, nine processes — on the module's own PostgreSQL databases and broker, seeded with the demo. A
client drives commands through the three tiers over HTTP: a station's terminal records opinions,
solves some on the spot and refers the rest; the township answers them (and the terminal tells the
voter), closes them, routes them to a department, or routes them to a deputy, whose suggestion the
county's intake submits and the county reviews, registers and assigns until the unit's reply answers
the voter. The county also enters suggestions of its own. Every command carries the client's command
id, so one resent after its server died is stored once; the client counts what was accepted.

The first test kills a server (while one of its requests is in flight), a relay and a projection
worker, each of another service, at seeded random points, and starts them again. The second loses
the broker twice — once when all is quiet, after which `renda republish` brings back every read model
to the same canonical dump, and once under traffic, with a process killed as well. Afterwards every
event is in its store exactly once, each projection has applied exactly the events of its topics,
the read models count exactly what the client had accepted, every read model equals its rebuild
from the stores, and the reconciliation finds no difference.

Each failure names its seed; `RENDA_FAULT_SEED=<seed>` runs the same plan again.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Generator, Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Self
from uuid import UUID, uuid4

import httpx
import pytest
from kafka import KafkaAdminClient, KafkaConsumer, TopicPartition
from kafka.errors import KafkaError
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from renda.broker import free_port, stop_process
from renda.demo.seed import ACCOUNTS, DEMO_PASSWORD, seed
from renda.demo.suggestions import unit_id
from renda.reconcile import reconcile
from renda.replay import compare, read_models
from services.county.adapters.referral_intake import INTAKE_SCOPE as COUNTY_INTAKE_SCOPE
from services.county.projections.rollup import rollup
from services.county.projections.suggestions import suggestions
from services.township.application.referrals import INTAKE_SCOPE as TOWNSHIP_INTAKE_SCOPE
from shared.application import derived_id, utc_now
from shared.calendar import china_date
from shared.messaging.projection_progress import read_states
from shared.readmodel.dump import digest, dump
from shared.readmodel.holidays import working_day_calendar
from shared.readmodel.tracking import projection_state, projection_tracking
from shared.runtime import ServiceRuntime
from tests.conftest import Broker
from tests.integration.conftest import count_rows
from tests.support.paging import every_item
from tests.support.platform import eventually, runtime_for
from tests.support.servers import Postgres

pytestmark = pytest.mark.integration

SERVICE_NAMES = ("county", "township", "station")
WORKERS = ("serve", "relay", "project")
DEPUTIES = {account.username: str(account.deputy_id) for account in ACCOUNTS if account.deputy_id is not None}
UNIT = str(unit_id("县住房和城乡建设局"))
STATION_NAME = "东门社区人大代表联络站"
NOT_FOUND_YET = frozenset({(404, "NOT_FOUND")})
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def _seed() -> int:
    chosen = os.environ.get("RENDA_FAULT_SEED")
    return int(chosen) if chosen else random.SystemRandom().randrange(1, 10**6)


# --- the platform as real processes ------------------------------------------------------------------


class Platform:
    """Every service's `serve`, `relay` and `project` processes, on the test's databases and broker."""

    def __init__(self, runtimes: Mapping[str, ServiceRuntime], logs: Path) -> None:
        self.runtimes = runtimes
        self.logs = logs
        self.ports = {name: free_port() for name in runtimes}
        self.processes: dict[tuple[str, str], subprocess.Popen[bytes]] = {}
        """The processes that should be running (one a fault killed is not, until it is started again)."""
        self.stopped: list[subprocess.Popen[bytes]] = []
        self.lock = threading.Lock()
        self.closed = False

    def env(self, service: str) -> dict[str, str]:
        settings = self.runtimes[service].settings
        platform = settings.platform
        prefix = f"RENDA_{service.upper()}_"
        env = {
            **os.environ,
            "RENDA_KAFKA_BOOTSTRAP": platform.kafka_bootstrap,
            "RENDA_READ_WAIT_SECONDS": str(platform.read_wait_seconds),
            "RENDA_REDIS_NAMESPACE": platform.redis_namespace,
            "RENDA_VAR_DIR": str(self.logs),
            f"{prefix}EVENT_STORE_URL": settings.event_store_url,
            f"{prefix}DATABASE_URL": settings.database_url,
            f"{prefix}HOST": "127.0.0.1",
            f"{prefix}PORT": str(self.ports[service]),
        }
        if platform.redis_url is not None:
            env["RENDA_REDIS_URL"] = platform.redis_url
        return env

    def url(self, service: str) -> str:
        return f"http://127.0.0.1:{self.ports[service]}"

    def start(self, service: str, worker: str) -> None:
        with open(self.logs / f"{service}-{worker}.log", "ab") as log, self.lock:
            if self.closed:
                return
            self.processes[service, worker] = subprocess.Popen(
                [sys.executable, "-m", "renda.cli", worker, service],
                env=self.env(service),
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def start_all(self) -> None:
        for service in self.runtimes:
            for worker in WORKERS:
                self.start(service, worker)

    def kill(self, service: str, worker: str) -> int:
        """SIGKILL the process and reap it; its pid."""
        with self.lock:
            process = self.processes.pop((service, worker))
            self.stopped.append(process)
        assert process.poll() is None, f"{service}-{worker} had already exited with {process.returncode}"
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        return process.pid

    def republish(self, service: str) -> subprocess.Popen[bytes]:
        """`renda republish <service> --from 1`, as an operator runs it."""
        return subprocess.Popen(
            [sys.executable, "-m", "renda.cli", "republish", service, "--from", "1"],
            env=self.env(service),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )

    def republish_all(self) -> None:
        runs = {service: self.republish(service) for service in self.runtimes}
        try:
            for service, run in runs.items():
                output, _ = run.communicate(timeout=120)
                assert run.returncode == 0, f"renda republish {service}: {output.decode(errors='replace')}"
        finally:
            for run in runs.values():
                if run.poll() is None:
                    run.kill()
                    run.wait()

    def check_running(self) -> None:
        """Fail at once, with the end of its log, if a process exited that no fault killed."""
        with self.lock:
            running = list(self.processes.items())
        for (service, worker), process in running:
            if process.poll() is not None:
                tail = (self.logs / f"{service}-{worker}.log").read_text(errors="replace")[-3000:]
                raise AssertionError(f"{service}-{worker} exited on its own ({process.returncode}):\n{tail}")

    def stop(self) -> None:
        with self.lock:
            self.closed = True
            every = [*self.processes.values(), *self.stopped]
        for process in every:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in every:
            stop_process(process, timeout=15)

    def wait_serving(self, timeout: float = 90) -> None:
        def answering() -> list[str]:
            down = []
            for service in self.runtimes:
                try:
                    if httpx.get(f"{self.url(service)}/healthz", timeout=5).status_code != 200:
                        down.append(service)
                except httpx.TransportError:
                    down.append(service)
            return down

        eventually(answering, until=lambda down: not down, timeout=timeout)


@contextmanager
def platform_running(runtimes: Mapping[str, ServiceRuntime], logs: Path) -> Iterator[Platform]:
    platform = Platform(runtimes, logs)
    try:
        platform.start_all()
        platform.wait_serving()
        yield platform
    finally:
        platform.stop()


@dataclass
class World:
    runtimes: dict[str, ServiceRuntime]
    """In-process runtimes on the same databases and broker, to read the stores and read models."""
    broker: Broker
    platform: Platform
    logs: Path


@pytest.fixture(scope="module")
def world(postgres: Postgres, redis_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    """The demo platform as nine processes on its own databases and broker, started once for both tests.

    Tables and topics are made first and the demo seeded, as `renda run` does; each test then waits
    until everything has settled and counts from there.
    """
    logs = tmp_path_factory.mktemp("faults")
    broker = Broker(logs)
    broker.start()
    namespace = f"test-{uuid4().hex[:12]}"
    runtimes: dict[str, ServiceRuntime] = {}
    try:
        for name in SERVICE_NAMES:
            url = postgres.create_database()
            postgres.created.append(f"{make_url(url).database}_replay")  # where `compare` rebuilds
            runtimes[name] = runtime_for(
                name, database_url=url, bootstrap=broker.bootstrap, redis_url=redis_url, redis_namespace=namespace
            )
        for runtime in runtimes.values():
            for runner in runtime.runners():
                runner.prepare()
        seed(runtimes)
        with platform_running(runtimes, logs) as platform:
            yield World(runtimes, broker, platform, logs)
    finally:
        for runtime in runtimes.values():
            runtime.close()
        broker.stop()


# --- the client's traffic -----------------------------------------------------------------------------


class Retry(Exception):
    """The server did not answer, or has not yet seen what the command depends on: send it again later."""


@dataclass(eq=False)
class Step:
    """One command: sent until a server accepts it, always with the same command id."""

    service: str
    path: str
    headers: dict[str, str]
    body: dict[str, Any]
    records: str
    """The type of the event it stores."""
    not_yet: frozenset[tuple[int, str]] = frozenset()
    """Refusals that mean "what it depends on has not arrived yet": sent again later."""
    due: float = 0.0
    """When to send it again."""
    unanswered: bool = False
    """A server did not answer it once: it may have been stored, and then the resend returns the first result."""

    def __post_init__(self) -> None:
        self.body = {"command_id": str(uuid4()), **self.body}


Chain = Generator[Step, dict[str, Any], None]


@dataclass
class Accepted:
    service: str
    records: str
    event_ids: list[str]


class Client:
    """Sends the chains' commands round-robin, resending what a dead server did not answer."""

    def __init__(self, platform: Platform, accepted: list[Accepted] | None = None) -> None:
        self.platform = platform
        self.http = httpx.Client(timeout=60)
        self.accepted: list[Accepted] = [] if accepted is None else accepted
        """Every command's events as the servers returned them (shared with the fault's own client)."""
        self.commands = 0
        """Commands accepted, a batch upload counting as one."""
        self.resent = 0
        """Commands sent again because a server did not answer."""
        self.sending = {name: threading.Event() for name in SERVICE_NAMES}
        self.done = threading.Event()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_: object) -> None:
        self.http.close()

    def login(self, service: str, username: str) -> dict[str, str]:
        def attempt() -> httpx.Response | None:
            try:
                return self.http.post(
                    f"{self.platform.url(service)}/api/v1/auth/login",
                    json={"username": username, "password": DEMO_PASSWORD},
                )
            except httpx.TransportError:
                return None

        response = eventually(attempt, until=lambda r: r is not None and r.status_code == 200)
        assert response is not None
        return {"Authorization": f"Bearer {response.json()['access_token']}"}

    def get(self, service: str, path: str, headers: dict[str, str], **params: str) -> Any:
        response = self.http.get(f"{self.platform.url(service)}{path}", headers=headers, params=params)
        assert response.status_code == 200, response.text
        return response.json()

    def send(self, step: Step) -> dict[str, Any]:
        self.sending[step.service].set()
        try:
            response = self.http.post(
                f"{self.platform.url(step.service)}{step.path}", headers=step.headers, json=step.body
            )
        except httpx.TransportError as error:
            if not step.unanswered:
                step.unanswered = True
                self.resent += 1
            raise Retry(str(error)) from None
        finally:
            self.sending[step.service].clear()
        if response.status_code in (200, 201):
            result = dict(response.json())
            # A batch upload answers item by item.
            for item in result.get("results", [result]):
                assert item.get("ok", True), f"{step.path}: {item}"
                found = item.get("result", item)
                self.accepted.append(Accepted(step.service, step.records, [str(e) for e in found["event_ids"]]))
            self.commands += 1
            return result
        try:
            code = str(response.json()["error"]["code"])
        except (ValueError, KeyError, TypeError):
            code = ""
        if (response.status_code, code) in step.not_yet:
            raise Retry(code)
        raise AssertionError(f"{step.service} {step.path} {step.body}: {response.status_code} {response.text}")

    def drive(self, chains: list[Chain], *, timeout: float = 150) -> None:
        """Run the chains to their end, round-robin, one more chain joining on every round."""
        waiting = list(chains)
        active: list[tuple[Chain, Step]] = []
        deadline = time.monotonic() + timeout
        try:
            while waiting or active:
                if waiting:
                    chain = waiting.pop(0)
                    active.append((chain, next(chain)))
                for position, (chain, step) in enumerate(list(active)):
                    if step.due > time.monotonic():
                        continue
                    try:
                        result = self.send(step)
                    except Retry:
                        step.due = time.monotonic() + 0.25
                        continue
                    try:
                        active[position] = (chain, chain.send(result))
                    except StopIteration:
                        active[position] = (chain, DONE)
                active = [(chain, step) for chain, step in active if step is not DONE]
                if not waiting and all(step.due > time.monotonic() for _, step in active):
                    self.platform.check_running()
                    if time.monotonic() > deadline:
                        pending = [f"{step.service} {step.path}" for _, step in active]
                        raise AssertionError(f"commands still not accepted after {timeout}s: {pending}")
                    time.sleep(0.05)
        finally:
            self.done.set()


DONE = Step("", "", {}, {}, "")
"""Marks a chain that has sent its last command."""


# Where each kind of opinion ends: in the station's ledger, and in the township's inbox.
LEDGER_END = {
    "solve": "solved_on_spot",
    "answer": "answered",
    "close": "closed",
    "department": "referred",
    "deputy": "answered",
}
INBOX_END = {"answer": "answered", "close": "closed", "department": "routed", "deputy": "answered"}


@dataclass
class Plan:
    """What the client means to do, and the state each opinion should end in."""

    opinions: list[str]
    suggestions: int
    ends: dict[str, str] = field(default_factory=dict)
    """opinion id → its final status in the station's ledger."""
    referral_ends: dict[str, str] = field(default_factory=dict)
    """referral id → its final status in the township's inbox."""

    @classmethod
    def random(cls, rng: random.Random, *, opinions: int, suggestions: int) -> Plan:
        kinds = ["solve", "answer", "answer", "close", "department", "deputy"]
        return cls(opinions=[rng.choice(kinds) for _ in range(opinions)], suggestions=suggestions)

    def by_kind(self) -> Counter[str]:
        return Counter(self.opinions)


class Traffic:
    """The chains of commands across the three tiers, with the accounts that send them."""

    def __init__(self, client: Client, station_id: str, *, tag: str) -> None:
        self.client = client
        self.station_id = station_id
        self.tag = tag
        self.county_staff = client.login("county", "county_admin")
        self.unit = client.login("county", "unit_zjj")
        self.township = client.login("township", "township_cg")
        key = client.http.post(
            f"{client.platform.url('station')}/api/v1/stations/{station_id}/device-keys",
            headers=client.login("station", "township_cg"),
            json={"label": f"故障演练终端{tag}"},
        )
        assert key.status_code == 201, key.text
        self.terminal = {"X-Device-Key": key.json()["device_key"]}

    def chains(self, plan: Plan) -> list[Chain]:
        opinions = [self.opinion(number, kind, plan) for number, kind in enumerate(plan.opinions)]
        suggestions = [self.suggestion(number) for number in range(plan.suggestions)]
        # The county's own suggestions are spread among the opinions.
        every = max(1, len(opinions) // max(1, len(suggestions)))
        chains: list[Chain] = []
        for number, chain in enumerate(opinions):
            chains.append(chain)
            if number % every == every - 1 and suggestions:
                chains.append(suggestions.pop(0))
        return chains + suggestions

    def opinion(self, number: int, kind: str, plan: Plan) -> Chain:
        deputy = {"deputy_id": DEPUTIES["deputy_wjg" if number % 2 else "deputy_lxy"]} if number % 3 else {}
        recorded = yield Step(
            "station",
            "/api/v1/terminal/opinions",
            self.terminal,
            {
                "category": "城乡建设",
                "content": f"故障演练{self.tag}第{number}条意见：小区路灯不亮",
                "voter_name": f"群众{number}",
                "voter_phone": f"139{number:08d}",
                **deputy,
            },
            "OpinionRecorded",
        )
        opinion_id = str(recorded["id"])
        plan.ends[opinion_id] = LEDGER_END[kind]
        if kind == "solve":
            yield Step(
                "station",
                "/api/v1/terminal/opinions/solved",
                self.terminal,
                {"opinion_id": opinion_id, "resolution": "当场联系物业修复"},
                "OpinionSolvedOnSpot",
            )
            return
        referred = yield Step(
            "station",
            "/api/v1/terminal/opinions/referred",
            self.terminal,
            {"opinion_id": opinion_id},
            "OpinionReferred",
        )
        # The township's intake opens the referral under an id derived from the referring event.
        referral_id = derived_id(
            scope=TOWNSHIP_INTAKE_SCOPE, kind="open_referral", command_id=UUID(referred["event_ids"][0])
        )
        plan.referral_ends[str(referral_id)] = INBOX_END[kind]
        referral = f"/api/v1/referrals/{referral_id}"
        if kind in ("answer", "close"):
            yield Step(
                "township",
                f"{referral}/answer",
                self.township,
                {"answer": "已安排维修", "answered_by": "城关镇建设办"},
                "ReferralAnswered",
                NOT_FOUND_YET,
            )
            if kind == "close":
                yield Step("township", f"{referral}/close", self.township, {"outcome": "solved"}, "ReferralClosed")
            else:
                # Refused until the township's answer has reached the station's ledger.
                yield Step(
                    "station",
                    "/api/v1/terminal/opinions/feedback",
                    self.terminal,
                    {"opinion_id": opinion_id, "method": "phone"},
                    "OpinionFeedbackGiven",
                    frozenset({(409, "NO_ANSWER_YET")}),
                )
            return
        if kind == "department":
            yield Step(
                "township",
                f"{referral}/route",
                self.township,
                {"route": "township_department", "routed_to": "城关镇建设办"},
                "ReferralRouted",
                NOT_FOUND_YET,
            )
            return
        routed = yield Step(
            "township",
            f"{referral}/route",
            self.township,
            {"route": "deputy_suggestion", "routed_to": "王建国", "deputy_id": DEPUTIES["deputy_wjg"]},
            "ReferralRouted",
            NOT_FOUND_YET,
        )
        # The county's intake submits the suggestion under an id derived from the routing event.
        case = "/api/v1/suggestions/" + str(
            derived_id(scope=COUNTY_INTAKE_SCOPE, kind="submit_suggestion", command_id=UUID(routed["event_ids"][0]))
        )
        staff = self.county_staff
        yield Step("county", f"{case}/review", staff, {"decision": "accepted"}, "SuggestionReviewed", NOT_FOUND_YET)
        yield Step(
            "county",
            f"{case}/register",
            staff,
            {"number": f"演练{self.tag}-{number:03d}", "category": "urban_construction"},
            "SuggestionRegistered",
        )
        yield Step("county", f"{case}/assign", staff, {"lead_unit_id": UNIT, "leader": "李卫东"}, "SuggestionAssigned")
        yield Step(
            "county",
            f"{case}/reply",
            self.unit,
            {
                "result": "planned",
                "text": "已列入明年亮化工程。",
                "signed_by": "张立新",
                "received_by": "王建国",
                "received_by_deputy": True,
            },
            "SuggestionReplied",
        )

    def upload(self, client: Client, plan: Plan, size: int) -> None:
        """A terminal's day offline: `size` opinions uploaded in one batch, stored in one transaction."""
        items = [
            {
                "type": "record_opinion",
                "command_id": str(uuid4()),
                "category": "道路交通",
                "content": f"离线补传{self.tag}第{number}条意见：路口拥堵",
                "voter_name": f"补传群众{number}",
                "voter_phone": f"138{number:08d}",
            }
            for number in range(len(plan.ends), len(plan.ends) + size)
        ]
        step = Step("station", "/api/v1/terminal/batch", self.terminal, {"items": items}, "OpinionRecorded")
        del step.body["command_id"]  # each item carries its own
        while True:
            try:
                uploaded = client.send(step)
            except Retry:
                time.sleep(0.25)
                continue
            for item in uploaded["results"]:
                plan.ends[str(item["result"]["id"])] = "recorded"
            return

    def suggestion(self, number: int) -> Chain:
        yield Step(
            "county",
            "/api/v1/suggestions",
            self.county_staff,
            {
                "title": f"关于故障演练{self.tag}第{number}件建议",
                "content": "建议完善老旧小区照明设施。",
                "lead_deputy_id": DEPUTIES["deputy_lxy"],
                "period": "between_sessions",
                "term": 18,
            },
            "SuggestionSubmitted",
        )

    def ledger(self) -> list[dict[str, Any]]:
        return every_item(
            lambda page: self.client.get("station", "/api/v1/terminal/ledger/opinions", self.terminal, **page)
        )

    def inbox(self) -> list[dict[str, Any]]:
        return every_item(lambda page: self.client.get("township", "/api/v1/referrals", self.township, **page))


def _station_id(client: Client) -> str:
    listed = client.get("station", "/api/v1/stations", client.login("station", "township_cg"))
    return next(str(row["station_id"]) for row in listed if row["name"] == STATION_NAME)


class Journal:
    """What happened when since the test began, faults and phases alike: printed, and named in any failure."""

    def __init__(self) -> None:
        self.began = time.monotonic()
        self.entries: list[str] = []

    def note(self, text: str) -> None:
        self.entries.append(f"{time.monotonic() - self.began:.1f}s {text}")


# --- faults -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fault:
    after: int
    """Commands accepted (since the traffic began) before it strikes."""
    service: str
    worker: str
    """`serve`, `relay` or `project`; or `broker` (the broker restarts empty and every service republishes)."""
    down: float = 0.0
    """Seconds before the process is started again."""
    upload: int = 0
    """Opinions a terminal uploads in one batch just before: the process is struck while they flow."""


def plan_faults(rng: random.Random, *, commands: int, targets: list[tuple[str, str]]) -> list[Fault]:
    """Each target struck once, at random points in the first three quarters of the traffic.

    A projection worker, and the station's relay, are struck while a terminal's upload flows through.
    """
    targets = list(targets)
    rng.shuffle(targets)
    points = sorted(rng.sample(range(2, max(3 + len(targets), commands * 3 // 4)), len(targets)))
    return [
        Fault(
            point,
            service,
            worker,
            round(rng.uniform(0.0, 1.5), 2),
            UPLOAD if worker == "project" or (service, worker) == ("station", "relay") else 0,
        )
        for point, (service, worker) in zip(points, targets, strict=True)
    ]


UPLOAD = 150


class Killer(threading.Thread):
    """Strikes while the client sends: a server is killed while one of its requests is in flight."""

    def __init__(
        self,
        platform: Platform,
        broker: Broker,
        client: Client,
        faults: list[Fault],
        rng: random.Random,
        journal: Journal,
        *,
        traffic: Traffic,
        plan: Plan,
    ) -> None:
        super().__init__(daemon=True)
        self.platform = platform
        self.broker = broker
        self.client = client
        self.traffic = traffic
        self.plan = plan
        self.base = client.commands
        self.faults = faults
        self.rng = rng
        self.journal = journal
        self.struck = 0
        self.in_flight_kills = 0
        """Servers killed while the client had a request out to them."""
        self.error: BaseException | None = None
        self.abort = threading.Event()

    def run(self) -> None:
        try:
            for fault in self.faults:
                while self.client.commands - self.base < fault.after and not self.client.done.is_set():
                    time.sleep(0.005)
                if self.abort.is_set():
                    return
                self.strike(fault)
                self.struck += 1
        except BaseException as error:  # noqa: BLE001 — handed to the test
            self.error = error

    def strike(self, fault: Fault) -> None:
        accepted = self.client.commands - self.base
        if fault.worker == "broker":
            self.broker.restart_empty()
            for name, runtime in self.platform.runtimes.items():
                runtime.relay_positions.rewind(relay=name, to=0)  # what `renda republish <name> --from 1` does
            self.journal.note(f"broker restarted empty after {accepted} commands, every relay rewound")
            return
        what = ""
        if fault.upload:
            station = self.platform.runtimes["station"]
            with Client(self.platform, self.client.accepted) as uploader:
                self.traffic.upload(uploader, self.plan, fault.upload)
            stored = station.store.position()
            if fault.worker == "project":
                # Struck while it applies the upload.
                eventually(lambda: station.relay_positions.get("station"), until=lambda p: p >= stored, timeout=60)
                time.sleep(self.rng.uniform(0.0, 0.3))
            else:
                time.sleep(self.rng.uniform(0.0, 0.1))
            what = f", {fault.upload} opinions uploaded in one batch just before"
        elif fault.worker == "serve":
            # Struck the moment the client has a request out to it, so that request gets no answer.
            if self.client.sending[fault.service].wait(timeout=30):
                what = ", a request in flight"
                self.in_flight_kills += 1
        else:
            time.sleep(self.rng.uniform(0.0, 0.3))
        pid = self.platform.kill(fault.service, fault.worker)
        if fault.upload and fault.worker == "relay":
            what += f" (the relay had saved position {self.platform.runtimes['station'].relay_positions.get('station')}"
            what += f" of {self.platform.runtimes['station'].store.position()})"
        self.journal.note(f"killed {fault.service}-{fault.worker} (pid {pid}) after {accepted} commands{what}")
        time.sleep(fault.down)
        self.platform.start(fault.service, fault.worker)
        self.journal.note(f"started {fault.service}-{fault.worker} again")


def drive_with_faults(client: Client, killer: Killer, chains: list[Chain]) -> None:
    killer.start()
    try:
        client.drive(chains)
    except BaseException:
        killer.abort.set()
        raise
    finally:
        killer.join(timeout=180)
    assert not killer.is_alive(), "the faults did not finish"
    assert killer.error is None, f"a fault failed: {killer.error!r}"
    assert killer.struck == len(killer.faults)
    servers = sum(1 for fault in killer.faults if fault.worker == "serve")
    assert killer.in_flight_kills == servers, f"{killer.in_flight_kills} of {servers} servers killed mid-request"
    if servers:
        assert client.resent >= 1, "a server was killed mid-request, yet every request was answered"
    killer.journal.note(
        f"traffic done: {client.commands - killer.base} commands accepted, {client.resent} resent after no answer"
    )


# --- waiting and checking -----------------------------------------------------------------------------


def _events(runtime: ServiceRuntime) -> list[Any]:
    return runtime.store.notifications(after=0, limit=10**7)


def _tracking(runtime: ServiceRuntime) -> dict[str, int]:
    query = select(projection_tracking.c.projection, func.count()).group_by(projection_tracking.c.projection)
    with runtime.engine.connect() as connection:
        return {str(name): int(rows) for name, rows in connection.execute(query)}


def _states(runtime: ServiceRuntime) -> dict[str, tuple[int, int]]:
    query = select(projection_state.c.projection, projection_state.c.events_applied, projection_state.c.dead_lettered)
    with runtime.engine.connect() as connection:
        return {str(name): (int(applied), int(dead)) for name, applied, dead in connection.execute(query)}


def _due(runtimes: Mapping[str, ServiceRuntime], types: Counter[str]) -> dict[str, int]:
    """What each projection must have applied: every stored event of a type it handles, on its topics."""
    due = {}
    for name, runtime in runtimes.items():
        for projection in runtime.projections:
            due[f"{name}:{projection.name}"] = sum(
                count
                for event_type, count in types.items()
                if projection.handler_for(event_type) is not None
                and runtime.registry.topic_of(event_type) in projection.topics
            )
    return due


def _behind(runtimes: Mapping[str, ServiceRuntime], bootstrap: str) -> list[str]:
    """Consumer groups that have not committed every partition of their topics to its end, on the broker."""
    groups = {projection.consumer_group: projection.topics for rt in runtimes.values() for projection in rt.projections}
    topics = sorted({topic for group_topics in groups.values() for topic in group_topics})
    try:
        reader = KafkaConsumer(bootstrap_servers=bootstrap, group_id=None, enable_auto_commit=False)
        try:
            admin = KafkaAdminClient(bootstrap_servers=bootstrap)
            try:
                ends = _ends(reader, topics)
                if ends is None:
                    return ["the broker did not report every partition's end"]
                behind = []
                for group, group_topics in groups.items():
                    committed = admin.list_group_offsets(group)[group]
                    lagging = [
                        f"{tp.topic}:{tp.partition} {committed[tp].offset if tp in committed else 0}/{end}"
                        for tp, end in ends.items()
                        if tp.topic in group_topics and (committed[tp].offset if tp in committed else 0) != end
                    ]
                    if lagging:
                        behind.append(f"{group}: {lagging}")
                return behind
            finally:
                admin.close()
        finally:
            reader.close()
    except KafkaError as error:  # a broker that has just restarted: not settled yet
        return [f"broker: {error!r}"]


def _ends(reader: KafkaConsumer, topics: list[str]) -> dict[TopicPartition, int] | None:
    """Each partition's end, as a fetch reports it (Tansu answers ListOffsets with a batch's start)."""
    partitions = [
        TopicPartition(topic, number) for topic in topics for number in sorted(reader.partitions_for_topic(topic) or ())
    ]
    reader.assign(partitions)
    reader.seek_to_end(*partitions)
    deadline = time.monotonic() + 10
    while any(reader.highwater(tp) is None for tp in partitions):
        reader.poll(timeout_ms=200)
        if time.monotonic() > deadline:
            return None
    return {tp: int(reader.highwater(tp)) for tp in partitions}


@dataclass
class Settled:
    types: dict[str, Counter[str]]
    tracking: dict[str, int]
    due: dict[str, int]
    states: dict[str, tuple[int, int]]


def settle(
    runtimes: Mapping[str, ServiceRuntime], bootstrap: str, platform: Platform, *, timeout: float = 150
) -> Settled:
    """Wait until every stored event is published, every group has consumed its topics to the end on the
    broker, and every projection has applied exactly the events it is due — with no store moving meanwhile."""

    def snapshot() -> tuple[bool, Any]:
        platform.check_running()
        before = {name: runtime.store.position() for name, runtime in runtimes.items()}
        relayed = {name: runtime.relay_positions.get(name) for name, runtime in runtimes.items()}
        tracking = {f"{name}:{p}": n for name, runtime in runtimes.items() for p, n in _tracking(runtime).items()}
        states = {f"{name}:{p}": s for name, runtime in runtimes.items() for p, s in _states(runtime).items()}
        behind = _behind(runtimes, bootstrap) if relayed == before else ["relays"]
        types = {name: Counter(note.event_type for note in _events(runtime)) for name, runtime in runtimes.items()}
        after = {name: runtime.store.position() for name, runtime in runtimes.items()}
        due = _due(runtimes, sum(types.values(), Counter()))
        done = (
            before == after == relayed
            and not behind
            and all(tracking.get(name, 0) == count for name, count in due.items())
        )
        if done:
            return done, Settled(types, tracking, due, states)
        # What the runners themselves last saved: their partitions, offsets and the ends they saw.
        saved = {
            f"{name}:{projection}": (state["offsets"], state["lag"])
            for name, runtime in runtimes.items()
            for projection, state in read_states(runtime.engine).items()
            if any(group.startswith(f"{projection}.v") for group in behind)
        }
        unapplied = {
            name: (tracking.get(name, 0), count) for name, count in due.items() if tracking.get(name, 0) != count
        }
        return done, {"stored": after, "relayed": relayed, "behind": behind, "saved": saved, "applied/due": unapplied}

    _, settled = eventually(snapshot, until=lambda value: value[0], timeout=timeout)
    assert isinstance(settled, Settled)
    return settled


def _event_ids(runtime: ServiceRuntime) -> dict[str, list[str]]:
    """Each stored event id with every type it was stored under (more than one would be a duplicate)."""
    stored: dict[str, list[str]] = {}
    for note in _events(runtime):
        stored.setdefault(str(runtime.registry.decode(note.state).event_id), []).append(note.event_type)
    return stored


def check_stores(
    runtimes: Mapping[str, ServiceRuntime], client: Client, baseline: Settled, settled: Settled, plan: Plan
) -> None:
    """Every accepted command's events stored exactly once, and nothing else but what the intakes derive."""
    for name, runtime in runtimes.items():
        stored = _event_ids(runtime)
        twice = {event_id: types for event_id, types in stored.items() if len(types) > 1}
        assert not twice, f"{name}: events stored twice: {twice}"
        accepted = [a for a in client.accepted if a.service == name]
        for command in accepted:
            assert command.event_ids, command
            for event_id in command.event_ids:
                assert stored.get(event_id) == [command.records], (name, command, stored.get(event_id))
    kinds = plan.by_kind()
    referred = len(plan.opinions) - kinds["solve"]
    derived = {
        "station": Counter[str](),
        # The township's intake opens one referral per referred opinion; a unit's reply answers its voter.
        "township": Counter({"ReferralOpened": referred, "ReferralAnswered": kinds["deputy"]}),
        # The county's intake submits one suggestion per referral routed to a deputy.
        "county": Counter({"SuggestionSubmitted": kinds["deputy"]}),
    }
    for name in SERVICE_NAMES:
        new = settled.types[name] - baseline.types[name]
        accepted_types = Counter(a.records for a in client.accepted if a.service == name)
        assert new == accepted_types + derived[name], f"{name}: stored {dict(new)}, accepted {dict(accepted_types)}"
        assert +(baseline.types[name] - settled.types[name]) == Counter(), f"{name}: events disappeared"


def check_read_models(
    runtimes: Mapping[str, ServiceRuntime], traffic: Traffic, baseline: Baseline, settled: Settled, plan: Plan
) -> None:
    """The ledger, the inbox and the county count exactly what was accepted; nothing applied twice or parked."""
    for name, (applied, dead) in settled.states.items():
        tracked = settled.tracking.get(name, 0)
        assert applied == tracked, f"{name}: counted {applied} events applied, but {tracked} tracked"
        assert dead == 0, f"{name}: {dead} events dead-lettered"
    ledger = traffic.ledger()
    # The ledger's rows are keyed by opinion, so an opinion applied twice shows in what is counted, not in rows.
    statuses = {str(row["opinion_id"]): row["status"] for row in ledger}
    assert {key: statuses.get(key) for key in baseline.ledger} == baseline.ledger
    ours = {key: status for key, status in statuses.items() if key not in baseline.ledger}
    assert ours == plan.ends, "the station's ledger differs from what was accepted"
    inbox = traffic.inbox()
    statuses = {str(row["referral_id"]): row["status"] for row in inbox}
    assert {key: statuses.get(key) for key in baseline.inbox} == baseline.inbox
    ours = {key: status for key, status in statuses.items() if key not in baseline.inbox}
    assert ours == plan.referral_ends, "the township's inbox differs from what was accepted"
    county = runtimes["county"]
    assert count_rows(county, suggestions) == settled.types["county"]["SuggestionSubmitted"]
    start, end = _period()
    tree = rollup(
        county.engine,
        scope=county.settings.platform.scope_region_code,
        start=start,
        end=end,
        today=end,
        calendar=working_day_calendar(county.engine),
    )
    station = tree.find(traffic.station_id)
    assert station is not None, "the county's roll-up has no such station"
    assert station.figures["opinions"] == len(ledger), "the county's roll-up counts other opinions than the ledger"
    referred = sum(1 for row in ledger if row["status"] not in ("recorded", "solved_on_spot"))
    assert station.figures["referred"] == referred, "the county's roll-up counts other referrals than the ledger"
    from_station = [row for row in inbox if str(row.get("station_id")) == traffic.station_id]
    assert station.figures["referred"] == len(from_station), "the roll-up and the township's inbox count differently"


def _period() -> tuple[date, date]:
    """Last year (the demo's) and this year to today (the traffic's)."""
    today = china_date(utc_now())
    return date(today.year - 1, 1, 1), today


def check_reconciled(runtimes: Mapping[str, ServiceRuntime]) -> None:
    start, end = _period()
    checks = reconcile(
        runtimes, scope=runtimes["county"].settings.platform.scope_region_code, start=start, end=end, today=end
    )
    for check in checks:
        assert check.differences == [], (check.kind, check.differences[:10])
    assert all(check.compared > 0 for check in checks if check.kind != "report"), [(c.kind, c.compared) for c in checks]


def check_rebuilds_equal(runtimes: Mapping[str, ServiceRuntime]) -> None:
    """Every read model equals the one rebuilt from the stores beside it: nothing lost, nothing counted twice."""
    stores = [runtime.store for runtime in runtimes.values()]
    for name, runtime in runtimes.items():
        for result in compare(runtime, source="stores", stores=stores):
            assert result.differences == (), (name, result.projection, [str(d) for d in result.differences[:10]])


@dataclass
class Baseline:
    ledger: dict[str, str]
    inbox: dict[str, str]


def _digests(runtimes: Mapping[str, ServiceRuntime]) -> dict[str, str]:
    return {
        f"{name}:{runner.projection.name}": digest(dump(runtime.engine, runner.projection.metadata))
        for name, runtime in runtimes.items()
        for runner in read_models(runtime)
    }


@contextmanager
def seed_named(seed_value: int, journal: Journal, logs: Path) -> Iterator[None]:
    """Name the seed, what happened when, and where the processes' logs are, in any failure."""
    print(f"fault seed {seed_value} (RENDA_FAULT_SEED={seed_value} runs the same plan)")
    try:
        yield
    except BaseException as error:
        kept = ARTIFACTS / f"faults-{seed_value}"
        shutil.copytree(logs, kept, dirs_exist_ok=True)
        raise AssertionError(
            f"fault seed {seed_value} — RENDA_FAULT_SEED={seed_value} runs the same plan; "
            f"journal: {journal.entries}; process logs: {kept}\n{type(error).__name__}: {error}"
        ) from error
    finally:
        print("\n".join(journal.entries))


def _baseline(traffic: Traffic) -> Baseline:
    return Baseline(
        ledger={str(row["opinion_id"]): row["status"] for row in traffic.ledger()},
        inbox={str(row["referral_id"]): row["status"] for row in traffic.inbox()},
    )


# --- the tests ----------------------------------------------------------------------------------------


def test_killed_workers_and_servers_lose_nothing_and_count_nothing_twice(world: World) -> None:
    seed_value = _seed()
    journal = Journal()
    runtimes, platform = world.runtimes, world.platform
    with seed_named(seed_value, journal, world.logs), ExitStack() as stack:
        before = settle(runtimes, world.broker.bootstrap, platform)
        client = stack.enter_context(Client(platform))
        traffic = Traffic(client, _station_id(client), tag=f"{seed_value}甲")
        baseline = _baseline(traffic)
        journal.note("settled; traffic begins")
        plan = Plan.random(random.Random(f"{seed_value}:traffic"), opinions=18, suggestions=4)
        rng = random.Random(f"{seed_value}:faults")
        # A server, a relay and a projection worker, each of another service; and the station's relay,
        # the one that publishes terminals' uploads, while it publishes one.
        targets = list(zip(rng.sample(SERVICE_NAMES, len(WORKERS)), WORKERS, strict=True))
        if ("station", "relay") not in targets:
            targets.append(("station", "relay"))
        faults = plan_faults(rng, commands=_commands(plan), targets=targets)
        killer = Killer(
            platform,
            world.broker,
            client,
            faults,
            random.Random(f"{seed_value}:timing"),
            journal,
            traffic=traffic,
            plan=plan,
        )
        drive_with_faults(client, killer, traffic.chains(plan))
        after = settle(runtimes, world.broker.bootstrap, platform)
        journal.note("settled")
        check_stores(runtimes, client, before, after, plan)
        check_read_models(runtimes, traffic, baseline, after, plan)
        check_reconciled(runtimes)
        journal.note("stores, read models and figures checked")
        check_rebuilds_equal(runtimes)
        journal.note("every read model equals its rebuild from the stores")


def test_after_the_broker_comes_back_empty_republishing_restores_every_read_model(world: World) -> None:
    seed_value = _seed()
    journal = Journal()
    runtimes, platform, broker = world.runtimes, world.platform, world.broker
    with seed_named(seed_value, journal, world.logs), ExitStack() as stack:
        rng = random.Random(f"{seed_value}:broker")
        before = settle(runtimes, broker.bootstrap, platform)
        client = stack.enter_context(Client(platform))
        traffic = Traffic(client, _station_id(client), tag=f"{seed_value}乙")
        baseline = _baseline(traffic)
        journal.note("settled; traffic begins")
        first = Plan.random(rng, opinions=8, suggestions=2)
        client.drive(traffic.chains(first))
        report = client.http.post(
            f"{platform.url('township')}/api/v1/reports",
            headers=traffic.township,
            json={"period_kind": "year", "period_start": "2025-01-01"},
        )
        assert report.status_code == 201, report.text
        client.accepted.append(Accepted("township", "TownshipReportPublished", report.json()["event_ids"]))
        quiet = settle(runtimes, broker.bootstrap, platform)
        models = _digests(runtimes)
        journal.note(f"{client.commands} commands accepted and settled")

        # Lost while all is quiet: the operator republishes, and every read model is the same, row for row.
        broker.restart_empty()
        journal.note("broker restarted empty while quiet")
        platform.republish_all()
        journal.note("`renda republish <service> --from 1` run for every service")
        again = settle(runtimes, broker.bootstrap, platform)
        journal.note("settled")
        assert again.tracking == quiet.tracking and again.types == quiet.types
        assert _digests(runtimes) == models, "a read model changed when the broker's topics were republished"

        # Lost under traffic, and a process killed as well.
        second = Plan.random(rng, opinions=10, suggestions=2)
        commands = _commands(second)
        [process] = plan_faults(rng, commands=commands, targets=[(rng.choice(SERVICE_NAMES), rng.choice(WORKERS))])
        faults = sorted([Fault(rng.randrange(2, commands // 2), "broker", "broker"), process], key=lambda f: f.after)
        client.done.clear()
        killer = Killer(platform, broker, client, faults, rng, journal, traffic=traffic, plan=second)
        drive_with_faults(client, killer, traffic.chains(second))
        after = settle(runtimes, broker.bootstrap, platform)
        journal.note("settled")
        both = Plan(
            opinions=first.opinions + second.opinions,
            suggestions=first.suggestions + second.suggestions,
            ends={**first.ends, **second.ends},
            referral_ends={**first.referral_ends, **second.referral_ends},
        )
        check_stores(runtimes, client, before, after, both)
        check_read_models(runtimes, traffic, baseline, after, both)
        check_reconciled(runtimes)
        journal.note("stores, read models and figures checked")
        check_rebuilds_equal(runtimes)
        journal.note("every read model equals its rebuild from the stores")


def _commands(plan: Plan) -> int:
    """How many commands the plan sends."""
    per_kind = {"solve": 2, "answer": 4, "close": 4, "department": 3, "deputy": 7}
    return sum(per_kind[kind] for kind in plan.opinions) + plan.suggestions
