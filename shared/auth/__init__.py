"""Authentication and authorisation shared by every service: roles, actors, tokens, device keys, accounts."""

from __future__ import annotations

from shared.auth.accounts import ACCOUNTS_METADATA, AccountStore, LoginFailedError, SqlAccountStore
from shared.auth.actor import Actor
from shared.auth.dependencies import (
    DEVICE_KEY_HEADER,
    Authenticator,
    CurrentActor,
    LoginRequest,
    TokenRead,
    allow,
    current_actor,
    login_router,
    require_region,
    require_role,
)
from shared.auth.device_keys import (
    DeviceKeyLookup,
    DeviceKeyRecord,
    DeviceKeyRevokedError,
    InvalidDeviceKeyError,
    MalformedDeviceKeyError,
    NewDeviceKey,
    UnknownDeviceKeyError,
    WrongDeviceSecretError,
    authenticate_device,
    hash_secret,
    issue_device_key,
)
from shared.auth.passwords import hash_password, verify_password
from shared.auth.roles import Role
from shared.auth.scopes import require_place, require_station
from shared.auth.tokens import InvalidTokenError, IssuedToken, TokenExpiredError, TokenService

__all__ = [
    "ACCOUNTS_METADATA",
    "DEVICE_KEY_HEADER",
    "AccountStore",
    "Actor",
    "Authenticator",
    "CurrentActor",
    "DeviceKeyLookup",
    "DeviceKeyRecord",
    "DeviceKeyRevokedError",
    "InvalidDeviceKeyError",
    "InvalidTokenError",
    "IssuedToken",
    "LoginFailedError",
    "LoginRequest",
    "MalformedDeviceKeyError",
    "NewDeviceKey",
    "Role",
    "SqlAccountStore",
    "TokenExpiredError",
    "TokenRead",
    "TokenService",
    "UnknownDeviceKeyError",
    "WrongDeviceSecretError",
    "allow",
    "authenticate_device",
    "current_actor",
    "hash_password",
    "hash_secret",
    "issue_device_key",
    "login_router",
    "require_place",
    "require_region",
    "require_role",
    "require_station",
    "verify_password",
]
