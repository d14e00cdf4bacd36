"""Station terminals' device keys, kept in the station service's database.

Credentials, not a read model: like accounts, they are issued and revoked here and never published.
Revocation takes effect on the next request, because every request looks the key up.
"""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import Boolean, Column, Engine, MetaData, String, Table, Uuid, select, update
from sqlalchemy.orm import Session

from shared.auth import DeviceKeyRecord, NewDeviceKey, issue_device_key

DEVICE_KEYS_METADATA = MetaData()

device_keys = Table(
    "device_keys",
    DEVICE_KEYS_METADATA,
    Column("key_id", String(32), primary_key=True),
    Column("station_id", Uuid, nullable=False, index=True),
    Column("region_code", String(12), nullable=False),
    Column("secret_hash", String(64), nullable=False),
    Column("label", String(100), nullable=False, default=""),
    Column("revoked", Boolean, nullable=False, default=False),
)


class SqlDeviceKeys:
    """Issue, find and revoke device keys."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        DEVICE_KEYS_METADATA.create_all(engine)

    def issue(self, *, station_id: UUID, region_code: str, label: str = "") -> NewDeviceKey:
        """A new key for a station's terminal; its plaintext is shown once and never stored."""
        key = issue_device_key()
        with Session(self._engine) as session, session.begin():
            session.execute(
                device_keys.insert().values(
                    key_id=key.key_id,
                    station_id=station_id,
                    region_code=region_code,
                    secret_hash=key.secret_hash,
                    label=label,
                    revoked=False,
                )
            )
        return key

    def find(self, key_id: str) -> DeviceKeyRecord | None:
        with self._engine.connect() as connection:
            row = connection.execute(select(device_keys).where(device_keys.c.key_id == key_id)).mappings().first()
        if row is None:
            return None
        return DeviceKeyRecord(
            key_id=row["key_id"],
            station_id=row["station_id"],
            region_code=row["region_code"],
            secret_hash=row["secret_hash"],
            revoked=row["revoked"],
        )

    def revoke(self, *, station_id: UUID, key_id: str) -> bool:
        """Revoke a station's key; False if the station has no such key."""
        with Session(self._engine) as session, session.begin():
            revoked = session.execute(
                update(device_keys)
                .where(device_keys.c.key_id == key_id, device_keys.c.station_id == station_id)
                .values(revoked=True)
                .returning(device_keys.c.key_id)
            ).first()
        return revoked is not None

    def revoke_all(self, *, station_id: UUID) -> int:
        """Revoke every key of a station; how many were not revoked yet."""
        with Session(self._engine) as session, session.begin():
            revoked = session.execute(
                update(device_keys)
                .where(device_keys.c.station_id == station_id, device_keys.c.revoked.is_(False))
                .values(revoked=True)
                .returning(device_keys.c.key_id)
            ).all()
        return len(revoked)
