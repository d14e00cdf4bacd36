"""The roles a caller may hold; every permission check starts from one of these."""

from __future__ import annotations

from enum import Enum


class Role(str, Enum):
    """What a caller is to the platform; with a region code it decides what the caller may do."""

    COUNTY_STAFF = "county_staff"
    """县级人大常委会工作机构人员."""

    TOWNSHIP_STAFF = "township_staff"
    """乡镇人大工作人员."""

    STATION_LIAISON = "station_liaison"
    """代表联络站联络员."""

    DEPUTY = "deputy"
    """人大代表."""

    HANDLING_UNIT = "handling_unit"
    """承办单位: sees only what was assigned to it."""

    CITY_VIEWER = "city_viewer"
    """市级人大查看人员 (read only)."""

    AUDITOR = "auditor"
    """审计人员 (read only, across the audit trail)."""

    TERMINAL = "terminal"
    """联络站终端: a station's device, authenticated by its device key."""
