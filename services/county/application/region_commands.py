"""The commands on the region directory (区划目录), each with the request body it is built from."""

from __future__ import annotations

from pydantic import ConfigDict, Field

from services.county.application.command_kinds import CountyCommand, OnRegionUnit
from shared.command_bus import Command
from shared.events.catalog.region import RegionKind
from shared.events.region import RegionCode


class RegisterRegionUnit(CountyCommand):
    """Enter a unit (市、县/区/开发区、乡/镇/街道、村/社区) in the directory."""

    model_config = ConfigDict(str_strip_whitespace=True)

    step = "register_region_unit"

    code: RegionCode
    name: str = Field(min_length=1, max_length=100)
    kind: RegionKind
    parent_code: RegionCode | None = Field(default=None, description="上级区划代码；不填则按代码前缀确定")


class RegionReparent(Command):
    parent_code: RegionCode = Field(description="新的上级区划代码（高一级、已登记）")


class ReparentRegionUnit(RegionReparent, OnRegionUnit):
    """Move a unit under another registered parent of the next level up; its code stays."""

    step = "reparent_region_unit"


class RegionKindChange(Command):
    kind: RegionKind


class ChangeRegionKind(RegionKindChange, OnRegionUnit):
    """Change a unit's kind within its level (a 镇 becomes a 街道)."""

    step = "change_region_kind"


class RegionRename(Command):
    model_config = ConfigDict(str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=100)


class RenameRegionUnit(RegionRename, OnRegionUnit):
    """Give a unit a new name."""

    step = "rename_region_unit"
