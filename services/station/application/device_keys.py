"""Use cases on station terminals' device keys (设备密钥).

Keys are credentials, not events: nothing is recorded in the store, so these two run beside the command
bus (which returns what a command recorded) rather than through it.
"""

from __future__ import annotations

from services.station.application.commands import IssueDeviceKey, RevokeDeviceKey
from services.station.application.ports import DeviceKeys
from shared.auth.device_keys import NewDeviceKey
from shared.errors import NotFoundError


def issue_device_key(command: IssueDeviceKey, keys: DeviceKeys) -> NewDeviceKey:
    """Issue a key for a station's terminal; its plaintext is shown once."""
    return keys.issue(station_id=command.station_id, region_code=command.region_code, label=command.label)


def revoke_device_key(command: RevokeDeviceKey, keys: DeviceKeys) -> None:
    """Revoke a station's terminal key, from its next request on."""
    if not keys.revoke(station_id=command.station_id, key_id=command.key_id):
        raise NotFoundError("设备密钥不存在", field="key_id")
