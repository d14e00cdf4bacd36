"""Every projection's name, by service: its consumer group (`<name>.v<version>`), its tracking rows, what
`?wait_for=` waits on, and what live pages hear on `renda:<service>:projections` when a batch commits.

Each projection module takes its name from here, so the list below is the whole list.
"""

from __future__ import annotations

from collections.abc import Mapping

COUNTY_ROSTER = "county.roster"
COUNTY_HANDLING_UNITS = "county.handling_units"
COUNTY_SUGGESTIONS = "county.suggestions"
COUNTY_APPOINTMENTS = "county.appointments"
COUNTY_DUTY_LEDGER = "county.duty_ledger"
COUNTY_REGIONS = "county.regions"
COUNTY_STATION_WORK = "county.station_work"
COUNTY_RECEIVED_REPORTS = "county.received_reports"
COUNTY_REFERRAL_INTAKE = "county.referral_intake"

TOWNSHIP_OVERSIGHT = "township.oversight"
TOWNSHIP_INBOX = "township.inbox"
TOWNSHIP_STATION_FIGURES = "township.station_figures"
TOWNSHIP_ROSTER = "township.roster"
TOWNSHIP_REGIONS = "township.regions"
TOWNSHIP_INTAKE = "township.intake"
TOWNSHIP_SUGGESTION_OUTCOMES = "township.suggestion_outcomes"

STATION_ROSTER = "station.roster"
STATION_DIRECTORY = "station.directory"
STATION_LEDGER = "station.ledger"


def holidays(service: str) -> str:
    """The holiday schedules, which every service keeps under its own name."""
    return f"{service}.holidays"


READ_MODELS: Mapping[str, tuple[str, ...]] = {
    "county": (
        COUNTY_ROSTER,
        holidays("county"),
        COUNTY_HANDLING_UNITS,
        COUNTY_SUGGESTIONS,
        COUNTY_APPOINTMENTS,
        COUNTY_DUTY_LEDGER,
        COUNTY_REGIONS,
        COUNTY_STATION_WORK,
        COUNTY_RECEIVED_REPORTS,
    ),
    "township": (
        TOWNSHIP_OVERSIGHT,
        TOWNSHIP_INBOX,
        TOWNSHIP_STATION_FIGURES,
        TOWNSHIP_ROSTER,
        TOWNSHIP_REGIONS,
        holidays("township"),
    ),
    "station": (STATION_ROSTER, STATION_DIRECTORY, STATION_LEDGER, holidays("station")),
}
"""The read models each service builds, the ones its pages read and wait on."""

INTAKES: Mapping[str, tuple[str, ...]] = {
    "county": (COUNTY_REFERRAL_INTAKE,),
    "township": (TOWNSHIP_INTAKE, TOWNSHIP_SUGGESTION_OUTCOMES),
    "station": (),
}
"""The intakes each service runs: consumers that turn another tier's events into its own commands."""

BY_SERVICE: Mapping[str, tuple[str, ...]] = {
    service: READ_MODELS[service] + INTAKES[service] for service in READ_MODELS
}
"""Every projection each service runs, read models first."""
