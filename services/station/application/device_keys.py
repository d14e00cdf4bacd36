"""Use cases on station terminals' device keys (设备密钥).

Keys are credentials, not events: nothing is recorded in the store, so issuing and revoking one run beside
the command bus (which returns what a command recorded) rather than through it. Closing a station, which
does record an event, revokes all of its keys (`stations.close_station`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from services.station.application.ports import DeviceKeys
from shared.auth.device_keys import NewDeviceKey
from shared.errors import NotFoundError

if TYPE_CHECKING:
    # The commands module maps the station's classes to their handlers, closing among them, which revokes
    # keys through this module: so here its classes are names for the types only.
    from services.station.application.commands import IssueDeviceKey, RevokeDeviceKey


def issue_device_key(command: IssueDeviceKey, keys: DeviceKeys) -> NewDeviceKey:
    """Issue a key for a station's terminal; its plaintext is shown once."""
    return keys.issue(station_id=command.station_id, region_code=command.region_code, label=command.label)


def revoke_device_key(command: RevokeDeviceKey, keys: DeviceKeys) -> None:
    """Revoke a station's terminal key, from its next request on."""
    if not keys.revoke(station_id=command.station_id, key_id=command.key_id):
        raise NotFoundError("设备密钥不存在", field="key_id")


def revoke_station_keys(station_id: UUID, keys: DeviceKeys) -> int:
    """Revoke every key of a station's terminals, each from its next request on; how many were still valid."""
    return keys.revoke_all(station_id=station_id)
