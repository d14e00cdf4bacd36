"""Duty points (履职积分): the versioned rule set, and the pure scoring of a year's ledger under it.

Points are never stored: they are the ledger's counts scored under the rule set in force for the
year, so publishing a corrected rule set for a past year is all it takes to recompute that year.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from uuid import UUID, uuid5

from shared.aggregate import Aggregate, CommandContext, applies
from shared.errors import NotFoundError, ValidationFailedError
from shared.events.catalog.duty import LedgerItem, PointsCategory, PointsRuleSetPublished


class InvalidPointsRuleSetError(ValidationFailedError):
    """Raised when a rule set scores an item twice, repeats a category, or orders its grade lines wrongly."""

    code = "INVALID_POINTS_RULE_SET"
    message = "履职积分办法不符合要求"


class NoPointsRuleSetError(NotFoundError):
    """Raised when points are asked for a year no published rule set covers."""

    code = "NO_POINTS_RULE_SET"
    message = "尚未发布适用于该年度的履职积分办法"


class UnknownRuleVersionError(NotFoundError):
    """Raised when points are asked under a rule set version the county never published."""

    code = "UNKNOWN_RULE_VERSION"
    message = "该版本的履职积分办法不存在"


class Grade(str, Enum):
    """The annual grade (年度履职评定)."""

    EXCELLENT = "excellent"
    COMPETENT = "competent"
    INCOMPETENT = "incompetent"


GRADE_LABELS = {Grade.EXCELLENT: "优秀", Grade.COMPETENT: "称职", Grade.INCOMPETENT: "不称职"}


@dataclass(frozen=True)
class RuleSet:
    """One published version of the rule set."""

    version: int
    name: str
    effective_from_year: int
    categories: tuple[PointsCategory, ...]
    excellent_from: float
    competent_from: float
    talk_below: float
    non_renomination_below: float

    @classmethod
    def of(cls, event: PointsRuleSetPublished) -> RuleSet:
        return cls(
            version=event.rule_version,
            name=event.name,
            effective_from_year=event.effective_from_year,
            categories=tuple(event.categories),
            excellent_from=event.excellent_from,
            competent_from=event.competent_from,
            talk_below=event.talk_below,
            non_renomination_below=event.non_renomination_below,
        )

    def grade(self, total: float) -> Grade:
        if total >= self.excellent_from:
            return Grade.EXCELLENT
        if total >= self.competent_from:
            return Grade.COMPETENT
        return Grade.INCOMPETENT


@dataclass(frozen=True)
class Score:
    """A deputy's points for a year: by category code, the total, and the grade they give."""

    by_category: dict[str, float]
    total: float
    grade: Grade
    rule_version: int


def _capped(value: float, cap: float | None) -> float:
    """A cap bounds what an item or a category can add, and what it can take away."""
    if cap is None:
        return value
    return max(-cap, min(value, cap))


def score(counts: Mapping[LedgerItem, int], rules: RuleSet) -> Score:
    """Score a year's counted ledger entries; items the rule set does not name score nothing."""
    by_category: dict[str, float] = {}
    for category in rules.categories:
        points = sum(_capped(counts.get(item.item, 0) * item.points, item.cap) for item in category.items)
        by_category[category.code] = round(_capped(points, category.cap), 2)
    total = round(sum(by_category.values()), 2)
    return Score(by_category=by_category, total=total, grade=rules.grade(total), rule_version=rules.version)


def rule_in_force(rule_sets: Iterable[RuleSet], year: int) -> RuleSet:
    """The version with the latest starting year not after `year`; of two starting the same year, the later."""
    candidates = [rules for rules in rule_sets if rules.effective_from_year <= year]
    if not candidates:
        raise NoPointsRuleSetError(field="year")
    return max(candidates, key=lambda rules: (rules.effective_from_year, rules.version))


def rule_version(rule_sets: Iterable[RuleSet], version: int) -> RuleSet:
    """One published version, by its number."""
    for rules in rule_sets:
        if rules.version == version:
            return rules
    raise UnknownRuleVersionError(field="rule_version")


def points_rule_set_id(county_region_code: str) -> UUID:
    """The one points rule set of a county, in versions."""
    return uuid5(UUID(int=0x5054), f"points-rule-set:{county_region_code}")


class PointsRuleSet(Aggregate):
    """The county's 履职积分办法, in versions."""

    aggregate_type = "PointsRuleSet"

    def __init__(self, aggregate_id: UUID) -> None:
        super().__init__(aggregate_id)
        self.versions: list[RuleSet] = []

    @classmethod
    def start(cls, *, county_region_code: str) -> PointsRuleSet:
        """A rule set with no version published yet (its first publication creates it in the store)."""
        return cls(points_rule_set_id(county_region_code))

    def publish(
        self,
        *,
        name: str,
        effective_from_year: int,
        categories: tuple[PointsCategory, ...],
        excellent_from: float,
        competent_from: float,
        talk_below: float,
        non_renomination_below: float,
        region_code: str,
        ctx: CommandContext,
    ) -> None:
        """Publish the next version; each item is scored once, and 优秀 starts no lower than 称职."""
        items = [item.item for category in categories for item in category.items]
        if len(items) != len(set(items)):
            raise InvalidPointsRuleSetError("同一履职项目只能计分一次", field="categories")
        if len({category.code for category in categories}) != len(categories):
            raise InvalidPointsRuleSetError("类别代码重复", field="categories")
        if excellent_from < competent_from:
            raise InvalidPointsRuleSetError("优秀分数线不能低于称职分数线", field="excellent_from")
        self._record(
            PointsRuleSetPublished(
                rule_version=len(self.versions) + 1,
                name=name,
                effective_from_year=effective_from_year,
                categories=list(categories),
                excellent_from=excellent_from,
                competent_from=competent_from,
                talk_below=talk_below,
                non_renomination_below=non_renomination_below,
            ),
            ctx=ctx,
            region_code=region_code,
        )

    @applies(PointsRuleSetPublished)
    def _published(self, event: PointsRuleSetPublished) -> None:
        self.versions.append(RuleSet.of(event))

    def in_force(self, year: int) -> RuleSet:
        return rule_in_force(self.versions, year)
