"""Every operation of each service's OpenAPI spec, fuzzed with schemathesis against the real app.

Valid and invalid requests are generated from the spec (a fixed number per operation, derandomized, so
a run is reproducible), sent with real credentials to the app in process on the seeded demo world, and
each response is checked: never a 5xx, a documented status code, the documented content type, a body
that matches the documented schema. The number of cases run per service is printed in the summary.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from shared.auth.dependencies import DEVICE_KEY_HEADER
from tests.support.seeded_platform import SeededPlatform, seeded_platform
from tests.support.servers import Postgres

pytestmark = pytest.mark.integration

EXAMPLES_PER_MODE = 6
"""Cases per operation and generation mode; the whole fuzz of the three services stays within minutes."""

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

ACCOUNTS = {"county": "county_admin", "township": "township_cg", "station": "county_admin"}
"""Who calls each service: a role allowed on its routes, so requests get past authorization."""

SKIPPED_PATHS = {"/api/v1/live"}
"""Server-sent events: the stream never ends, so there is no response to check."""


@dataclass
class Tally:
    cases: Counter[str] = field(default_factory=Counter)
    statuses: dict[str, Counter[int]] = field(default_factory=dict)

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        terminalreporter.section("API fuzz (schemathesis)")
        for service, cases in self.cases.items():
            statuses = ", ".join(f"{code}×{n}" for code, n in sorted(self.statuses[service].items()))
            terminalreporter.write_line(f"{service}: {cases} cases ({statuses})")


@pytest.fixture(scope="module")
def tally(request: pytest.FixtureRequest) -> Tally:
    counts = Tally()
    request.config.pluginmanager.register(counts, "renda-api-fuzz-tally")
    return counts


@pytest.fixture(scope="module")
def platform(postgres: Postgres, redis_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[SeededPlatform]:
    with seeded_platform(postgres=postgres, redis_url=redis_url, workdir=tmp_path_factory.mktemp("fuzz")) as seeded:
        yield seeded


def _credentials(platform: SeededPlatform, service: str) -> tuple[dict[str, str], dict[str, str]]:
    """Headers for staff routes and for the station terminal's routes."""
    return platform.bearer(service, ACCOUNTS[service]), {DEVICE_KEY_HEADER: platform.terminal_key}


def _fuzz_operation(
    operation: Any, *, mode: GenerationMode, headers: dict[str, str], service: str, tally: Tally
) -> None:
    @settings(
        max_examples=EXAMPLES_PER_MODE,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case: Any) -> None:
        # `wait_for` names an event to wait for; a random one never comes, and 503 "still syncing" is its answer.
        if case.query:
            case.query.pop("wait_for", None)
        response = case.call(headers=headers)
        tally.cases[service] += 1
        tally.statuses.setdefault(service, Counter())[response.status_code] += 1
        case.validate_response(response, checks=CHECKS, headers=headers)

    run()


@pytest.mark.parametrize("service", ["county", "township", "station"])
def test_every_operation_answers_within_its_documented_responses(
    service: str, platform: SeededPlatform, tally: Tally
) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", platform.apps[service])
    staff, terminal = _credentials(platform, service)
    failures: list[str] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    for operation in operations:
        if operation.path in SKIPPED_PATHS:
            continue
        headers = terminal if operation.path.startswith("/api/v1/terminal") else staff
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            try:
                _fuzz_operation(operation, mode=mode, headers=headers, service=service, tally=tally)
            except Unsatisfiable:
                assert mode is GenerationMode.NEGATIVE, operation.label  # no parameters: nothing to break
            except (Exception, BaseExceptionGroup) as error:  # noqa: BLE001 — every operation's findings together
                failures.append(f"{operation.label} [{mode.value}]: {error}")
    assert tally.cases[service] > 0
    assert not failures, f"{len(failures)} failing operation(s) in {service}:\n\n" + "\n\n".join(failures)
