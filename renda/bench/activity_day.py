"""One activity day at a station, as events: the reception, deputies checking in, voters' opinions (some solved
on the spot, some referred and then opened, routed and answered in the township), and the suggestions
its deputies take to the county that day."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any
from uuid import UUID

from renda.bench.city_year import (
    ACTIVITY_DAYS,
    CATEGORIES,
    DEPUTIES_PER_STATION,
    OPINIONS,
    OPINIONS_PER_DAY,
    REFERRED_PER_DAY,
    SOLVED_ON_SPOT_PER_DAY,
    SUGGESTIONS_PER_DEPUTY,
    YEAR,
)
from shared.events.envelope import EventPayload

if TYPE_CHECKING:
    from renda.bench.city import City


def activity_day(city: City, station: dict[str, Any], day: int) -> None:
    """The station's `day`-th activity day of the year, and the suggestions its deputies submit that day."""
    from shared.events.catalog.station import (
        ActivityKind,
        DeputyCheckedIn,
        OpinionChannel,
        OpinionRecordedV2,
        OpinionReferredV2,
        OpinionSolvedOnSpot,
        ReceptionHeld,
        ReceptionScheduled,
        SealedContact,
    )
    from shared.events.catalog.township import ReferralAnswered, ReferralOpenedV2, ReferralRoute, ReferralRouted
    from shared.privacy import Contact

    held_on = date(YEAR, (day - 1) // 2 + 1, 5 if day % 2 else 20)
    opens = datetime(held_on.year, held_on.month, held_on.day, 1, 0, tzinfo=UTC)  # 09:00 in Beijing
    sid, region, sv = station["id"], station["village"], station["versions"]
    terminal = f"dk_{station['index']:016x}"
    reception = city.id()

    def at_station(payload: EventPayload, aggregate_id: UUID, at: datetime, actor: str = terminal) -> None:
        city.emit("station", payload, aggregate_id=aggregate_id, versions=sv, region_code=region, at=at, actor=actor)

    at_station(
        ReceptionScheduled(
            station_id=sid, kind=ActivityKind.RECEPTION_DAY, scheduled_on=held_on, from_schedule=True, title=""
        ),
        reception,
        opens - timedelta(days=7),
        "station_head",
    )
    present = [d for n, d in enumerate(station["deputies"]) if (day + n) % DEPUTIES_PER_STATION != 0]
    for minute, deputy_id in enumerate(present):
        at_station(DeputyCheckedIn(station_id=sid, deputy_id=deputy_id), reception, opens + timedelta(minutes=minute))
    for number in range(OPINIONS_PER_DAY):
        opinion, at = city.id(), opens + timedelta(minutes=30 + 5 * number)
        category = CATEGORIES[(day + number) % len(CATEGORIES)]
        content = f"{OPINIONS[(station['index'] + number) % len(OPINIONS)]}（第{day}次接待日第{number + 1}条）"
        voter = SealedContact(
            sealed=city.sealer.seal(Contact(name="张三", phone="13812345678")),
            name_masked="张*",
            phone_masked="138****5678",
        )
        words = {"content": content, "content_sealed": city.sealer.seal_text(content)}
        at_station(
            OpinionRecordedV2(
                station_id=sid,
                reception_id=reception,
                deputy_id=present[number % len(present)],
                channel=OpinionChannel.RECEPTION,
                category=category,
                **words,
                place="村委会",
                voter=voter,
            ),
            opinion,
            at,
        )
        if number < SOLVED_ON_SPOT_PER_DAY:
            at_station(
                OpinionSolvedOnSpot(station_id=sid, resolution="当场协调村委会解决"),
                opinion,
                at + timedelta(hours=1),
            )
        elif number < SOLVED_ON_SPOT_PER_DAY + REFERRED_PER_DAY:
            due = held_on + timedelta(days=30)
            at_station(
                OpinionReferredV2(
                    station_id=sid,
                    township_region_code=station["township"],
                    recorded_at=at,
                    answer_due=due,
                    category=category,
                    **words,
                    voter=voter,
                ),
                opinion,
                at + timedelta(hours=4),
                "station_head",
            )
            referral, common = city.id(), {"opinion_id": opinion, "station_id": sid}

            def in_township(payload: EventPayload, at: datetime, ref: UUID = referral) -> None:
                city.emit("township", payload, aggregate_id=ref, versions=sv, region_code=region, at=at, actor="tw")

            in_township(
                ReferralOpenedV2(
                    **common,
                    township_region_code=station["township"],
                    category=category,
                    **words,
                    voter=voter,
                    opinion_recorded_at=at,
                    answer_due=due,
                ),
                at + timedelta(hours=5),
            )
            in_township(
                ReferralRouted(**common, route=ReferralRoute.TOWNSHIP_DEPARTMENT, routed_to="乡镇建设办"),
                at + timedelta(days=2),
            )
            in_township(
                ReferralAnswered(**common, answer="已安排施工队维修，预计两周内完成", answered_by="乡镇建设办"),
                at + timedelta(days=20),
            )
    at_station(
        ReceptionHeld(station_id=sid, held_on=held_on, voters_received=OPINIONS_PER_DAY + 6, topics=["民生"]),
        reception,
        opens + timedelta(hours=3),
        "station_head",
    )
    for number, deputy_id in enumerate(station["deputies"]):
        if (day + number) % (ACTIVITY_DAYS // SUGGESTIONS_PER_DEPUTY) == 0:
            co_signer = station["deputies"][(number + 1) % DEPUTIES_PER_STATION]
            _suggestion(city, station, deputy_id, co_signer, held_on)


def _suggestion(city: City, station: dict[str, Any], lead: UUID, co_signer: UUID, on: date) -> None:
    """A suggestion of `lead` and `co_signer`, submitted, reviewed, registered and assigned in the county."""
    from shared.events.catalog.suggestion import (
        ReviewDecision,
        SessionPeriod,
        SuggestionAssigned,
        SuggestionCategory,
        SuggestionRegistered,
        SuggestionReviewed,
        SuggestionSubmitted,
    )

    city.suggestions += 1
    suggestion, sv, county = city.id(), station["versions"], station["county"]
    at = datetime(on.year, on.month, on.day, 2, 0, tzinfo=UTC)
    unit_id, unit_name = city.units[city.suggestions % len(city.units)]

    def in_county(payload: EventPayload, days: int, actor: str = "county_staff") -> None:
        when = at + timedelta(days=days)
        city.emit("county", payload, aggregate_id=suggestion, versions=sv, region_code=county, at=when, actor=actor)

    title = f"关于{CATEGORIES[city.suggestions % len(CATEGORIES)]}问题的建议"
    in_county(
        SuggestionSubmitted(
            title=title,
            content="经走访调研，群众反映集中，建议有关部门统筹解决。" * 4,
            lead_deputy_id=lead,
            co_signer_ids=[co_signer],
            period=SessionPeriod.BETWEEN_SESSIONS,
            term=18,
            received_on=on,
            assign_due=on + timedelta(days=7),
        ),
        0,
        actor=str(lead),
    )
    in_county(SuggestionReviewed(decision=ReviewDecision.ACCEPTED), 2)
    category = list(SuggestionCategory)[city.suggestions % len(SuggestionCategory)]
    in_county(SuggestionRegistered(number=f"{YEAR}-{city.suggestions:05d}", category=category), 3)
    in_county(
        SuggestionAssigned(
            lead_unit_id=unit_id,
            lead_unit_name=unit_name,
            vice_governor="李副市长",
            leader="李副市长",
            supervising_body="代表工作委员会",
            routing_rule_version=1,
            assigned_on=on + timedelta(days=5),
            return_due=on + timedelta(days=14),
            co_opinion_due=on + timedelta(days=35),
            reply_due=on + timedelta(days=95),
        ),
        5,
    )
