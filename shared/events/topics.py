"""Kafka topic names: one per aggregate type, `npc.<tier>.<aggregate>.v<major>`; reports per tier."""

from __future__ import annotations

COUNTY_DEPUTY = "npc.county.deputy.v1"
COUNTY_SUGGESTION = "npc.county.suggestion.v1"
COUNTY_APPOINTMENT = "npc.county.appointment.v1"
COUNTY_CALENDAR = "npc.county.calendar.v1"
COUNTY_HANDLING_UNIT = "npc.county.handling_unit.v1"
COUNTY_ROUTING_RULE = "npc.county.routing_rule.v1"
COUNTY_DUTY_ACTIVITY = "npc.county.duty_activity.v1"
COUNTY_DUTY_RECORD = "npc.county.duty_record.v1"
COUNTY_POINTS_RULE = "npc.county.points_rule.v1"
COUNTY_REGION = "npc.county.region.v1"
TOWNSHIP_REFERRAL = "npc.township.referral.v1"
TOWNSHIP_SUPERVISION = "npc.township.supervision.v1"
STATION_STATION = "npc.station.station.v1"
STATION_RECEPTION = "npc.station.reception.v1"
STATION_OPINION = "npc.station.opinion.v1"
REPORT_TOWNSHIP = "npc.report.township.v1"
REPORT_COUNTY = "npc.report.county.v1"

DEAD_LETTER_SUFFIX = ".dlq"


def dead_letter_topic(topic: str) -> str:
    """The topic where poison messages from `topic` are parked with their reason."""
    return topic + DEAD_LETTER_SUFFIX
