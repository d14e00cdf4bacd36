"""The kinds of county command: one that creates a record, and one that takes a step on a case named by its id.

A request body holds what the caller says; the command on a case is that body with the case's id from
the path (and, for a unit or a deputy acting, whom the account acts for), built by `of` in one line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar, Self
from uuid import UUID

from shared.aggregate import Recorded
from shared.command_bus import Command
from shared.events.region import RegionCode


class CountyCommand(Command):
    """A county use case's input; `step` names it in refusals and in the ids a resent command derives."""

    step: ClassVar[str]
    case_fields: ClassVar[tuple[str, ...]] = ()
    """The fields naming the case and the acting party, which the request body leaves to the path and the caller."""

    @classmethod
    def of(cls, body: Command, **case: Any) -> Self:
        """This command for a request body, on the case (and by the party) the path and the caller name."""
        return cls(**dict(body), **case)

    def facts(self) -> dict[str, Any]:
        """What the command says, without its command id and the ids naming the case: a domain value's fields."""
        skip = {"command_id", *self.case_fields}
        return {name: value for name, value in self if name not in skip}


class OnSuggestion(CountyCommand):
    """A step on one suggestion."""

    case_fields: ClassVar[tuple[str, ...]] = ("suggestion_id",)

    suggestion_id: UUID


class ByHandlingUnit(OnSuggestion):
    """A step a handling unit takes on a suggestion assigned to it."""

    case_fields: ClassVar[tuple[str, ...]] = ("suggestion_id", "unit_id")

    unit_id: UUID


class OnAppointment(CountyCommand):
    """A step on one appointment case."""

    case_fields: ClassVar[tuple[str, ...]] = ("appointment_id",)

    appointment_id: UUID


class OnDeputy(CountyCommand):
    """A change to one deputy on the roster."""

    case_fields: ClassVar[tuple[str, ...]] = ("deputy_id",)

    deputy_id: UUID


class OnRegionUnit(CountyCommand):
    """A change to one unit of the region directory, named by its code."""

    case_fields: ClassVar[tuple[str, ...]] = ("code",)

    code: RegionCode


@dataclass
class RecordedGroup(Recorded):
    """What a command on several cases at once records: the batch's or ceremony's id, and each case's result."""

    results: list[Recorded] = field(default_factory=list)


@dataclass
class PublishedReport(Recorded):
    """What publishing a county report records, with the digest of the figures published."""

    digest: str = ""
