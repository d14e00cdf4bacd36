"""Voters' personal data (姓名、电话): sealed with AES-GCM wherever it travels or is stored, masked for display.

Encrypted rather than only masked because the township must phone the voter back with the answer:
the station and the township hold the key; Kafka, the logs and every read model above the township
see only the ciphertext and the masked form (张*, 138****5678).
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from shared.errors import ValidationFailedError

_NONCE_BYTES = 12
_ASSOCIATED = b"renda:voter-contact:v1"


class UnreadableContactError(ValidationFailedError):
    """Raised when sealed contact data cannot be opened with this key."""

    code = "CONTACT_UNREADABLE"
    message = "联系方式无法解密"


@dataclass(frozen=True)
class Contact:
    """A voter's name and phone, in clear: only ever in memory at the station or township."""

    name: str
    phone: str


def mask_name(name: str) -> str:
    """Keep the surname: 张三丰 → 张**."""
    name = name.strip()
    return name[:1] + "*" * (len(name) - 1) if name else ""


def mask_phone(phone: str) -> str:
    """Keep the first three and last four digits: 13812345678 → 138****5678."""
    digits = phone.strip()
    if len(digits) <= 7:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


def key_id(key: bytes) -> str:
    """A key's public name inside what it sealed: eight hex digits of its SHA-256, never the key itself."""
    return hashlib.sha256(key).hexdigest()[:8]


class ContactSealer:
    """Seals and opens voters' contacts with the keys shared by station and township.

    The first key seals; every key opens what it sealed, found by the key id written in front of the
    ciphertext (`<key id>.<nonce+ciphertext>`). Rotating the key is setting a new first key and keeping the
    old ones after it for as long as contacts sealed with them must still be read (docs/runbook.md).
    Contacts sealed before key ids were written have no prefix; each key is tried on them.
    """

    def __init__(self, key: bytes, *retired: bytes) -> None:
        keys = (key, *retired)
        if any(len(each) != 32 for each in keys):
            raise ValueError("the contact key must be 32 bytes (AES-256)")
        self._current = key_id(key)
        self._keys = {key_id(each): AESGCM(each) for each in keys}

    @classmethod
    def from_setting(cls, encoded: str) -> ContactSealer:
        """From `RENDA_CONTACT_KEY`: the current key, then any retired keys, comma-separated, base64 (URL-safe)."""
        current, *retired = (base64.urlsafe_b64decode(part.strip().encode()) for part in encoded.split(","))
        return cls(current, *retired)

    @property
    def current_key_id(self) -> str:
        return self._current

    def seal(self, contact: Contact) -> str:
        nonce = os.urandom(_NONCE_BYTES)
        plaintext = json.dumps({"n": contact.name, "p": contact.phone}, ensure_ascii=False).encode()
        ciphertext = self._keys[self._current].encrypt(nonce, plaintext, _ASSOCIATED)
        return f"{self._current}.{base64.urlsafe_b64encode(nonce + ciphertext).decode()}"

    def open(self, sealed: str) -> Contact:
        kid, dot, body = sealed.rpartition(".")
        candidates = [self._keys[kid]] if dot and kid in self._keys else [] if dot else list(self._keys.values())
        for aead in candidates:
            try:
                raw = base64.urlsafe_b64decode(body.encode())
                plaintext = aead.decrypt(raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], _ASSOCIATED)
            except (InvalidTag, ValueError):
                continue
            data = json.loads(plaintext)
            return Contact(name=data["n"], phone=data["p"])
        raise UnreadableContactError(field="voter")
