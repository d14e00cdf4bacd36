"""Region unit (区划单位): one entry of the region directory, keyed by its 12-digit code for life.

Its kind must fit the level the code names, and its parent is always a unit of the next level up: by
default the one the code's prefix names, until the unit is moved under another (撤并、区划调整).
"""

from __future__ import annotations

from uuid import UUID, uuid5

from shared.aggregate import Aggregate, CommandContext, applies
from shared.errors import ConflictError, NotFoundError, ValidationFailedError
from shared.events.catalog.region import (
    RegionKind,
    RegionUnitKindChanged,
    RegionUnitRegistered,
    RegionUnitRenamed,
    RegionUnitReparented,
)
from shared.events.region import RegionLevel, level_of, parent_of

REGION_UNIT_NAMESPACE = UUID("0c4e8a52-6f1d-5b3e-8a27-4d9c1e6b7f30")
"""The uuid5 namespace of region unit ids; fixed forever, or every unit would get a new id."""

KINDS_BY_LEVEL: dict[RegionLevel, frozenset[RegionKind]] = {
    RegionLevel.CITY: frozenset({RegionKind.CITY}),
    RegionLevel.COUNTY: frozenset({RegionKind.COUNTY, RegionKind.DISTRICT, RegionKind.DEVELOPMENT_ZONE}),
    RegionLevel.TOWNSHIP: frozenset({RegionKind.TOWN, RegionKind.TOWNSHIP, RegionKind.STREET}),
    RegionLevel.VILLAGE: frozenset({RegionKind.VILLAGE, RegionKind.COMMUNITY}),
}
"""The kinds a unit of each level may be; a province is not in the directory."""

_LEVEL_NAMES = {
    RegionLevel.PROVINCE: "省级",
    RegionLevel.CITY: "市级",
    RegionLevel.COUNTY: "县级",
    RegionLevel.TOWNSHIP: "乡级",
    RegionLevel.VILLAGE: "村级",
}
_KIND_NAMES = {
    RegionKind.CITY: "市",
    RegionKind.COUNTY: "县",
    RegionKind.DISTRICT: "区",
    RegionKind.DEVELOPMENT_ZONE: "开发区",
    RegionKind.TOWN: "镇",
    RegionKind.TOWNSHIP: "乡",
    RegionKind.STREET: "街道",
    RegionKind.VILLAGE: "村",
    RegionKind.COMMUNITY: "社区",
}


class RegionUnitAlreadyRegisteredError(ConflictError):
    """Raised when a code that is already in the directory is registered again."""

    code = "REGION_UNIT_ALREADY_REGISTERED"
    message = "该区划代码已登记"


class RegionLevelNotListedError(ValidationFailedError):
    """Raised when a province-level code is registered: the directory starts at the city."""

    code = "REGION_LEVEL_NOT_LISTED"
    message = "区划目录只登记市、县、乡、村四级，不登记省级区划"


class RegionKindMismatchError(ValidationFailedError):
    """Raised when a unit's kind does not fit the level its code names (a 镇 on a village code)."""

    code = "REGION_KIND_MISMATCH"
    message = "区划类型与区划代码的层级不符"


class RegionParentInvalidError(ValidationFailedError):
    """Raised when a parent is not a code of exactly the next level up, or a city is given one."""

    code = "REGION_PARENT_INVALID"
    message = "上级区划必须是高一级的区划代码"


class RegionParentNotRegisteredError(NotFoundError):
    """Raised when a unit is put under a parent that is not in the directory."""

    code = "REGION_PARENT_NOT_REGISTERED"
    message = "上级区划尚未登记"


class RegionParentUnchangedError(ConflictError):
    """Raised when a unit is moved under the parent it already has."""

    code = "REGION_PARENT_UNCHANGED"
    message = "该区划已隶属于此上级区划"


class RegionKindUnchangedError(ConflictError):
    """Raised when a unit's kind is changed to the kind it already is."""

    code = "REGION_KIND_UNCHANGED"
    message = "区划类型未变化"


class RegionNameUnchangedError(ConflictError):
    """Raised when a unit is renamed to the name it already has."""

    code = "REGION_NAME_UNCHANGED"
    message = "区划名称未变化"


def region_unit_id(code: str) -> UUID:
    """The id of the unit a code names: the same in every store and on every replay."""
    return uuid5(REGION_UNIT_NAMESPACE, code)


def listed_level(code: str) -> RegionLevel:
    """The level of a code the directory may hold; a province code is refused."""
    level = level_of(code)
    if level not in KINDS_BY_LEVEL:
        raise RegionLevelNotListedError(field="code")
    return level


def require_kind_fits(code: str, kind: RegionKind) -> RegionKind:
    """Return the kind if a unit of this code's level may be one; raise RegionKindMismatchError if not."""
    level = listed_level(code)
    if kind not in KINDS_BY_LEVEL[level]:
        allowed = "、".join(_KIND_NAMES[k] for k in RegionKind if k in KINDS_BY_LEVEL[level])
        raise RegionKindMismatchError(
            f"区划代码 {code} 是{_LEVEL_NAMES[level]}区划，类型应为{allowed}，不能是{_KIND_NAMES[kind]}", field="kind"
        )
    return kind


def require_parent_fits(code: str, parent_code: str) -> str:
    """Return the parent if it is a code of exactly the next level up from `code`; raise if not."""
    natural = natural_parent(code)
    if natural is None:
        raise RegionParentInvalidError("市级区划在目录中没有上级区划", field="parent_code")
    level, parent_level = level_of(code), level_of(natural)
    if level_of(parent_code) is not parent_level:
        raise RegionParentInvalidError(
            f"{_LEVEL_NAMES[level]}区划 {code} 的上级必须是{_LEVEL_NAMES[parent_level]}区划代码，"
            f"{parent_code} 是{_LEVEL_NAMES[level_of(parent_code)]}",
            field="parent_code",
        )
    return parent_code


def natural_parent(code: str) -> str | None:
    """The parent a code's own prefix names (a village's township); none for a city."""
    if listed_level(code) is RegionLevel.CITY:
        return None
    return parent_of(code)


class RegionUnit(Aggregate):
    """One unit of the region directory: its name, kind and current parent."""

    aggregate_type = "RegionUnit"

    def __init__(self, aggregate_id: UUID) -> None:
        super().__init__(aggregate_id)
        self.code = ""
        self.name = ""
        self.kind = RegionKind.CITY
        self.parent_code: str | None = None

    @classmethod
    def register(
        cls, *, code: str, name: str, kind: RegionKind, parent_code: str | None, ctx: CommandContext
    ) -> RegionUnit:
        """Enter a unit in the directory; without a parent it goes under the one its code's prefix names."""
        require_kind_fits(code, kind)
        parent = natural_parent(code) if parent_code is None else require_parent_fits(code, parent_code)
        unit = cls(region_unit_id(code))
        unit._record(
            RegionUnitRegistered(code=code, name=name, kind=kind, parent_code=parent), ctx=ctx, region_code=code
        )
        return unit

    @applies(RegionUnitRegistered)
    def _registered(self, event: RegionUnitRegistered) -> None:
        self.code = event.code
        self.name = event.name
        self.kind = event.kind
        self.parent_code = event.parent_code

    def reparent(self, *, parent_code: str, ctx: CommandContext) -> None:
        """Move the unit under another parent of the next level up (a village to another township)."""
        require_parent_fits(self.code, parent_code)
        previous = self.parent_code
        # None only for a city, which has no parent to move from and was refused above.
        if previous is None or previous == parent_code:
            raise RegionParentUnchangedError(field="parent_code")
        self._record(RegionUnitReparented(parent_code=parent_code, previous_parent_code=previous), ctx=ctx)

    @applies(RegionUnitReparented)
    def _reparented(self, event: RegionUnitReparented) -> None:
        self.parent_code = event.parent_code

    def change_kind(self, *, kind: RegionKind, ctx: CommandContext) -> None:
        """Change the unit's kind within its level (a 镇 becomes a 街道)."""
        require_kind_fits(self.code, kind)
        if kind is self.kind:
            raise RegionKindUnchangedError(field="kind")
        self._record(RegionUnitKindChanged(kind=kind, previous_kind=self.kind), ctx=ctx)

    @applies(RegionUnitKindChanged)
    def _kind_changed(self, event: RegionUnitKindChanged) -> None:
        self.kind = event.kind

    def rename(self, *, name: str, ctx: CommandContext) -> None:
        """Give the unit a new name."""
        if name == self.name:
            raise RegionNameUnchangedError(field="name")
        self._record(RegionUnitRenamed(name=name, previous_name=self.name), ctx=ctx)

    @applies(RegionUnitRenamed)
    def _renamed(self, event: RegionUnitRenamed) -> None:
        self.name = event.name
