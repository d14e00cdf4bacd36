"""The list of projection names (shared/readmodel/names.py) is the projections each service runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from renda.services import SERVICES
from services.county.config import CountySettings
from services.station.config import StationSettings
from services.township.config import TownshipSettings
from shared.readmodel import names
from shared.runtime import ServiceRuntime
from shared.settings import ServiceSettings

SETTINGS: dict[str, type[ServiceSettings]] = {
    "county": CountySettings,
    "township": TownshipSettings,
    "station": StationSettings,
}


def _runtime(service: str, tmp_path: Path) -> ServiceRuntime:
    url = f"sqlite:///{tmp_path}/{service}.sqlite"
    return SERVICES[service].build_runtime(SETTINGS[service](event_store_url=url, database_url=url))


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_the_names_list_every_projection_a_service_runs(service: str, tmp_path: Path) -> None:
    running = [projection.name for projection in _runtime(service, tmp_path).projections]

    assert sorted(running) == sorted(names.BY_SERVICE[service])
    assert len(set(running)) == len(running)


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_the_intakes_listed_are_the_projections_that_run_commands(service: str, tmp_path: Path) -> None:
    projections = _runtime(service, tmp_path).projections

    assert sorted(p.name for p in projections if p.runs_commands) == sorted(names.INTAKES[service])
    assert sorted(p.name for p in projections if not p.runs_commands) == sorted(names.READ_MODELS[service])


def test_every_name_is_prefixed_by_its_service() -> None:
    for service, listed in names.BY_SERVICE.items():
        assert all(name.startswith(f"{service}.") for name in listed), listed
