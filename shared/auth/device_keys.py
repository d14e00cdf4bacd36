"""Device keys: how a station's terminal (联络站终端) authenticates, one key bound to one station."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from typing import Protocol
from uuid import UUID

from shared.auth.actor import Actor
from shared.auth.roles import Role
from shared.errors import NotAuthenticatedError

_PREFIX = "dk_"
# key_id is 16 hex chars; the secret is token_urlsafe output (base64url, no padding, never a ".").
_PLAINTEXT = re.compile(r"dk_(?P<key_id>[0-9a-f]{16})\.(?P<secret>[A-Za-z0-9_-]{32,128})")


class InvalidDeviceKeyError(NotAuthenticatedError):
    """Raised when a device key is not one the platform accepts."""

    code = "INVALID_DEVICE_KEY"
    message = "终端密钥无效"


class MalformedDeviceKeyError(InvalidDeviceKeyError):
    """Raised when a device key is not of the form `dk_<key_id>.<secret>`."""


class UnknownDeviceKeyError(InvalidDeviceKeyError):
    """Raised when no device key with that key id was ever issued."""


class WrongDeviceSecretError(InvalidDeviceKeyError):
    """Raised when the key id is known but the secret does not match it."""


class DeviceKeyRevokedError(NotAuthenticatedError):
    """Raised when a device key has been revoked (终端密钥已停用)."""

    code = "DEVICE_KEY_REVOKED"
    message = "终端密钥已停用"


@dataclass(frozen=True)
class NewDeviceKey:
    """A freshly issued key: the plaintext is shown once to the installer; only the hash is kept."""

    key_id: str
    plaintext: str
    secret_hash: str


@dataclass(frozen=True)
class DeviceKeyRecord:
    """A stored device key, bound to one station and its region."""

    key_id: str
    station_id: UUID
    region_code: str
    secret_hash: str
    revoked: bool


class DeviceKeyLookup(Protocol):
    """Where device keys are looked up by key id, on every terminal request."""

    def find(self, key_id: str) -> DeviceKeyRecord | None:
        """The stored key with that id, or None."""
        ...


def hash_secret(secret: str) -> str:
    """The SHA-256 hex digest of a device key's secret."""
    # A plain fast hash is enough: the secret is 256 random bits, so there is nothing to brute-force
    # the way there is with a password, and this check runs on every terminal request.
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def issue_device_key() -> NewDeviceKey:
    """A new random device key with its key id and the hash to store."""
    key_id = secrets.token_hex(8)
    secret = secrets.token_urlsafe(32)
    return NewDeviceKey(key_id=key_id, plaintext=f"{_PREFIX}{key_id}.{secret}", secret_hash=hash_secret(secret))


def authenticate_device(*, plaintext: str, lookup: DeviceKeyLookup) -> Actor:
    """The terminal actor for a presented device key; raises NotAuthenticatedError if it is not valid."""
    match = _PLAINTEXT.fullmatch(plaintext.strip())
    if match is None:
        raise MalformedDeviceKeyError()
    key_id, secret = match.group("key_id"), match.group("secret")
    record = lookup.find(key_id)
    if record is None:
        raise UnknownDeviceKeyError()
    if not hmac.compare_digest(hash_secret(secret), record.secret_hash):
        raise WrongDeviceSecretError()
    # Checked after the secret, so only the key's holder learns that it was revoked.
    if record.revoked:
        raise DeviceKeyRevokedError()
    return Actor(id=record.key_id, role=Role.TERMINAL, region_code=record.region_code, station_id=record.station_id)
