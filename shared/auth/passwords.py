"""Password hashing for people's accounts (argon2id via argon2-cffi)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError


def hash_password(password: str, *, hasher: PasswordHasher | None = None) -> str:
    """The argon2id hash of a password, with production parameters unless a hasher is passed."""
    return (hasher or PasswordHasher()).hash(password)


def verify_password(*, password_hash: str, password: str, hasher: PasswordHasher | None = None) -> bool:
    """True when the password matches the hash; False on a mismatch or an unreadable hash."""
    try:
        return (hasher or PasswordHasher()).verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
